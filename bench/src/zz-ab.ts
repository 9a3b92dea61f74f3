import { createMiniMaxFiles } from "@org/minimax-files";
import { startServerProcess } from "./server-process.js";
import { median, rotated } from "./stats.js";
const server = await startServerProcess({ listFiles: 100, downloadBytes: 0 });
const url = `${server.url}/v1/files/list?purpose=t2a_async_input`;
const headers = { Authorization: "Bearer bench-key" };
const client = createMiniMaxFiles({ apiKey: "bench-key", baseUrl: server.url });
const v: Record<string, () => Promise<unknown>> = {
  raw: async () => ((await (await fetch(url, { headers })).json()) as { files: unknown[] }).files,
  client: () => client.list({ purpose: "t2a_async_input" }),
};
const cpu: Record<string, number[]> = { raw: [], client: [] };
for (const n in v) for (let i = 0; i < 300; i++) await v[n]!();
for (let r = 0; r < 21; r++) for (const n of rotated(Object.keys(v), r)) {
  const s = process.cpuUsage(); for (let i = 0; i < 200; i++) await v[n]!(); const u = process.cpuUsage(s); cpu[n]!.push((u.user + u.system) / 200);
}
await server.close();
console.log(process.argv[2] ?? "", "client/raw CPU", median(cpu.client!.map((c, i) => c / cpu.raw![i]!)).toFixed(3), "raw µs", median(cpu.raw!).toFixed(0));
