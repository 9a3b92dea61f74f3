import { describe, expect, it } from "vitest";
import { ExitCode } from "../src/exit-codes.js";
import { runCli, runOnTerminal, shellCommand } from "./support/cli.js";
import { useFakeServer } from "./support/fake-workspace.js";

const now = Math.floor(Date.now() / 1000);
const day = 86_400;
const fake = useFakeServer();

/** Old and new files, matching `tmp-*` or not, and one of another purpose. */
function seedFiles() {
  const seed = (filename: string, age: number, purpose = "t2a_async_input") =>
    fake.server.seed({ purpose, filename, content: filename, createdAt: now - age });
  return {
    oldTmp: seed("tmp-old.txt", 10 * day),
    oldTmp2: seed("tmp-older.txt", 30 * day),
    oldKeep: seed("book.txt", 10 * day),
    newTmp: seed("tmp-new.txt", 60),
    otherPurpose: seed("tmp-voice.mp3", 10 * day, "voice_clone"),
  };
}

const deletes = () => fake.server.requests.filter((request) => request.operation === "delete");
const ids = (...files: { fileId: bigint }[]) => files.map((file) => Number(file.fileId));

describe("prune", () => {
  it("--dry-run shows what it would delete (older than, matching) and sends no delete", async () => {
    const seeded = seedFiles();
    const args = ["prune", "--purpose", "t2a_async_input", "--older-than", "7d", "--match", "tmp-*", "--dry-run"];
    const { code, stdout, stderr } = await runCli(args, { env: fake.env });
    expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
    expect(stdout).toContain("tmp-old.txt");
    expect(stdout).toContain("tmp-older.txt");
    expect(stdout).not.toMatch(/book\.txt|tmp-new|tmp-voice/);
    expect(stdout).toMatch(/dry run: would delete 2 files \(24 B\); nothing was deleted\n$/);
    expect(deletes()).toEqual([]);
    const json = await runCli([...args, "--json"], { env: fake.env });
    expect(JSON.parse(json.stdout)).toMatchObject({
      purpose: "t2a_async_input",
      dryRun: true,
      olderThan: "7d",
      match: "tmp-*",
      deleted: [],
      failed: [],
    });
    expect(JSON.parse(json.stdout).matched.map((file: { file_id: number }) => file.file_id)).toEqual(
      ids(seeded.oldTmp, seeded.oldTmp2),
    );
    expect(fake.server.files).toHaveLength(5);
  });

  it("--yes deletes exactly the matching files and prints a summary (and --json)", async () => {
    const seeded = seedFiles();
    const { code, stdout } = await runCli(
      ["prune", "--purpose", "t2a_async_input", "--older-than", "7d", "--match", "tmp-*", "--yes", "--json"],
      { env: fake.env },
    );
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({
      dryRun: false,
      deleted: ids(seeded.oldTmp, seeded.oldTmp2),
      failed: [],
    });
    expect(fake.server.files.map((file) => file.filename).sort()).toEqual(["book.txt", "tmp-new.txt", "tmp-voice.mp3"]);

    const human = await runCli(["prune", "--purpose", "t2a_async_input", "--older-than", "1h", "--yes"], {
      env: fake.env,
    });
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/book\.txt\ndeleted 1 file, 0 failed\n$/);
  });

  it("partial failure: the other files are deleted, the failure is reported, exit 3", async () => {
    const seeded = seedFiles();
    fake.server.inject({ kind: "base-resp", code: 2013, operation: "delete" });
    const { code, stdout, stderr } = await runCli(
      ["prune", "--purpose", "t2a_async_input", "--match", "tmp-*", "--yes", "--json", "--concurrency", "1"],
      { env: fake.env },
    );
    expect(code).toBe(ExitCode.api);
    const report = JSON.parse(stdout);
    expect(report.failed).toEqual([
      { file_id: Number(seeded.oldTmp.fileId), error: expect.objectContaining({ code: 2013 }) },
    ]);
    expect(report.deleted).toEqual(ids(seeded.oldTmp2, seeded.newTmp));
    expect(fake.server.files.map((file) => file.filename).sort()).toEqual(["book.txt", "tmp-old.txt", "tmp-voice.mp3"]);
    expect(JSON.parse(stderr)).toMatchObject({ kind: "partial_failure", message: "1 of 3 deletes failed" });
  });

  it("a delete done before its answer was lost is found gone by listing, and reported deleted", async () => {
    const seeded = seedFiles();
    fake.server.inject({ kind: "http-status", status: 502, afterWork: true, operation: "delete" });
    const { code, stdout } = await runCli(
      ["prune", "--purpose", "t2a_async_input", "--match", "tmp-old*", "--yes", "--json", "--retries", "0"],
      { env: fake.env },
    );
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ deleted: ids(seeded.oldTmp, seeded.oldTmp2), failed: [] });
    expect(deletes().map((request) => request.httpStatus)).toEqual([502, 200]);
  });

  it("nothing matching: says so, deletes nothing, exit 0", async () => {
    seedFiles();
    const { code, stdout } = await runCli(["prune", "--purpose", "t2a_async_input", "--match", "*.zip", "--yes"], {
      env: fake.env,
    });
    expect(code).toBe(0);
    expect(stdout).toBe("no t2a_async_input files match; nothing to delete\n");
    expect(deletes()).toEqual([]);
  });

  it.each([
    [
      "neither --dry-run nor --yes off a terminal",
      [],
      "error: prune needs --dry-run or --yes when not on a terminal\n  hint: run it with --dry-run to see what it would delete, then with --yes\n",
    ],
    ["both --dry-run and --yes", ["--dry-run", "--yes"], /cannot be used with option '-y, --yes'/],
    ["a malformed --older-than", ["--older-than", "1d12h", "--yes"], /expected a number and a unit/],
    ["no --purpose", ["--yes", "--purpose"], /argument missing/],
  ] as [string, string[], string | RegExp][])("refuses %s (exit 2, nothing sent)", async (_, extra, message) => {
    seedFiles();
    const args = extra.includes("--purpose")
      ? ["prune", ...extra]
      : ["prune", "--purpose", "t2a_async_input", ...extra];
    const { code, stderr } = await runCli(args, { env: fake.env });
    expect(code).toBe(ExitCode.usage);
    if (typeof message === "string") expect(stderr).toBe(message);
    else expect(stderr).toMatch(message);
    expect(fake.server.requests).toEqual([]);
  });

  it.each([
    ["y", 2],
    ["n", 0],
  ])("on a terminal without either flag it asks; answering %s deletes %d files", async (answer, count) => {
    seedFiles();
    const { code, output } = await runOnTerminal(
      shellCommand(["prune", "--purpose", "t2a_async_input", "--older-than", "7d", "--match", "tmp-*"]),
      { env: fake.env, input: `${answer}\n` },
    );
    expect(code).toBe(0);
    expect(output).toContain("Delete these 2 files? [y/N]");
    expect(deletes()).toHaveLength(count);
    expect(output).toContain(count ? "deleted 2 files, 0 failed" : "nothing was deleted");
  });
});
