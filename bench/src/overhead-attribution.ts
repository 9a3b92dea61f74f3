// `pnpm --filter @org/minimax-files-bench attribution`: where the client's per-request CPU goes.
// Raw fetch plus one of the client's extra steps at a time, against the loopback server; CPU time
// (user + system) of this process per request, median of per-round ratios to raw fetch. CPU time
// is used because wall time on the shared 2-core machine swings by 2× from minute to minute.
import { createMiniMaxFiles, parseMiniMaxJson } from "@org/minimax-files";
import type { paths } from "@org/minimax-files-types";
import createClient from "openapi-fetch";
import { startServerProcess } from "./server-process.js";
import { median, rotated, table } from "./stats.js";

const server = await startServerProcess({ listFiles: 100, downloadBytes: 0 });
const url = `${server.url}/v1/files/list?purpose=t2a_async_input`;
const headers = { Authorization: "Bearer bench-key" };
const utf8 = new TextDecoder();
const client = createMiniMaxFiles({ apiKey: "bench-key", baseUrl: server.url });
const api = createClient<paths>({ baseUrl: server.url, headers });
type Listing = { files: unknown[] };

const variants: Record<string, () => Promise<unknown>> = {
  "raw fetch + res.json()": async () => ((await (await fetch(url, { headers })).json()) as Listing).files,
  "+ new Request first": async () => ((await (await fetch(new Request(url, { headers }))).json()) as Listing).files,
  "+ an AbortSignal passed (undici listens to it)": async () => {
    const signal = new AbortController().signal;
    return ((await (await fetch(url, { headers, signal })).json()) as Listing).files;
  },
  "+ AbortController and timer, signal not passed": async () => {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), 60_000);
    const body = (await (await fetch(url, { headers })).json()) as Listing;
    clearTimeout(timer);
    return body.files;
  },
  "+ AbortController and timer": async () => {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), 60_000);
    const body = (await (await fetch(url, { headers, signal: controller.signal })).json()) as Listing;
    clearTimeout(timer);
    return body.files;
  },
  "+ AbortSignal.any of two": async () => {
    const signal = AbortSignal.any([new AbortController().signal, new AbortController().signal]);
    return ((await (await fetch(url, { headers, signal })).json()) as Listing).files;
  },
  "+ bytes, TextDecoder, parseMiniMaxJson": async () => {
    const response = await fetch(url, { headers });
    return (parseMiniMaxJson(utf8.decode(new Uint8Array(await response.arrayBuffer()))) as Listing).files;
  },
  "+ Response rebuilt with copied Headers": async () => {
    const response = await fetch(url, { headers });
    const bytes = new Uint8Array(await response.arrayBuffer());
    const body = JSON.parse(utf8.decode(bytes)) as Listing;
    const copied = new Headers(response.headers);
    copied.set("content-length", String(bytes.byteLength));
    const rebuilt = new Response(bytes, { status: response.status, headers: copied });
    return rebuilt.ok ? body.files : [];
  },
  "openapi-fetch GET": async () =>
    (await api.GET("/v1/files/list", { params: { query: { purpose: "t2a_async_input" } } })).data?.files,
  "client.list": () => client.list({ purpose: "t2a_async_input" }),
};

const names = Object.keys(variants);
const cpu = new Map<string, number[]>(names.map((name) => [name, []]));
const perRound = 200;
for (const name of names) for (let i = 0; i < 300; i++) await variants[name]!();
for (let round = 0; round < 15; round++) {
  for (const name of rotated(names, round)) {
    const start = process.cpuUsage();
    for (let i = 0; i < perRound; i++) await variants[name]!();
    const { user, system } = process.cpuUsage(start);
    cpu.get(name)!.push((user + system) / perRound);
  }
}
await server.close();
const raw = cpu.get(names[0]!)!;
console.log(
  table([
    ["variant (list of 100 files, 1 in flight)", "CPU µs/request", "vs raw fetch"],
    ...names.map((name) => {
      const times = cpu.get(name)!;
      return [name, median(times).toFixed(0), `${median(times.map((t, i) => t / raw[i]!)).toFixed(2)}×`];
    }),
  ]),
);
