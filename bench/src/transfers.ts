import { createWriteStream, existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pipeline } from "node:stream/promises";
import { runScriptForJson } from "./child.js";
import { patternChunk } from "./loopback-server.js";
import { startServerProcess } from "./server-process.js";
import { MiB, median, rotated } from "./stats.js";
import type { TransferArgs, TransferMode, TransferResult } from "./transfer-run.js";

export interface TransferOptions {
  bytes: number;
  rounds: number;
}

export interface TransferSummary {
  mode: TransferMode;
  /** Median MiB/s over the rounds. */
  throughput: number;
  /** Throughput relative to raw fetch streaming the same direction (<1 is slower): median of per-round ratios. */
  ratioToRawFetch: number;
  /** CPU time per byte relative to raw fetch's (>1 costs more): median of per-round ratios. */
  cpuRatioToRawFetch: number;
  /** Largest peak RSS growth over the rounds, bytes. */
  peakGrowth: number;
  peakSource: TransferResult["peakSource"];
  runs: TransferResult[];
}

const uploadModes: TransferMode[] = [
  "upload:client",
  "upload:fetch-stream",
  "upload:fetch-stream-redirect-follow",
  "upload:fetch-formdata-openAsBlob",
];
const downloadModes: TransferMode[] = ["download:client", "download:fetch-stream"];

async function writeSource(path: string, bytes: number) {
  async function* chunks() {
    for (let left = bytes; left > 0; left -= patternChunk.length) {
      yield left >= patternChunk.length ? patternChunk : patternChunk.subarray(0, left);
    }
  }
  await pipeline(chunks, createWriteStream(path));
}

/**
 * Where the 1 GiB files go: a tmpfs when there is one. On the disk, the state earlier transfers
 * leave (dirty pages, writeback) moved the same build's download between 0.93x and 1.37x raw fetch
 * from one run to the next; on /dev/shm it measured 1.07-1.33x (docs/BENCHMARKS.md).
 * BENCH_TRANSFER_DIR chooses another folder (a disk, to see that).
 */
export function transferDirectory(): string {
  return process.env.BENCH_TRANSFER_DIR ?? (existsSync("/dev/shm") ? "/dev/shm" : tmpdir());
}

export async function benchTransfers(options: TransferOptions): Promise<TransferSummary[]> {
  const dir = await mkdtemp(join(transferDirectory(), "minimax-files-bench-"));
  const server = await startServerProcess({ listFiles: 1, downloadBytes: options.bytes });
  try {
    const source = join(dir, "upload.mp4");
    await writeSource(source, options.bytes);
    const runs = new Map<TransferMode, TransferResult[]>();
    const run = async (mode: TransferMode, path: string) => {
      const args: TransferArgs = { mode, url: server.url, path, bytes: options.bytes };
      const result = await runScriptForJson<TransferResult>(
        "./transfer-child.ts",
        [JSON.stringify(args)],
        ["--expose-gc"],
      );
      runs.set(mode, [...(runs.get(mode) ?? []), result]);
    };
    for (let round = 0; round < options.rounds; round++) {
      for (const mode of rotated(uploadModes, round)) await run(mode, source);
      for (const mode of rotated(downloadModes, round)) {
        const destination = join(dir, `download-${round}.bin`);
        await run(mode, destination);
        await rm(destination, { force: true });
      }
    }
    const mibPerSecond = (mode: TransferMode) => runs.get(mode)!.map((r) => r.bytes / MiB / (r.ms / 1000));
    const cpuPerByte = (mode: TransferMode) => runs.get(mode)!.map((r) => r.cpuMs / r.bytes);
    return [...uploadModes, ...downloadModes].map((mode) => {
      const rawMode = mode.startsWith("upload:") ? "upload:fetch-stream" : "download:fetch-stream";
      const raw = mibPerSecond(rawMode);
      const rawCpu = cpuPerByte(rawMode);
      const modeRuns = runs.get(mode)!;
      return {
        mode,
        throughput: median(mibPerSecond(mode)),
        // Paired per round (the two ran seconds apart), then the median.
        ratioToRawFetch: median(mibPerSecond(mode).map((speed, i) => speed / raw[i]!)),
        cpuRatioToRawFetch: median(cpuPerByte(mode).map((cpu, i) => cpu / rawCpu[i]!)),
        peakGrowth: Math.max(...modeRuns.map((r) => r.peakGrowth)),
        peakSource: modeRuns.every((r) => r.peakSource === "VmHWM") ? "VmHWM" : "sampled",
        runs: modeRuns,
      };
    });
  } finally {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  }
}
