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
}

export interface RequestOverheadResult {
  concurrency: number;
  /** Median requests per second over the rounds, per contender. */
  reqPerSec: Record<Contender, number>;
  /** Time per request relative to raw fetch's (>1 is slower): median of the per-round ratios. */
  ratioToRawFetch: Record<Contender, number>;
  rounds: Record<Contender, number[]>;
}

export const contenders = ["client", "openapi-fetch", "raw fetch"] as const;
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
    "raw fetch": async () => {
      const res = await fetch(url, { headers });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      const body = (await res.json()) as { files: unknown[]; base_resp: { status_code: number } };
      if (body.base_resp.status_code !== 0) throw new Error("list failed");
      return body.files;
    },
  };
}

/** Runs `total` calls with `concurrency` in flight; returns elapsed milliseconds. */
async function timeCalls(call: () => Promise<unknown[]>, total: number, concurrency: number, expected: number) {
  let next = 0;
  const worker = async () => {
    while (next < total) {
      next++;
      const files = await call();
      if (files.length !== expected) throw new Error(`expected ${expected} files, got ${files.length}`);
    }
  };
  const start = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  return performance.now() - start;
}

export async function benchRequestOverhead(options: RequestOverheadOptions): Promise<RequestOverheadResult[]> {
  const server = await startServerProcess({ listFiles: options.listFiles, downloadBytes: 0 });
  try {
    const calls = listCalls(server.url);
    const results: RequestOverheadResult[] = [];
    for (const concurrency of options.concurrencies) {
      // Warm-up: JIT, connection pools (keep-alive sockets up to `concurrency`).
      for (const name of contenders) {
        await timeCalls(
          calls[name],
          Math.max(concurrency * 4, options.requestsPerRound / 5),
          concurrency,
          options.listFiles,
        );
      }
      const rounds = { client: [], "openapi-fetch": [], "raw fetch": [] } as Record<Contender, number[]>;
      for (let round = 0; round < options.rounds; round++) {
        for (const name of rotated(contenders, round)) {
          const ms = await timeCalls(calls[name], options.requestsPerRound, concurrency, options.listFiles);
          rounds[name].push((options.requestsPerRound / ms) * 1000);
        }
      }
      const reqPerSec = Object.fromEntries(contenders.map((n) => [n, median(rounds[n])])) as Record<Contender, number>;
      // Paired per round (same minute of a noisy shared machine), then the median of those ratios.
      const ratioToRawFetch = Object.fromEntries(
        contenders.map((n) => [n, median(rounds[n].map((rps, i) => rounds["raw fetch"][i]! / rps))]),
      ) as Record<Contender, number>;
      results.push({ concurrency, reqPerSec, ratioToRawFetch, rounds });
    }
    return results;
  } finally {
    await server.close();
  }
}
