import { execFile } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
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
