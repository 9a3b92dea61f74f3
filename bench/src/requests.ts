import { createMiniMaxFiles } from "@org/minimax-files";
import type { paths } from "@org/minimax-files-types";
import createClient from "openapi-fetch";
import { startServerProcess } from "./server-process.js";
import { median, rotated } from "./stats.js";

export interface RequestOverheadOptions {
  listFiles: number;
  requestsPerRound: number;
  rounds: number;
  concurrencies: number[];
  /** Calls per contender before the rounds, at each concurrency. */
  warmUpCalls: number;
}

export interface RequestOverheadResult {
  concurrency: number;
  /** Median requests per second over the rounds, per contender. */
  reqPerSec: Record<Contender, number>;
  /** Time per request relative to raw fetch's (>1 is slower): median of the per-round ratios. */
  ratioToRawFetch: Record<Contender, number>;
  /** Median CPU time (user + system) of this process per request, µs: less sensitive to other load. */
  cpuMicrosPerRequest: Record<Contender, number>;
  /** CPU per request relative to raw fetch's: median of the per-round ratios. */
  cpuRatioToRawFetch: Record<Contender, number>;
  /** Requests per second of each round. */
  rounds: Record<Contender, number[]>;
  /** CPU µs per request of each round. */
  cpuRounds: Record<Contender, number[]>;
}

// "raw fetch + timeout" is raw fetch plus what any client with an abortable per-attempt timeout
// must add (an AbortController whose signal fetch listens to, and a timer): the floor for the client.
export const contenders = ["client", "openapi-fetch", "raw fetch + timeout", "raw fetch"] as const;
export type Contender = (typeof contenders)[number];

const apiKey = "bench-key";
const purpose = "t2a_async_input" as const;

/** One list call per contender, each doing the same work: send, parse, check base_resp, return the files. */
function listCalls(baseUrl: string): Record<Contender, () => Promise<unknown[]>> {
  const client = createMiniMaxFiles({ apiKey, baseUrl });
  const api = createClient<paths>({ baseUrl, headers: { Authorization: `Bearer ${apiKey}` } });
  const url = `${baseUrl}/v1/files/list?purpose=${purpose}`;
  const headers = { Authorization: `Bearer ${apiKey}` };
  return {
    client: () => client.list({ purpose }),
    "openapi-fetch": async () => {
      const { data, error } = await api.GET("/v1/files/list", { params: { query: { purpose } } });
      if (error !== undefined || data?.base_resp?.status_code !== 0) throw new Error("list failed");
      return data.files ?? [];
    },
    "raw fetch + timeout": async () => {
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(), 60_000);
      try {
        const res = await fetch(url, { headers, signal: controller.signal });
        if (!res.ok) throw new Error(`HTTP ${res.status}`);
        const body = (await res.json()) as { files: unknown[]; base_resp: { status_code: number } };
        if (body.base_resp.status_code !== 0) throw new Error("list failed");
        return body.files;
      } finally {
        clearTimeout(timer);
      }
    },
    "raw fetch": async () => {
      const res = await fetch(url, { headers });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      const body = (await res.json()) as { files: unknown[]; base_resp: { status_code: number } };
      if (body.base_resp.status_code !== 0) throw new Error("list failed");
      return body.files;
    },
  };
}

/** Runs `total` calls with `concurrency` in flight; returns elapsed and CPU milliseconds. */
async function timeCalls(call: () => Promise<unknown[]>, total: number, concurrency: number, expected: number) {
  let next = 0;
  const worker = async () => {
    while (next < total) {
      next++;
      const files = await call();
      if (files.length !== expected) throw new Error(`expected ${expected} files, got ${files.length}`);
    }
  };
  const cpu = process.cpuUsage();
  const start = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const ms = performance.now() - start;
  const { user, system } = process.cpuUsage(cpu);
  return { ms, cpuMs: (user + system) / 1000 };
}

const perContenderList = () =>
  Object.fromEntries(contenders.map((n): [Contender, number[]] => [n, []])) as Record<Contender, number[]>;
const perContender = (value: (name: Contender) => number) =>
  Object.fromEntries(contenders.map((n) => [n, value(n)])) as Record<Contender, number>;
/** Median of the per-round ratios to raw fetch: paired within a round, so slow minutes cancel out. */
const pairedRatio = (rounds: Record<Contender, number[]>, name: Contender) =>
  median(rounds[name].map((value, i) => value / rounds["raw fetch"][i]!));

export async function benchRequestOverhead(options: RequestOverheadOptions): Promise<RequestOverheadResult[]> {
  const server = await startServerProcess({ listFiles: options.listFiles, downloadBytes: 0 });
  try {
    const calls = listCalls(server.url);
    const results: RequestOverheadResult[] = [];
    for (const concurrency of options.concurrencies) {
      // Warm-up: connection pools (keep-alive sockets up to `concurrency`) and the JIT. Each
      // contender gets enough calls for its code to be optimized before it is timed; 40-64 left
      // part of that to the first rounds (docs/BENCHMARKS.md, third pass).
      for (const name of contenders) {
        await timeCalls(calls[name], Math.max(concurrency * 4, options.warmUpCalls), concurrency, options.listFiles);
      }
      const rounds = perContenderList();
      const cpuRounds = perContenderList();
      for (let round = 0; round < options.rounds; round++) {
        for (const name of rotated(contenders, round)) {
          const { ms, cpuMs } = await timeCalls(calls[name], options.requestsPerRound, concurrency, options.listFiles);
          rounds[name].push((options.requestsPerRound / ms) * 1000);
          cpuRounds[name].push((cpuMs * 1000) / options.requestsPerRound);
        }
      }
      const msPerRequest = Object.fromEntries(contenders.map((n) => [n, rounds[n].map((rps) => 1 / rps)])) as Record<
        Contender,
        number[]
      >;
      const reqPerSec = perContender((n) => median(rounds[n]));
      const ratioToRawFetch = perContender((n) => pairedRatio(msPerRequest, n));
      const cpuMicrosPerRequest = perContender((n) => median(cpuRounds[n]));
      const cpuRatioToRawFetch = perContender((n) => pairedRatio(cpuRounds, n));
      results.push({
        concurrency,
        reqPerSec,
        ratioToRawFetch,
        cpuMicrosPerRequest,
        cpuRatioToRawFetch,
        rounds,
        cpuRounds,
      });
    }
    return results;
  } finally {
    await server.close();
  }
}
