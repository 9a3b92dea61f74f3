import { execFile } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join, relative } from "node:path";
import { promisify } from "node:util";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { benchDir } from "./paths.js";
import { median } from "./stats.js";

const run = promisify(execFile);

export interface SizeCheck {
  name: string;
  /** Bytes, minified and gzipped, with dependencies. */
  size: number;
  /** Budget in bytes from .size-limit.js. */
  limit: number;
  passed: boolean;
}

/** Runs size-limit with bench/.size-limit.js (the same check `pnpm test` enforces). */
export async function measureSize(): Promise<{ checks: SizeCheck[]; exitCode: number }> {
  const bin = join(dirname(createRequire(`${benchDir}/package.json`).resolve("size-limit/package.json")), "bin.js");
  let stdout: string;
  let exitCode = 0;
  try {
    ({ stdout } = await run(process.execPath, [bin, "--json"], { cwd: benchDir }));
  } catch (error) {
    const failed = error as { stdout?: string; code?: number };
    stdout = failed.stdout ?? "[]";
    exitCode = failed.code ?? 1;
  }
  const parsed = JSON.parse(stdout) as { name: string; size: number; sizeLimit?: number; passed: boolean }[];
  return {
    checks: parsed.map((c) => ({ name: c.name, size: c.size, limit: c.sizeLimit ?? Number.NaN, passed: c.passed })),
    exitCode,
  };
}

export interface SizePart {
  /** A source file of the runtime, or a dependency package. */
  part: string;
  /** Its share of the root entry, min+gz. */
  bytes: number;
  /** Measured by leaving the package out of the bundle (dependencies), not estimated from its share. */
  exact: boolean;
}

const runtimeDir = join(benchDir, "..", "packages", "minimax-files");
/** The dependencies whose bytes are measured by leaving them out. */
const dependencies = ["openapi-fetch", "@org/minimax-files-types"];

async function bundle(external: string[] = []) {
  const result = await build({
    entryPoints: [join(runtimeDir, "src", "index.ts")],
    bundle: true,
    minify: true,
    format: "esm",
    platform: "node",
    external,
    metafile: true,
    write: false,
    logLevel: "silent",
    absWorkingDir: runtimeDir,
  });
  const output = result.outputFiles[0]!;
  const gzipped = gzipSync(output.contents).byteLength;
  const inputs = Object.values(result.metafile.outputs)[0]!.inputs;
  return { gzipped, minified: output.contents.byteLength, inputs };
}

/**
 * Where the root entry's bytes are: src/ bundled as .size-limit.js bundles dist/ (esbuild, minified,
 * Node built-ins external). Each dependency's bytes are exact: the bundle built again without it.
 * Each runtime file's are its share of the minified output applied to what is left of the gzipped
 * size, within about ±50 B, since gzip folds some text more than other.
 */
export async function sizeBreakdown(): Promise<SizePart[]> {
  const whole = await bundle();
  const parts: SizePart[] = [];
  for (const name of dependencies) {
    parts.push({ part: name, bytes: whole.gzipped - (await bundle([name])).gzipped, exact: true });
  }
  const own = await bundle(dependencies);
  const ownMinified = new Map<string, number>();
  for (const [path, { bytesInOutput }] of Object.entries(own.inputs)) {
    const file = relative("src", path);
    const part = file.startsWith("..") ? "bundler glue" : file;
    ownMinified.set(part, (ownMinified.get(part) ?? 0) + bytesInOutput);
  }
  const glue = own.minified - [...ownMinified.values()].reduce((a, b) => a + b, 0);
  ownMinified.set("export list and bundler glue", (ownMinified.get("bundler glue") ?? 0) + glue);
  ownMinified.delete("bundler glue");
  for (const [part, minified] of ownMinified) {
    parts.push({ part, bytes: Math.round((minified / own.minified) * own.gzipped), exact: false });
  }
  return parts.sort((a, b) => b.bytes - a.bytes);
}

/** What the runtime's own source adds, the dependencies left out. */
export function ownCodeBytes(parts: SizePart[]): number {
  return parts.filter((p) => !p.exact).reduce((sum, p) => sum + p.bytes, 0);
}

export interface ColdImport {
  /** Median ms of `await import("@org/minimax-files")` in a fresh process. */
  importMs: number;
  /** Median wall time of `node -e 'import(...)'` minus that of an empty `node -e ''`. */
  processOverheadMs: number;
  runs: number;
}

async function wallMs(args: string[]) {
  const start = performance.now();
  const { stdout } = await run(process.execPath, args, { cwd: benchDir });
  return { ms: performance.now() - start, stdout };
}

/** Cold import in fresh plain-node processes (no tsx), alternating with an empty process. */
export async function measureColdImport(runs: number): Promise<ColdImport> {
  const importScript =
    "const t = performance.now(); await import('@org/minimax-files'); console.log(performance.now() - t);";
  const imports: number[] = [];
  const withImport: number[] = [];
  const empty: number[] = [];
  for (let i = 0; i < runs; i++) {
    const a = await wallMs(["--input-type=module", "-e", importScript]);
    imports.push(Number(a.stdout.trim()));
    withImport.push(a.ms);
    empty.push((await wallMs(["--input-type=module", "-e", ""])).ms);
  }
  return { importMs: median(imports), processOverheadMs: median(withImport) - median(empty), runs };
}
