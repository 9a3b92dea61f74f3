// `pnpm --filter @org/minimax-files-bench cpu-profile [contender] [calls]`: a CPU profile of `list`
// calls (100 files, 1 in flight) against the loopback server (contenders client, openapi-fetch, raw,
// raw+timeout),
// or of the exact-id decoder on section 3's 10,000-file lists (decode:number, decode:string on safe
// ids; decode:unsafe-string, decode:unsafe-bigint on ids above 2^53), summarised as the functions
// with the most self time and the runtime's own lines with the most, so "where the time goes" can be
// quoted rather than guessed. Builtins (JSON.parse, String#replace, BigInt) have no frame of their
// own: their time is their calling line's. The whole profile is written to
// reports/<contender>.cpuprofile (open it in Chrome DevTools).
import { readFile, writeFile } from "node:fs/promises";
import { Session } from "node:inspector/promises";
import { join } from "node:path";
import { createMiniMaxFiles, parseMiniMaxJson } from "@org/minimax-files";
import type { paths } from "@org/minimax-files-types";
import createClient from "openapi-fetch";
import { listBody } from "./loopback-server.js";
import { benchDir } from "./paths.js";
import { startServerProcess } from "./server-process.js";
import { table } from "./stats.js";

const contender = process.argv[2] ?? "client";
const calls = Number(process.argv[3] ?? (contender.startsWith("decode:") ? 400 : 4000));
const server = await startServerProcess({ listFiles: 100, downloadBytes: 0 });
const headers = { Authorization: "Bearer bench-key" };
const client = createMiniMaxFiles({ apiKey: "bench-key", baseUrl: server.url });
const api = createClient<paths>({ baseUrl: server.url, headers });
const url = `${server.url}/v1/files/list?purpose=t2a_async_input`;
const safeList = listBody(10_000);
const unsafeList = listBody(10_000, true);
const decoding = (text: string, ids: "number" | "string" | "bigint") => async () => parseMiniMaxJson(text, ids);
const runs: Record<string, () => Promise<unknown>> = {
  client: () => client.list({ purpose: "t2a_async_input" }),
  "openapi-fetch": () => api.GET("/v1/files/list", { params: { query: { purpose: "t2a_async_input" } } }),
  raw: async () => (await fetch(url, { headers })).json(),
  // What any abortable per-attempt timeout adds to raw fetch (requests.ts's "raw fetch + timeout").
  "raw+timeout": async () => {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), 60_000);
    try {
      return await (await fetch(url, { headers, signal: controller.signal })).json();
    } finally {
      clearTimeout(timer);
    }
  },
  "decode:number": decoding(safeList, "number"),
  "decode:string": decoding(safeList, "string"),
  "decode:unsafe-string": decoding(unsafeList, "string"),
  "decode:unsafe-bigint": decoding(unsafeList, "bigint"),
};
const run = runs[contender];
if (!run) throw new Error(`contender must be one of ${Object.keys(runs).join(", ")}`);

for (let i = 0; i < Math.min(500, calls); i++) await run();
const session = new Session();
session.connect();
await session.post("Profiler.enable");
await session.post("Profiler.start");
for (let i = 0; i < calls; i++) await run();
const { profile } = await session.post("Profiler.stop");
session.disconnect();
await server.close();
await writeFile(join(benchDir, "reports", `${contender}.cpuprofile`), JSON.stringify(profile));

// Self time per function: each sample lands on one node; time deltas are per sample.
const selfMicros = new Map<string, number>();
const byOwner = new Map<string, number>();
const ownerOf = (url: string, name: string) => {
  if (!url) return name.startsWith("(") ? name : "native (V8, Node C++)";
  if (url.includes("minimax-files/dist") || url.includes("minimax-files/src")) return "@org/minimax-files";
  if (url.includes("minimax-files-types")) return "@org/minimax-files-types";
  if (url.includes("openapi-fetch")) return "openapi-fetch";
  if (url.includes("undici")) return "undici (fetch)";
  if (url.startsWith("node:")) return "Node internals";
  return "bench script, other";
};
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const deltas = profile.timeDeltas ?? [];
let total = 0;
(profile.samples ?? []).forEach((id, i) => {
  const frame = byId.get(id)!.callFrame;
  const file = frame.url.replace(/^.*\/(node_modules\/\.pnpm\/[^/]+\/node_modules\/|packages\/)/, "");
  const key = `${frame.functionName || "(anonymous)"} ${file ? `${file.split("/").slice(-2).join("/")}:${frame.lineNumber + 1}` : ""}`;
  const micros = deltas[i] ?? 0;
  total += micros;
  selfMicros.set(key, (selfMicros.get(key) ?? 0) + micros);
  const owner = ownerOf(frame.url, frame.functionName);
  byOwner.set(owner, (byOwner.get(owner) ?? 0) + micros);
});
const rows = (entries: Map<string, number>, limit: number) =>
  [...entries]
    .sort((a, b) => b[1] - a[1])
    .slice(0, limit)
    .map(([key, micros]) => [key, (micros / calls).toFixed(1), `${((micros / total) * 100).toFixed(1)} %`]);
console.log(`${contender}: ${calls} calls, ${(total / calls).toFixed(0)} µs sampled per call\n`);
console.log(`${table([["owner (self time)", "µs/call", "share"], ...rows(byOwner, 20)])}\n`);
console.log(table([["function (self time)", "µs/call", "share"], ...rows(selfMicros, 25)]));

// Self time per line of the runtime's own code (V8 records ticks per line), with the line's text.
const lineMicros = new Map<string, number>();
const sampleMicros = total / Math.max(1, (profile.samples ?? []).length);
const sources = new Map<string, string[]>();
for (const node of profile.nodes) {
  const { url: nodeUrl } = node.callFrame;
  if (ownerOf(nodeUrl, node.callFrame.functionName) !== "@org/minimax-files") continue;
  if (!sources.has(nodeUrl)) sources.set(nodeUrl, (await readFile(new URL(nodeUrl), "utf8")).split("\n"));
  for (const { line, ticks } of node.positionTicks ?? []) {
    const text = sources.get(nodeUrl)?.[line - 1]?.trim().slice(0, 90) ?? "";
    const key = `${nodeUrl.split("/").pop()}:${line} ${text}`;
    lineMicros.set(key, (lineMicros.get(key) ?? 0) + ticks * sampleMicros);
  }
}
console.log(`\n${table([["line of @org/minimax-files (self time)", "µs/call", "share"], ...rows(lineMicros, 12)])}`);
