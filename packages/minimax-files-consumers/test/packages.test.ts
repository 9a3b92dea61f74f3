// What a consumer gets from the tarballs: types that compile under strict TypeScript in both module
// resolutions, attw's default profile (node10, node16 CJS and ESM, bundler), licence, README, ranges.
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { expect, inject, it } from "vitest";
import { published, toolBin } from "../src/paths.js";
import { describeRun, run } from "../src/run.js";

const { app, tarballs } = inject("scratch");
const tsc = toolBin("typescript", "bin/tsc");
// skipLibCheck is off so the packages' own .d.ts/.d.cts are checked too; that also checks the libs,
// which takes a while on two busy cores.
const TSC_TIMEOUT_MS = 300_000;

async function typecheck(name: string, compilerOptions: object, include: string[]) {
  const config = join(app, `tsconfig.${name}.json`);
  const strict = { strict: true, noEmit: true, skipLibCheck: false, target: "es2022", noUncheckedIndexedAccess: true };
  await writeFile(config, JSON.stringify({ compilerOptions: { ...strict, ...compilerOptions }, include }, null, 2));
  return run(process.execPath, [tsc, "-p", config, "--pretty", "false"], { cwd: app, timeoutMs: TSC_TIMEOUT_MS });
}

it(
  "strict tsc, module nodenext: the round trip (ESM) and a CommonJS .cts consumer compile",
  async () => {
    const ran = await typecheck(
      "nodenext",
      { module: "nodenext", moduleResolution: "nodenext", lib: ["es2023"], types: ["node"] },
      ["src/round-trip.ts", "src/with-files.ts", "src/run.ts", "src/require.cts"],
    );
    expect(ran.code, describeRun(ran)).toBe(0);
  },
  TSC_TIMEOUT_MS,
);

it(
  "strict tsc, moduleResolution bundler with the DOM lib and no @types/node: the browser entry compiles",
  async () => {
    const ran = await typecheck(
      "bundler",
      { module: "esnext", moduleResolution: "bundler", lib: ["es2023", "dom", "dom.iterable"], types: [] },
      ["src/round-trip.ts", "src/browser.ts"],
    );
    expect(ran.code, describeRun(ran)).toBe(0);
  },
  TSC_TIMEOUT_MS,
);

it.each(["@org/minimax-files", "@org/minimax-files-types", "@org/minimax-files-testing"])(
  "attw, default profile: %s resolves in node10, node16 (CJS and ESM) and bundler",
  async (name) => {
    const ran = await run(process.execPath, [toolBin("@arethetypeswrong/cli", "dist/index.js"), tarballs[name]!], {
      cwd: app,
      env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" },
    });
    expect(ran.code, describeRun(ran)).toBe(0);
    expect(ran.stdout).toContain("No problems found");
  },
);

it.each(published.map(({ name }) => name))(
  "%s ships LICENSE (MIT) and README, and asks for caret ranges of its dependencies",
  async (name) => {
    const dir = join(app, "node_modules", name);
    expect(await readFile(join(dir, "LICENSE"), "utf8")).toMatch(/^MIT License\n\nCopyright \(c\) 2026 org\n/);
    expect((await readFile(join(dir, "README.md"), "utf8")).startsWith(`# ${name}\n`)).toBe(true);
    const manifest = JSON.parse(await readFile(join(dir, "package.json"), "utf8"));
    expect(manifest.license).toBe("MIT");
    for (const [dependency, range] of Object.entries(manifest.dependencies ?? {})) {
      expect(range, `${name} → ${dependency}`).toMatch(/^\^\d+\.\d+\.\d+$/);
    }
  },
);
