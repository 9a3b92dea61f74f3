// upload with several paths or --recursive, delete with several ids, list without --purpose.
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { startFakeMiniMax } from "@org/minimax-files-testing";
import { describe, expect, it } from "vitest";
import { ExitCode } from "../src/exit-codes.js";
import { runCli, runOnTerminal, shellCommand } from "./support/cli.js";
import { cliEnv, useFakeWorkspace } from "./support/fake-workspace.js";

const workspace = useFakeWorkspace();

/** Writes `name → content` under the temporary directory (creating subdirectories). */
async function files(tree: Record<string, string>): Promise<void> {
  for (const [name, content] of Object.entries(tree)) {
    await mkdir(path.dirname(path.join(workspace.dir.path, name)), { recursive: true });
    await writeFile(path.join(workspace.dir.path, name), content);
  }
}

const lines = (stdout: string) =>
  stdout
    .trimEnd()
    .split("\n")
    .map((line) => JSON.parse(line) as { path: string; status: string; file?: { file_id: number }; error?: object });

describe("upload, many files", () => {
  it("uploads files and a directory's tree (-r), one JSON line per file in the order given", async () => {
    await files({ "one.txt": "1", "book/ch1.txt": "chapter 1", "book/part2/ch2.txt": "chapter two" });
    const { code, stdout, stderr } = await runCli(
      ["upload", "one.txt", "-r", "book", "--purpose", "t2a_async_input", "--json"],
      { env: workspace.env, cwd: workspace.dir.path },
    );
    expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
    const results = lines(stdout);
    expect(results.map((line) => [line.path, line.status])).toEqual([
      ["one.txt", "uploaded"],
      ["book/ch1.txt", "uploaded"],
      [path.join("book", "part2", "ch2.txt"), "uploaded"],
    ]);
    expect(workspace.server.files.map((file) => [file.filename, file.bytes])).toEqual(
      expect.arrayContaining([
        ["one.txt", 1],
        ["ch1.txt", 9],
        ["ch2.txt", 11],
      ]),
    );
    expect(results.map((line) => String(line.file?.file_id)).sort()).toEqual(
      workspace.server.files.map((file) => String(file.fileId)).sort(),
    );
  });

  it("prints one line per file and a summary for people", async () => {
    await files({ "a.txt": "aa", "b.txt": "bbb" });
    const { code, stdout, stderr } = await runCli(["upload", "a.txt", "b.txt", "--purpose", "t2a_async_input"], {
      env: workspace.env,
      cwd: workspace.dir.path,
    });
    expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
    expect(stdout).toMatch(
      /^uploaded a\.txt as \d+ \(2 B\)\nuploaded b\.txt as \d+ \(3 B\)\n2 files uploaded, 0 failed\n$/,
    );
  });

  it("runs at most --concurrency uploads at once", async () => {
    // Slow answers, so that uploads overlap whenever the CLI lets them.
    const slow = await startFakeMiniMax({ apiKey: "test-key", latencyMs: 100 });
    try {
      await files(Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`f${i}.txt`, `file ${i}`])));
      const names = Array.from({ length: 8 }, (_, i) => `f${i}.txt`);
      const { code } = await runCli(["upload", ...names, "--purpose", "t2a_async_input", "--concurrency", "3"], {
        env: cliEnv(slow),
        cwd: workspace.dir.path,
      });
      expect(code).toBe(0);
      expect(slow.files).toHaveLength(8);
      // Includes the list made before the batch, which runs alone.
      expect(slow.maxInFlight).toBe(3);
    } finally {
      await slow.close();
    }
  });

  it.each([
    ["a directory without -r", ["upload", "a.txt", "sub"], /sub is a directory\n {2}hint: pass --recursive/],
    ["a missing path", ["upload", "a.txt", "nope.txt"], /nope\.txt: no such file/],
    ["a file the purpose does not take", ["upload", "-r", "."], /sub\/x\.mp3 does not fit purpose t2a_async_input/],
    ["an empty file", ["upload", "a.txt", "empty.txt"], /empty\.txt is empty/],
    ["--filename with several files", ["upload", "a.txt", "b.txt", "--filename", "x.txt"], /--filename names one file/],
    ["--concurrency 0", ["upload", "a.txt", "b.txt", "--concurrency", "0"], /expected a positive integer/],
  ])("refuses %s before sending anything (exit 2)", async (_, args, message) => {
    await files({ "a.txt": "a", "b.txt": "b", "empty.txt": "", "sub/x.mp3": "mp3" });
    const { code, stderr } = await runCli([...args, "--purpose", "t2a_async_input"], {
      env: workspace.env,
      cwd: workspace.dir.path,
    });
    expect(code).toBe(ExitCode.usage);
    expect(stderr).toMatch(message);
    expect(workspace.server.requests).toEqual([]);
  });

  it("partial failure: the others are uploaded and reported, the failure too, and the exit code is its", async () => {
    await files({ "a.txt": "a", "b.txt": "bb", "c.txt": "ccc" });
    // 2013 is not retried; it takes the second upload only.
    workspace.server.inject({ kind: "base-resp", code: 2013, operation: "upload", every: 2 });
    const { code, stdout, stderr } = await runCli(
      ["upload", "a.txt", "b.txt", "c.txt", "--purpose", "t2a_async_input", "--json", "--concurrency", "1"],
      { env: workspace.env, cwd: workspace.dir.path },
    );
    expect(code).toBe(ExitCode.api);
    const results = lines(stdout);
    expect(results.map((line) => [line.path, line.status])).toEqual([
      ["a.txt", "uploaded"],
      ["b.txt", "failed"],
      ["c.txt", "uploaded"],
    ]);
    expect(results[1]?.error).toMatchObject({ code: 2013, kind: "invalid_input", operation: "upload" });
    expect(workspace.server.files.map((file) => file.filename)).toEqual(["a.txt", "c.txt"]);
    expect(JSON.parse(stderr)).toMatchObject({
      kind: "partial_failure",
      message: "1 of 3 uploads failed",
      exitCode: 3,
    });
  });

  it("partial failure without --json: failure details on stderr, summary on stdout", async () => {
    await files({ "a.txt": "a", "b.txt": "bb" });
    workspace.server.inject({ kind: "base-resp", code: 2013, operation: "upload", every: 2 });
    const { code, stdout, stderr } = await runCli(
      ["upload", "a.txt", "b.txt", "--purpose", "t2a_async_input", "--concurrency", "1"],
      { env: workspace.env, cwd: workspace.dir.path },
    );
    expect(code).toBe(ExitCode.api);
    expect(stdout).toMatch(/^uploaded a\.txt as \d+ \(1 B\)\n1 file uploaded, 1 failed\n$/);
    expect(stderr).toMatch(/^error: b\.txt: MiniMax API error 2013 \(invalid_input\)/);
    expect(stderr).toMatch(/error: 1 of 2 uploads failed\n$/);
  });

  it("an upload stored before its answer was lost is found by listing and reported with its id", async () => {
    await files({ "a.txt": "a", "b.txt": "bb" });
    workspace.server.inject({ kind: "http-status", status: 502, afterWork: true, operation: "upload", every: 2 });
    const { code, stdout, stderr } = await runCli(
      // --retries 0: the client does not try again (which may reconcile by itself), so the CLI must.
      ["upload", "a.txt", "b.txt", "--purpose", "t2a_async_input", "--json", "--concurrency", "1", "--retries", "0"],
      { env: workspace.env, cwd: workspace.dir.path },
    );
    expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
    const results = lines(stdout);
    expect(results.map((line) => [line.path, line.status])).toEqual([
      ["a.txt", "uploaded"],
      ["b.txt", "uploaded"],
    ]);
    expect(results[1]).toMatchObject({ answerLost: true });
    // Stored once, and reported.
    expect(workspace.server.files.map((file) => String(file.fileId)).sort()).toEqual(
      results.map((line) => String(line.file?.file_id)).sort(),
    );
  });

  it("a lost answer with an older file of the same name and size is not mistaken for it", async () => {
    const older = workspace.server.seed({ purpose: "t2a_async_input", filename: "b.txt", content: "bb" });
    await files({ "b.txt": "bb" });
    // The answer is lost before the work: nothing is stored, and the older b.txt is not ours.
    workspace.server.inject({ kind: "http-status", status: 400, operation: "upload" });
    const { code, stdout } = await runCli(["upload", "-r", ".", "--purpose", "t2a_async_input", "--json"], {
      env: workspace.env,
      cwd: workspace.dir.path,
    });
    expect(code).toBe(ExitCode.api);
    expect(lines(stdout)).toMatchObject([{ path: "b.txt", status: "failed" }]);
    expect(workspace.server.files.map((file) => file.fileId)).toEqual([older.fileId]);
  });

  it("draws one bar for the batch on a terminal", async () => {
    await files({ "a.txt": "a", "b.txt": "bb", "c.txt": "ccc" });
    const { code, output } = await runOnTerminal(
      shellCommand(["upload", "a.txt", "b.txt", "c.txt", "--purpose", "t2a_async_input"]),
      { env: workspace.env, cwd: workspace.dir.path },
    );
    expect(code).toBe(0);
    expect(output).toMatch(/upload [█░]+ 3\/3 files \| 6 B \/ 6 B \| 0 failed/);
    expect(output).toContain("3 files uploaded, 0 failed");
  });
});

