// Signals: SIGINT, SIGTERM and SIGHUP clean up (no temporary file) and end the process, also when
// the server has stopped reading an upload.
import { readdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { type FakeMiniMax, startFakeMiniMax } from "@org/minimax-files-testing";
import { afterEach, beforeEach, expect, it } from "vitest";
import { ExitCode } from "../src/exit-codes.js";
import { runCli, tempDirectory } from "./support/cli.js";

let server: FakeMiniMax;
let env: Record<string, string>;
let work: Awaited<ReturnType<typeof tempDirectory>>;

beforeEach(async () => {
  server = await startFakeMiniMax({ apiKey: "test-key" });
  env = { MINIMAX_API_KEY: server.apiKey, MINIMAX_BASE_URL: server.url };
  work = await tempDirectory();
});
afterEach(async () => {
  await server.close();
  await work.remove();
});

it.each(["SIGINT", "SIGTERM", "SIGHUP"] as const)(
  "%s during a download exits 130 and leaves no .part",
  async (signal) => {
    // 4 GiB, generated as it is sent: the transfer is surely running when the signal comes.
    const seeded = server.seed({ purpose: "voice_clone", filename: "big.bin", size: 4 * 1024 ** 3 });
    let pid = 0;
    const finished = runCli(["download", String(seeded.fileId)], { env, cwd: work.path, started: (id) => (pid = id) });
    await until(async () => (await readdir(work.path)).some((name) => name.endsWith(".part")));
    process.kill(pid, signal);
    const { code, stderr } = await finished;
    expect(code).toBe(ExitCode.interrupted);
    expect(stderr).toContain("interrupted");
    expect(await readdir(work.path)).toEqual([]);
  },
);

it("SIGTERM ends an upload the server stopped reading, and the process exits by itself", async () => {
  const file = path.join(work.path, "big.txt");
  await writeFile(file, Buffer.alloc(64 << 20, 0x61));
  // The fake holds the request before reading its body: the client's writes back up.
  server.inject({ kind: "slow-headers", delayMs: Number.POSITIVE_INFINITY, operation: "upload" });
  let pid = 0;
  const finished = runCli(["upload", file, "--purpose", "t2a_async_input"], {
    env,
    cwd: work.path,
    started: (id) => (pid = id),
  });
  await until(async () => server.requests.some((request) => request.operation === "upload"));
  await new Promise((resolve) => setTimeout(resolve, 300));
  process.kill(pid, "SIGTERM");
  // Bounded by the test's own timeout: a process that kept running would never settle.
  const { code, stderr } = await finished;
  expect(code).toBe(ExitCode.interrupted);
  expect(stderr).toContain("interrupted");
  expect(server.files).toEqual([]);
});

async function until(condition: () => Promise<boolean> | boolean): Promise<void> {
  for (let waited = 0; !(await condition()); waited += 20) {
    if (waited > 10_000) throw new Error("condition not met within 10 s");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
