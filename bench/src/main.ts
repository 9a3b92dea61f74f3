// `pnpm bench`: every figure of docs/BENCHMARKS.md in one run. BENCH_PIPELINE=light replaces the
// two whole `pnpm test` runs with one package's build (for a machine others are testing on).
// --smoke runs everything at tiny sizes (what bench/test/smoke.test.ts does).
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fullConfig, runBenchmarks, smokeConfig } from "./bench.js";
import { benchDir } from "./paths.js";

const smoke = process.argv.includes("--smoke");
const pipelineMode = process.env.BENCH_PIPELINE === "light" ? "light" : "full";
const started = performance.now();
const results = await runBenchmarks(smoke ? smokeConfig : fullConfig(pipelineMode));
const out = join(benchDir, "reports", smoke ? "bench-smoke.json" : "bench.json");
await mkdir(join(benchDir, "reports"), { recursive: true });
await writeFile(out, `${JSON.stringify({ date: new Date().toISOString(), pipelineMode, ...results }, null, 2)}\n`);
console.log(`\nTotal ${((performance.now() - started) / 1000).toFixed(0)} s; raw figures in ${out}`);
