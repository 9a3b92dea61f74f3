import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { ExitCode } from "../src/exit-codes.js";
import { runCli } from "./support/cli.js";
import { useFakeWorkspace } from "./support/fake-workspace.js";

const workspace = useFakeWorkspace();

beforeEach(async () => {
  // Local: a.txt (present remotely), b.txt (remote copy has another size), sub/c.txt (absent).
  await mkdir(path.join(workspace.dir.path, "local", "sub"), { recursive: true });
  await writeFile(path.join(workspace.dir.path, "local", "a.txt"), "same");
  await writeFile(path.join(workspace.dir.path, "local", "b.txt"), "new longer b");
  await writeFile(path.join(workspace.dir.path, "local", "sub", "c.txt"), "c");
});

function seedRemote() {
  return {
    a: workspace.server.seed({ purpose: "t2a_async_input", filename: "a.txt", content: "same" }),
    oldB: workspace.server.seed({ purpose: "t2a_async_input", filename: "b.txt", content: "old b" }),
    gone: workspace.server.seed({ purpose: "t2a_async_input", filename: "gone.txt", content: "gone" }),
    otherPurpose: workspace.server.seed({ purpose: "voice_clone", filename: "v.mp3", content: "v" }),
  };
}

const sync = (...extra: string[]) =>
  runCli(["sync", "local", "--purpose", "t2a_async_input", ...extra], { env: workspace.env, cwd: workspace.dir.path });
const names = () => workspace.server.files.map((file) => `${file.purpose}/${file.filename}/${file.bytes}`).sort();
const operations = (name: string) => workspace.server.requests.filter((request) => request.operation === name);

describe("sync", () => {
  it("uploads what is not present (same name and size) and reports what it skipped", async () => {
    const remote = seedRemote();
    const { code, stdout, stderr } = await sync("--json");
    expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
    const report = JSON.parse(stdout);
    expect(report.uploaded.map((item: { path: string }) => item.path)).toEqual(["local/b.txt", "local/sub/c.txt"]);
    expect(report.skipped).toEqual([{ path: "local/a.txt", file_id: Number(remote.a.fileId) }]);
    expect(report).toMatchObject({ deleted: [], failed: [], notStarted: [] });
    expect(names()).toEqual([
      "t2a_async_input/a.txt/4",
      "t2a_async_input/b.txt/12",
      "t2a_async_input/b.txt/5",
      "t2a_async_input/c.txt/1",
      "t2a_async_input/gone.txt/4",
      "voice_clone/v.mp3/1",
    ]);

    // A second run has nothing left to do.
    workspace.server.clearRequests();
    const again = await sync();
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/uploaded 0 files, skipped 3, deleted 0, 0 failed\n$/);
    expect(operations("upload")).toEqual([]);
  });

  it("--delete without --yes or --dry-run is refused before anything is sent", async () => {
    seedRemote();
    const { code, stderr } = await sync("--delete");
    expect(code).toBe(ExitCode.usage);
    expect(stderr).toContain("sync --delete removes remote files, so it needs --dry-run or --yes");
    expect(workspace.server.requests).toEqual([]);
  });

  it("--delete --dry-run shows what would change and changes nothing", async () => {
    const remote = seedRemote();
    const before = names();
    const { code, stdout } = await sync("--delete", "--dry-run");
    expect(code).toBe(0);
    expect(stdout).toBe(
      [
        "would upload local/b.txt",
        "would upload local/sub/c.txt",
        `skipped local/a.txt (present as ${remote.a.fileId})`,
        `would delete ${remote.oldB.fileId} b.txt`,
        `would delete ${remote.gone.fileId} gone.txt`,
        "dry run: would upload 2 files, skip 1, delete 2; nothing was changed",
        "",
      ].join("\n"),
    );
    expect(names()).toEqual(before);
    expect([...operations("upload"), ...operations("delete")]).toEqual([]);
  });

  it("--delete --yes makes the purpose hold exactly the local files", async () => {
    const remote = seedRemote();
    const { code, stdout } = await sync("--delete", "--yes", "--json");
    expect(code).toBe(0);
    expect(JSON.parse(stdout).deleted.map((file: { file_id: number }) => file.file_id)).toEqual([
      Number(remote.oldB.fileId),
      Number(remote.gone.fileId),
    ]);
    expect(names()).toEqual([
      "t2a_async_input/a.txt/4",
      "t2a_async_input/b.txt/12",
      "t2a_async_input/c.txt/1",
      "voice_clone/v.mp3/1",
    ]);
  });

  it("partial failure: the others upload, nothing is deleted, exit 3", async () => {
    seedRemote();
    workspace.server.inject({ kind: "base-resp", code: 2013, operation: "upload" });
    const { code, stdout, stderr } = await sync("--delete", "--yes", "--concurrency", "1");
    expect(code).toBe(ExitCode.api);
    expect(stderr).toMatch(/^error: local\/b\.txt: MiniMax API error 2013/);
    expect(stderr).toContain("not deleting 2 remote files: an upload failed");
    expect(stdout).toMatch(/uploaded 1 file, skipped 1, deleted 0, 1 failed\n$/);
    expect(operations("delete")).toEqual([]);
    expect(names()).toContain("t2a_async_input/b.txt/5");
  });

  it("an upload stored before its answer was lost is reported with its id, and not uploaded again", async () => {
    seedRemote();
    workspace.server.inject({ kind: "reset-before-headers", afterWork: true, operation: "upload" });
    const { code, stdout } = await sync("--json", "--retries", "0", "--concurrency", "1");
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    expect(report.uploaded).toMatchObject([{ path: "local/b.txt", answerLost: true }, { path: "local/sub/c.txt" }]);
    const again = await sync("--json");
    expect(JSON.parse(again.stdout).uploaded).toEqual([]);
    expect(names().filter((name) => name === "t2a_async_input/b.txt/12")).toHaveLength(1);
  });

  it("refuses two local files that would be stored under one name, before sending anything", async () => {
    await writeFile(path.join(workspace.dir.path, "local", "sub", "a.txt"), "other a");
    const { code, stderr } = await sync();
    expect(code).toBe(ExitCode.usage);
    expect(stderr).toContain("local/a.txt and local/sub/a.txt would both be stored as a.txt");
    expect(workspace.server.requests).toEqual([]);
  });
});
