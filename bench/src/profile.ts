// `pnpm --filter @org/minimax-files-bench cpu-profile [client|openapi-fetch|raw] [calls]`: a CPU profile
// of `list` calls (100 files, 1 in flight) against the loopback server, summarised as the
// functions with the most self time, so "where the time goes" can be quoted rather than guessed.
// The whole profile is written to reports/<contender>.cpuprofile (open it in Chrome DevTools).
import { writeFile } from "node:fs/promises";
import { Session } from "node:inspector/promises";
import { join } from "node:path";
import { createMiniMaxFiles } from "@org/minimax-files";
import type { paths } from "@org/minimax-files-types";
import createClient from "openapi-fetch";
import { benchDir } from "./paths.js";
import { startServerProcess } from "./server-process.js";
import { table } from "./stats.js";

const contender = process.argv[2] ?? "client";
const calls = Number(process.argv[3] ?? 4000);
const server = await startServerProcess({ listFiles: 100, downloadBytes: 0 });
const headers = { Authorization: "Bearer bench-key" };
const client = createMiniMaxFiles({ apiKey: "bench-key", baseUrl: server.url });
const api = createClient<paths>({ baseUrl: server.url, headers });
const url = `${server.url}/v1/files/list?purpose=t2a_async_input`;
const runs: Record<string, () => Promise<unknown>> = {
  client: () => client.list({ purpose: "t2a_async_input" }),
  "openapi-fetch": () => api.GET("/v1/files/list", { params: { query: { purpose: "t2a_async_input" } } }),
  raw: async () => (await fetch(url, { headers })).json(),
};
const run = runs[contender];
if (!run) throw new Error(`contender must be one of ${Object.keys(runs).join(", ")}`);

for (let i = 0; i < 500; i++) await run();
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
