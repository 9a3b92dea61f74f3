import { execFileSync } from "node:child_process";
import { cpus, loadavg, totalmem } from "node:os";
import { decode } from "./client-decoder.js";
import { benchDecode, type DecodeOptions } from "./decode.js";
import {
  type CommandTiming,
  fullPipeline,
  lightPipeline,
  type TimedCommand,
  timeCommands,
  timeInClone,
} from "./pipeline.js";
import { benchRequestOverhead, contenders, type RequestOverheadOptions } from "./requests.js";
import { measureColdImport, measureSize, ownCodeBytes, sizeBreakdown } from "./size.js";
import { fixed, MiB, table } from "./stats.js";
import { issueTargets } from "./targets.js";
import { benchTransfers, type TransferOptions, transferDirectory } from "./transfers.js";

export interface BenchConfig {
  requests: RequestOverheadOptions;
  transfers: TransferOptions;
  decode: DecodeOptions;
  coldImportRuns: number;
  pipeline: TimedCommand[];
  /** Run the pipeline commands in a fresh clone of HEAD (the real run) or in place (smoke). */
  pipelineInClone: boolean;
  /** Only these sections (`pnpm bench --only requests,decode`); default all. */
  only?: Section[];
}

export const sections = ["requests", "transfers", "decode", "size", "pipeline"] as const;
export type Section = (typeof sections)[number];

export const fullConfig = (pipeline: "full" | "light"): BenchConfig => ({
  requests: { listFiles: 100, requestsPerRound: 200, rounds: 15, concurrencies: [1, 16], warmUpCalls: 1000 },
  transfers: { bytes: 1024 * MiB, rounds: 3 },
  decode: { files: 10_000, rounds: 7, iterationsPerRound: 10 },
  coldImportRuns: 10,
  pipeline: pipeline === "full" ? fullPipeline : lightPipeline,
  pipelineInClone: true,
});

/** Tiny sizes: proves every benchmark still runs and yields finite figures; its timings mean nothing. */
export const smokeConfig: BenchConfig = {
  requests: { listFiles: 100, requestsPerRound: 16, rounds: 5, concurrencies: [1, 16], warmUpCalls: 16 },
  transfers: { bytes: 3 * MiB + 5, rounds: 1 },
  decode: { files: 200, rounds: 3, iterationsPerRound: 2 },
  coldImportRuns: 2,
  pipeline: [
    { label: "node --version (first)", command: process.execPath, args: ["--version"] },
    { label: "node --version (second)", command: process.execPath, args: ["--version"] },
  ],
  pipelineInClone: false,
};