describe("delete, many ids", () => {
  it("deletes each id once, one JSON line per id; an unknown id fails alone", async () => {
    const a = workspace.server.seed({ purpose: "voice_clone", filename: "a.mp3", content: "a" });
    const b = workspace.server.seed({ purpose: "voice_clone", filename: "b.mp3", content: "b" });
    const kept = workspace.server.seed({ purpose: "voice_clone", filename: "kept.mp3", content: "k" });
    const ids = [String(a.fileId), "999", String(b.fileId), String(a.fileId)];
    const { code, stdout } = await runCli(["delete", ...ids, "--purpose", "voice_clone", "--json"], {
      env: workspace.env,
    });
    expect(code).toBe(ExitCode.api);
    expect(lines(stdout).map((line) => [String((line as { file_id?: number }).file_id), line.status])).toEqual([
      [String(a.fileId), "deleted"],
      ["999", "failed"],
      [String(b.fileId), "deleted"],
    ]);
    expect(workspace.server.files.map((file) => file.fileId)).toEqual([kept.fileId]);
  });

  it("without --purpose each file's purpose is looked up; prints a line per id and a summary", async () => {
    const a = workspace.server.seed({ purpose: "voice_clone", filename: "a.mp3", content: "a" });
    const b = workspace.server.seed({ purpose: "t2a_async_input", filename: "b.txt", content: "b" });
    const { code, stdout, stderr } = await runCli(["delete", String(a.fileId), String(b.fileId)], {
      env: workspace.env,
    });
    expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
    expect(stdout).toBe(`deleted file ${a.fileId}\ndeleted file ${b.fileId}\n2 files deleted, 0 failed\n`);
    expect(workspace.server.files).toEqual([]);
  });
});

describe("list without --purpose", () => {
  it("lists every documented purpose's files in one table", async () => {
    workspace.server.seed({ purpose: "voice_clone", filename: "a.mp3", content: "a" });
    workspace.server.seed({ purpose: "t2a_async_input", filename: "b.txt", content: "b" });
    workspace.server.seed({ purpose: "video_understanding", filename: "c.mp4", content: "c" });
    const { code, stdout, stderr } = await runCli(["list", "--json"], { env: workspace.env });
    expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
    const listed = JSON.parse(stdout) as { filename: string; purpose: string }[];
    expect(listed.map((file) => `${file.purpose}/${file.filename}`).sort()).toEqual([
      "t2a_async_input/b.txt",
      "video_understanding/c.mp4",
      "voice_clone/a.mp3",
    ]);
    const table = await runCli(["list"], { env: workspace.env });
    expect(table.stdout.trimEnd().split("\n")).toHaveLength(4);
  });
});
