/**
 * The scratch project: the published packages packed with `pnpm pack` (as `pnpm publish` would),
 * installed with npm into a project under the OS temp directory, outside the workspace, so nothing
 * resolves through workspace links. The consumer sources are copied in and compiled there.
 */
import { cp, mkdir, mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build } from "esbuild";
import { consumerDir, packageDir, published, repoRoot } from "./paths.js";
import { describeRun, run } from "./run.js";

export interface Scratch {
  root: string;
  /** The consumer project, with node_modules installed from the tarballs. */
  app: string;
  /** Tarball path by package name. */
  tarballs: Record<string, string>;
}

async function pack(destination: string): Promise<Record<string, string>> {
  const tarballs: Record<string, string> = {};
  for (const { dir, name } of published) {
    const before = new Set(await readdir(destination));
    const packed = await run("pnpm", ["pack", "--pack-destination", destination], {
      cwd: join(repoRoot, "packages", dir),
    });
    if (packed.code !== 0) throw new Error(`pnpm pack ${name} failed: ${describeRun(packed)}`);
    const added = (await readdir(destination)).filter((file) => !before.has(file));
    if (added.length !== 1) throw new Error(`pnpm pack ${name} made ${added.join(", ") || "nothing"}`);
    tarballs[name] = join(destination, added[0]!);
  }
  return tarballs;
}

async function typesNodeVersion(): Promise<string> {
  const manifest = JSON.parse(await readFile(join(packageDir, "node_modules/@types/node/package.json"), "utf8"));
  return manifest.version as string;
}

export async function createScratch(): Promise<Scratch> {
  const root = await mkdtemp(join(tmpdir(), "minimax-files-consumers-"));
  const tarballDir = join(root, "tarballs");
  const app = join(root, "app");
  await mkdir(tarballDir);
  await mkdir(app);
  const tarballs = await pack(tarballDir);

  const dependencies = Object.fromEntries(Object.entries(tarballs).map(([name, file]) => [name, `file:${file}`]));
  // The packages depend on each other by version range; these names are not on the registry, so
  // every reference resolves to the direct (tarball) dependency of the same name.
  const overrides = Object.fromEntries(Object.keys(tarballs).map((name) => [name, `$${name}`]));
  await writeFile(
    join(app, "package.json"),
    `${JSON.stringify(
      {
        name: "minimax-files-consumer-app",
        private: true,
        type: "module",
        dependencies,
        devDependencies: { "@types/node": await typesNodeVersion() },
        overrides,
      },
      null,
      2,
    )}\n`,
  );
  const installed = await run(
    "npm",
    ["install", "--prefer-offline", "--no-audit", "--no-fund", "--ignore-scripts", "--loglevel=error"],
    { cwd: app, timeoutMs: 300_000 },
  );
  if (installed.code !== 0) throw new Error(`npm install in ${app} failed: ${describeRun(installed)}`);

  await cp(consumerDir, join(app, "src"), { recursive: true });
  await compile(app);
  return { root, app, tarballs };
}

/** ESM and CommonJS builds of the runner, with the packages left as imports to resolve at run time. */
async function compile(app: string): Promise<void> {
  const common = {
    absWorkingDir: app,
    bundle: true,
    packages: "external",
    platform: "node",
    target: "es2022",
  } as const;
  await build({ ...common, entryPoints: ["src/run.ts"], format: "esm", outfile: "dist/run.mjs" });
  await build({ ...common, entryPoints: ["src/run.ts"], format: "cjs", outfile: "cjs/run.cjs" });
  await build({ ...common, entryPoints: ["src/with-files.ts"], format: "cjs", outfile: "cjs/with-files.cjs" });
  // The browser entry with the packages left as imports, for Vite and webpack to resolve (they
  // would need a TypeScript loader for the source).
  await build({
    ...common,
    entryPoints: ["src/browser.ts"],
    format: "esm",
    platform: "neutral",
    outfile: "web-src/browser.mjs",
  });
  await cp(join(app, "src/jest"), join(app, "jest"), { recursive: true });
}