export async function runBenchmarks(config: BenchConfig, log: (text: string) => void = console.log) {
  const cpu = cpus()[0]?.model ?? "unknown";
  const machine = {
    nproc: cpus().length,
    cpu,
    memoryGiB: Math.round(totalmem() / 1024 ** 3),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    loadAverageAtStart: loadavg().map((l) => Number(l.toFixed(2))),
    commit: execFileSync("git", ["rev-parse", "--short", "HEAD"], { encoding: "utf8" }).trim(),
  };
  log(
    `machine: ${machine.nproc} cores, ${machine.cpu}, ${machine.memoryGiB} GiB, Node ${machine.node}, ${machine.platform}; ` +
      `load average at start ${machine.loadAverageAtStart.join(" ")}; commit ${machine.commit}\n`,
  );

  log(`## 1. Request overhead: list of ${config.requests.listFiles} files`);
  log(
    `   ${config.requests.warmUpCalls} warm-up calls each, then ${config.requests.requestsPerRound} requests per round, ` +
      `${config.requests.rounds} rounds in rotating order; ` +
      "req/s: median of rounds; ratios: median of per-round ratios; CPU: this process's user+system time",
  );
  const runs = (section: Section) => !config.only || config.only.includes(section);
  const requests = runs("requests") ? await benchRequestOverhead(config.requests) : [];
  const vsRaw = contenders.slice(0, 3);
  log(
    table([
      [
        "in flight",
        ...contenders.map((c) => `${c} req/s`),
        ...vsRaw.map((c) => `${c} / raw time`),
        ...contenders.map((c) => `${c} CPU µs/req`),
        ...vsRaw.map((c) => `${c} / raw CPU`),
      ],
      ...requests.map((r) => [
        String(r.concurrency),
        ...contenders.map((c) => fixed(r.reqPerSec[c], 0)),
        ...vsRaw.map((c) => `${fixed(r.ratioToRawFetch[c])}×`),
        ...contenders.map((c) => fixed(r.cpuMicrosPerRequest[c], 0)),
        ...vsRaw.map((c) => `${fixed(r.cpuRatioToRawFetch[c])}×`),
      ]),
    ]),
  );

  log(`\n## 2. Large files: ${fixed(config.transfers.bytes / MiB, 0)} MiB, fresh process per transfer`);
  log(
    `   median throughput of ${config.transfers.rounds} rounds, largest peak RSS growth; files in ${transferDirectory()}`,
  );
  const transfers = runs("transfers") ? await benchTransfers(config.transfers) : [];
  log(
    table([
      ["transfer", "MiB/s", "vs raw fetch stream", "CPU vs raw fetch stream", "peak RSS growth MiB", "peak from"],
      ...transfers.map((t) => [
        t.mode,
        fixed(t.throughput, 0),
        `${fixed(t.ratioToRawFetch)}×`,
        `${fixed(t.cpuRatioToRawFetch)}×`,
        fixed(t.peakGrowth / MiB, 1),
        t.peakSource,
      ]),
    ]),
  );

  log(`\n## 3. Decoding a ${config.decode.files}-file list`);
  const decoding = runs("decode") ? benchDecode(decode, config.decode) : [];
  log(
    table([
      ["decoder", "ms per list", "vs JSON.parse"],
      ...decoding.map((d) => [d.name, fixed(d.ms, 3), `${fixed(d.ratioToJsonParse)}×`]),
    ]),
  );

  log("\n## 4. Size and start-up");
  const size = runs("size") ? await measureSize() : { checks: [], exitCode: 0 };
  const breakdown = runs("size") ? await sizeBreakdown() : [];
  const coldImport = runs("size") ? await measureColdImport(config.coldImportRuns) : undefined;
  log(
    table([
      ["figure", "value"],
      ...size.checks.map((c) => [
        `${c.name}`,
        `${c.size} B (budget ${c.limit} B, ${c.passed ? "within" : "EXCEEDED"})`,
      ]),
      ...(coldImport
        ? [
            [`cold import, median of ${coldImport.runs} fresh processes`, `${fixed(coldImport.importMs, 1)} ms`],
            ["process wall time added by the import", `${fixed(coldImport.processOverheadMs, 1)} ms`],
          ]
        : []),
    ]),
  );
  if (breakdown.length > 0) {
    log("\n   Where the root entry's bytes are (src/ bundled alike; dependencies exact, files their share, ±50 B):");
    log(
      table([
        ["part", "~B min+gz"],
        ...breakdown.map((p) => [p.part, `${p.bytes}${p.exact ? " (exact)" : ""}`]),
        ["the runtime's own code (all but the dependencies)", `${ownCodeBytes(breakdown)}`],
      ]),
    );
  }

  log("\n## 5. Generation and cached test run");
  let pipeline: CommandTiming[] = [];
  if (config.pipeline.length === 0 || !runs("pipeline")) {
    log("   not timed in this run (see the first run)");
  } else {
    if (config.pipelineInClone) log("   in a fresh clone of HEAD under os.tmpdir(), removed afterwards");
    pipeline = config.pipelineInClone ? await timeInClone(config.pipeline) : await timeCommands(config.pipeline);
    log(
      table([
        ["command", "seconds", "exit", "turbo cache"],
        ...pipeline.map((p) => [p.label, fixed(p.ms / 1000), String(p.exitCode), p.turboCached ?? ""]),
      ]),
    );
  }

  const targets = issueTargets({ requests, transfers, decoding, size, breakdown, coldImport });
  const loadAverageAtEnd = loadavg().map((l) => Number(l.toFixed(2)));
  log(`\nload average at end ${loadAverageAtEnd.join(" ")} (other work on the machine skews every figure)`);
  log("\n## Targets");
  log(
    table([
      ["target", "measured", "met"],
      ...targets.map((t) => [t.target, `${fixed(t.value, t.digits)}${t.unit}${t.detail ?? ""}`, t.met ? "yes" : "NO"]),
    ]),
  );

  return {
    machine: { ...machine, loadAverageAtEnd },
    requests,
    transfers,
    decoding,
    size,
    breakdown,
    coldImport,
    pipeline,
    targets,
  };
}
