// `pnpm bench`: every figure of docs/BENCHMARKS.md in one run. BENCH_PIPELINE=light replaces the
// two whole `pnpm test` runs with one package's build (for a machine others are testing on).
// --smoke runs everything at tiny sizes (what bench/test/smoke.test.ts does).
// --runs N repeats the run N times and ends with each target's median and range over the runs;
// the pipeline section (cache behaviour, not a ratio) is timed in the first run only.
// --only requests,transfers,decode,size,pipeline runs just those sections.
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { fullConfig, runBenchmarks, type Section, sections, smokeConfig } from "./bench.js";
import { benchDir } from "./paths.js";
import { summarizeRuns } from "./summary.js";

const { values } = parseArgs({
  options: { smoke: { type: "boolean" }, runs: { type: "string", default: "1" }, only: { type: "string" } },
});
const only = values.only?.split(",") as Section[] | undefined;
const unknown = only?.filter((section) => !sections.includes(section));
if (unknown?.length) throw new Error(`--only takes ${sections.join(", ")}; got ${unknown.join(", ")}`);
const runCount = Number(values.runs);
if (!Number.isInteger(runCount) || runCount < 1)
  throw new Error(`--runs must be a positive integer, got ${values.runs}`);
const pipelineMode = process.env.BENCH_PIPELINE === "light" ? "light" : "full";
const config = { ...(values.smoke ? smokeConfig : fullConfig(pipelineMode)), only };
const started = performance.now();
const runs = [];
for (let run = 0; run < runCount; run++) {
  if (runCount > 1) console.log(`\n# Run ${run + 1} of ${runCount}\n`);
  runs.push(await runBenchmarks(run === 0 ? config : { ...config, pipeline: [] }));
}
if (runCount > 1) console.log(`\n# Over ${runCount} runs\n\n${summarizeRuns(runs.map((r) => r.targets))}`);
const out = join(benchDir, "reports", values.smoke ? "bench-smoke.json" : "bench.json");
await mkdir(join(benchDir, "reports"), { recursive: true });
const report = runCount > 1 ? { runs } : runs[0];
await writeFile(out, `${JSON.stringify({ date: new Date().toISOString(), pipelineMode, ...report }, null, 2)}\n`);
console.log(`\nTotal ${((performance.now() - started) / 1000).toFixed(0)} s; raw figures in ${out}`);
