// Ctrl-C during a batch: uploads (or deletes) in flight finish and are reported, the rest are
// never sent, and every file the server stored is in the output.
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { expect, it } from "vitest";
import { ExitCode } from "../src/exit-codes.js";
import { runCli } from "./support/cli.js";
import { useFakeWorkspace } from "./support/fake-workspace.js";

// Each answer takes 300 ms: the batch is surely running when the signal comes.
const workspace = useFakeWorkspace({ latencyMs: 300 });

it("SIGINT during a batch upload: every stored file is reported, the rest are reported not started", async () => {
  const names = Array.from({ length: 12 }, (_, i) => `f${String(i).padStart(2, "0")}.txt`);
  for (const name of names) await writeFile(path.join(workspace.dir.path, name), name);
  let pid = 0;
  const finished = runCli(["upload", ...names, "--purpose", "t2a_async_input", "--json", "--concurrency", "2"], {
    env: workspace.env,
    cwd: workspace.dir.path,
    started: (id) => (pid = id),
  });
  await until(() => workspace.server.requests.some((request) => request.operation === "upload"));
  process.kill(pid, "SIGINT");
  const { code, stdout, stderr } = await finished;
  expect(code).toBe(ExitCode.interrupted);
  expect(stderr).toContain("interrupted");
  const results = stdout
    .trimEnd()
    .split("\n")
    .map((line) => JSON.parse(line) as { path: string; status: string; file?: { file_id: number } });
  expect(results.map((result) => result.path)).toEqual(names);
  const uploaded = results.filter((result) => result.status === "uploaded");
  expect(uploaded.length).toBeGreaterThan(0);
  expect(results.filter((result) => result.status === "not_started").length).toBeGreaterThan(0);
  expect(results.every((result) => ["uploaded", "not_started"].includes(result.status))).toBe(true);
  // Nothing stored goes unreported: the server holds exactly the files reported uploaded.
  expect(workspace.server.files.map((file) => String(file.fileId)).sort()).toEqual(
    uploaded.map((result) => String(result.file?.file_id)).sort(),
  );
});

it("SIGINT during prune --yes: the deletes done are reported, the rest not started and still there", async () => {
  const seeded = Array.from({ length: 12 }, (_, i) =>
    workspace.server.seed({ purpose: "t2a_async_input", filename: `tmp-${i}.txt`, content: "x" }),
  );
  let pid = 0;
  const finished = runCli(["prune", "--purpose", "t2a_async_input", "--yes", "--json", "--concurrency", "2"], {
    env: workspace.env,
    started: (id) => (pid = id),
  });
  await until(() => workspace.server.requests.some((request) => request.operation === "delete"));
  process.kill(pid, "SIGINT");
  const { code, stdout } = await finished;
  expect(code).toBe(ExitCode.interrupted);
  const report = JSON.parse(stdout) as { deleted: number[]; notStarted: number[]; failed: unknown[] };
  expect(report.failed).toEqual([]);
  expect(report.deleted.length).toBeGreaterThan(0);
  expect(report.notStarted.length).toBeGreaterThan(0);
  expect(report.deleted.length + report.notStarted.length).toBe(seeded.length);
  expect(workspace.server.files.map((file) => Number(file.fileId)).sort()).toEqual([...report.notStarted].sort());
});

it("SIGINT during a batch upload without --json: the last line counts what was done and what never started", async () => {
  const names = Array.from({ length: 12 }, (_, i) => `g${String(i).padStart(2, "0")}.txt`);
  for (const name of names) await writeFile(path.join(workspace.dir.path, name), name);
  let pid = 0;
  const finished = runCli(["upload", ...names, "--purpose", "t2a_async_input", "--concurrency", "2"], {
    env: workspace.env,
    cwd: workspace.dir.path,
    started: (id) => (pid = id),
  });
  await until(() => workspace.server.requests.some((request) => request.operation === "upload"));
  process.kill(pid, "SIGINT");
  const { code, stdout } = await finished;
  expect(code).toBe(ExitCode.interrupted);
  const summary = /^(\d+) files? uploaded, 0 failed, (\d+) not started \(interrupted\)$/.exec(
    stdout.trimEnd().split("\n").at(-1) ?? "",
  );
  expect(summary, stdout).not.toBeNull();
  const [uploaded, notStarted] = [Number(summary?.[1]), Number(summary?.[2])];
  expect(uploaded).toBe(workspace.server.files.filter((file) => file.filename.startsWith("g")).length);
  expect(uploaded + notStarted).toBe(names.length);
});

async function until(condition: () => boolean): Promise<void> {
  for (let waited = 0; !condition(); waited += 10) {
    if (waited > 10_000) throw new Error("condition not met within 10 s");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
