// The same round trip (consumer/round-trip.ts) on every server-side runtime, from the tarballs.
import { existsSync } from "node:fs";
import { join } from "node:path";
import runtimes from "@org/minimax-files-consumer-runtimes";
import { expect, inject, it } from "vitest";
import { stepsWithFiles, useInstalledFake } from "../src/fake.js";
import { describeRun, run } from "../src/run.js";

const { app } = inject("scratch");
const fake = useInstalledFake(app);

const esm = () => join(app, "dist/run.mjs");
const matrix: Array<{ name: string; runtime: RegExp; command: () => [string, ...string[]] }> = [
  { name: "Node 20 (this process), ESM", runtime: /^node 20\./, command: () => [process.execPath, esm()] },
  {
    name: "Node 20 without require(esm), CommonJS",
    runtime: /^node 20\./,
    command: () => [process.execPath, "--no-experimental-require-module", join(app, "cjs/run.cjs")],
  },
  { name: "Node 22, ESM", runtime: /^node 22\./, command: () => [runtimes.node22, esm()] },
  { name: "Node 24, ESM", runtime: /^node 24\./, command: () => [runtimes.node24, esm()] },
  { name: "Bun", runtime: /^bun 1\./, command: () => [runtimes.bun, esm()] },
  {
    name: "Deno",
    runtime: /^deno 2\./,
    command: () => [
      process.execPath,
      runtimes.deno,
      "run",
      "--allow-net=127.0.0.1",
      "--allow-read",
      "--allow-write",
      "--allow-env",
      "--allow-sys",
      esm(),
    ],
  },
];

it.each(matrix)("$name: the round trip passes", async ({ runtime, command }) => {
  const [executable, ...args] = command();
  expect(existsSync(executable), `${executable} is not installed (pnpm install; node22/node24 are linux-x64)`).toBe(
    true,
  );
  fake.server.clearRequests();
  const ran = await run(executable, [...args, fake.server.url, fake.server.apiKey], {
    cwd: app,
    env: { ...process.env, NO_COLOR: "1" },
  });
  expect(ran.code, describeRun(ran)).toBe(0);
  const outcome = JSON.parse(ran.stdout.trim().split("\n").at(-1)!) as { runtime: string; steps: string[] };
  expect(outcome.runtime).toMatch(runtime);
  expect(outcome.steps).toEqual(stepsWithFiles);
  // The server saw the whole trip: 2 uploads, 2 lists, retrieve, 2 contents, a delete with its purpose
  // and one without (looked up by a retrieve), the final list, the wrong key.
  expect(fake.server.requests.map((request) => request.operation)).toEqual([
    "upload",
    "upload",
    "list",
    "retrieve",
    "retrieveContent",
    "retrieveContent",
    "delete",
    "retrieve",
    "delete",
    "list",
    "list",
  ]);
  expect(fake.server.files).toHaveLength(0);
});
