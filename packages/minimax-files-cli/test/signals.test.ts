// Signals: SIGINT, SIGTERM and SIGHUP clean up (no temporary file) and end the process, also when
// the server has stopped reading an upload.
import { readdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { expect, it } from "vitest";
import { ExitCode } from "../src/exit-codes.js";
import { runCli } from "./support/cli.js";
import { useFakeWorkspace } from "./support/fake-workspace.js";

const workspace = useFakeWorkspace();

it.each(["SIGINT", "SIGTERM", "SIGHUP"] as const)(
  "%s during a download exits 130 and leaves no .part",
  async (signal) => {
    // 4 GiB, generated as it is sent: the transfer is surely running when the signal comes.
    const seeded = workspace.server.seed({ purpose: "voice_clone", filename: "big.bin", size: 4 * 1024 ** 3 });
    let pid = 0;
    const finished = runCli(["download", String(seeded.fileId)], {
      env: workspace.env,
      cwd: workspace.dir.path,
      started: (id) => (pid = id),
    });
    await until(async () => (await readdir(workspace.dir.path)).some((name) => name.endsWith(".part")));
    process.kill(pid, signal);
    const { code, stderr } = await finished;
    expect(code).toBe(ExitCode.interrupted);
    expect(stderr).toContain("interrupted");
    expect(await readdir(workspace.dir.path)).toEqual([]);
  },
);

it("SIGTERM ends an upload the server stopped reading, and the process exits by itself", async () => {
  const file = path.join(workspace.dir.path, "big.txt");
  await writeFile(file, Buffer.alloc(64 << 20, 0x61));
  // The fake holds the request before reading its body: the client's writes back up.
  workspace.server.inject({ kind: "slow-headers", delayMs: Number.POSITIVE_INFINITY, operation: "upload" });
  let pid = 0;
  const finished = runCli(["upload", file, "--purpose", "t2a_async_input"], {
    env: workspace.env,
    cwd: workspace.dir.path,
    started: (id) => (pid = id),
  });
  await until(async () => workspace.server.requests.some((request) => request.operation === "upload"));
  await new Promise((resolve) => setTimeout(resolve, 300));
  process.kill(pid, "SIGTERM");
  // Bounded by the test's own timeout: a process that kept running would never settle.
  const { code, stderr } = await finished;
  expect(code).toBe(ExitCode.interrupted);
  expect(stderr).toContain("interrupted");
  expect(workspace.server.files).toEqual([]);
});

async function until(condition: () => Promise<boolean> | boolean): Promise<void> {
  for (let waited = 0; !(await condition()); waited += 20) {
    if (waited > 10_000) throw new Error("condition not met within 10 s");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
