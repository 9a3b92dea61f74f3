import { chmod, mkdir, readdir, readFile, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { ExitCode } from "../src/exit-codes.js";
import { runCli } from "./support/cli.js";
import { useFakeWorkspace } from "./support/fake-workspace.js";

const workspace = useFakeWorkspace();
/** The workspace directory is the root: root/a/b/work is where downloads go; everything else under root must stay untouched. */
let work: string;

beforeEach(async () => {
  work = path.join(workspace.dir.path, "a", "b", "work");
  await mkdir(work, { recursive: true });
});

/** Every file under root, relative to it. */
async function filesUnderRoot(): Promise<string[]> {
  const entries = await readdir(workspace.dir.path, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(workspace.dir.path, path.join(entry.parentPath, entry.name)))
    .sort();
}

describe("a hostile server filename cannot write outside the chosen directory", () => {
  it.each([
    ["../../escape.txt", "escape.txt"],
    ["..", "file-{id}"],
    ["", "file-{id}"],
    ["/ABSOLUTE/etc/passwd", "passwd"],
    ["..\\..\\win.ini", "win.ini"],
    ["a\u0000b.txt", "a_b.txt"],
    [".profile", "profile"],
    ["\u001b]0;pwned\u0007.txt", "_]0;pwned_.txt"],
    [`${"x".repeat(300)}.mp3`, `${"x".repeat(251)}.mp3`],
  ])("%j is saved as %j inside the directory", async (hostile, expected) => {
    // An absolute name aims at a real place this test can inspect: the temporary root.
    const filename = hostile.replace("/ABSOLUTE", workspace.dir.path);
    const seeded = workspace.server.seed({ purpose: "voice_clone", filename, content: "payload" });
    const name = expected.replace("{id}", String(seeded.fileId));
    const { code, stdout, stderr } = await runCli(["download", String(seeded.fileId), "--json"], {
      env: workspace.env,
      cwd: work,
    });
    expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
    expect(await filesUnderRoot()).toEqual([path.join("a", "b", "work", name)]);
    expect(await readFile(path.join(work, name), "utf8")).toBe("payload");
    expect(JSON.parse(stdout)).toMatchObject({ filename, path: path.join(work, name), bytes: 7 });
  });

  it("-o with a directory saves the sanitized name inside that directory", async () => {
    const seeded = workspace.server.seed({ purpose: "voice_clone", filename: "../../../up.mp3", content: "x" });
    await mkdir(path.join(work, "inbox"));
    const { code } = await runCli(["download", String(seeded.fileId), "-o", "inbox"], {
      env: workspace.env,
      cwd: work,
    });
    expect(code).toBe(0);
    expect(await filesUnderRoot()).toEqual([path.join("a", "b", "work", "inbox", "up.mp3")]);
  });

  it("-o naming a directory that does not exist is a usage error", async () => {
    const seeded = workspace.server.seed({ purpose: "voice_clone", filename: "up.mp3", content: "x" });
    const { code, stderr } = await runCli(["download", String(seeded.fileId), "-o", "missing/"], {
      env: workspace.env,
      cwd: work,
    });
    expect(code).toBe(ExitCode.usage);
    expect(stderr).toContain("missing/: no such directory");
    expect(await filesUnderRoot()).toEqual([]);
  });
});

describe("paths", () => {
  it("an -o file in a directory that does not exist is a usage error", async () => {
    const seeded = workspace.server.seed({ purpose: "voice_clone", filename: "up.mp3", content: "x" });
    const { code, stdout, stderr } = await runCli(["download", String(seeded.fileId), "-o", "no-dir/up.mp3"], {
      env: workspace.env,
      cwd: work,
    });
    expect(code).toBe(ExitCode.usage);
    expect(stdout).toBe("");
    expect(stderr).toContain("does not exist");
    expect(await filesUnderRoot()).toEqual([]);
  });

  it("a legal 250-byte -o name downloads (the temporary file's name does not grow with it)", async () => {
    const seeded = workspace.server.seed({ purpose: "voice_clone", filename: "up.mp3", content: "x" });
    const name = "y".repeat(250);
    const { code, stderr } = await runCli(["download", String(seeded.fileId), "-o", name], {
      env: workspace.env,
      cwd: work,
    });
    expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
    expect(await filesUnderRoot()).toEqual([path.join("a", "b", "work", name)]);
  });

  it("a file the system cannot create is a local file error (exit 5), and nothing is left", async () => {
    const seeded = workspace.server.seed({ purpose: "voice_clone", filename: "up.mp3", content: "x" });
    // 256 bytes is one more than a path component may have.
    const { code, stdout, stderr } = await runCli(["download", String(seeded.fileId), "-o", "y".repeat(256)], {
      env: workspace.env,
      cwd: work,
    });
    expect(code).toBe(ExitCode.localFile);
    expect(stdout).toBe("");
    expect(stderr).toContain("ENAMETOOLONG");
    expect(await filesUnderRoot()).toEqual([]);
  });
});

describe("existing files", () => {
  it("a server-chosen name never replaces an existing file unless --force", async () => {
    const seeded = workspace.server.seed({ purpose: "voice_clone", filename: ".bashrc", content: "new" });
    await writeFile(path.join(work, "bashrc"), "mine");
    const refused = await runCli(["download", String(seeded.fileId)], { env: workspace.env, cwd: work });
    expect(refused.code).toBe(ExitCode.localFile);
    expect(refused.stderr).toContain(`${path.join(work, "bashrc")} already exists`);
    expect(refused.stderr).toContain("hint: pass --force");
    expect(await readFile(path.join(work, "bashrc"), "utf8")).toBe("mine");

    const forced = await runCli(["download", String(seeded.fileId), "--force"], { env: workspace.env, cwd: work });
    expect(forced.code).toBe(0);
    expect(await readFile(path.join(work, "bashrc"), "utf8")).toBe("new");
  });
});

describe("no-clobber and --force", () => {
  it("without --force, a file that appears during the transfer is not replaced (exit 5)", async () => {
    const seeded = workspace.server.seed({ purpose: "voice_clone", filename: "up.mp3", content: "from the server" });
    // The content is held back long enough for another writer to create the file.
    workspace.server.inject({ kind: "slow-headers", delayMs: 1500, operation: "retrieveContent" });
    const finished = runCli(["download", String(seeded.fileId), "-o", "race.mp3"], { env: workspace.env, cwd: work });
    await until(() => workspace.server.requests.some((r) => r.operation === "retrieveContent"));
    await writeFile(path.join(work, "race.mp3"), "someone else's");
    const { code, stdout, stderr } = await finished;
    expect(code).toBe(ExitCode.localFile);
    expect(stdout).toBe("");
    expect(stderr).toContain("appeared meanwhile; not replaced");
    expect(await readFile(path.join(work, "race.mp3"), "utf8")).toBe("someone else's");
    expect(await filesUnderRoot()).toEqual([path.join("a", "b", "work", "race.mp3")]);
  });

  it("an existing -o file is not replaced without --force, and nothing is sent", async () => {
    const seeded = workspace.server.seed({ purpose: "voice_clone", filename: "up.mp3", content: "new" });
    await writeFile(path.join(work, "mine.mp3"), "mine");
    const { code, stderr } = await runCli(["download", String(seeded.fileId), "-o", "mine.mp3"], {
      env: workspace.env,
      cwd: work,
    });
    expect(code).toBe(ExitCode.localFile);
    expect(stderr).toContain("hint: pass --force");
    expect(await readFile(path.join(work, "mine.mp3"), "utf8")).toBe("mine");
    expect(workspace.server.requests).toEqual([]);
  });

  it("--force replaces a 0600 file and keeps it 0600", async () => {
    const seeded = workspace.server.seed({ purpose: "voice_clone", filename: "up.mp3", content: "new" });
    const target = path.join(work, "secret.mp3");
    await writeFile(target, "old", { mode: 0o600 });
    await chmod(target, 0o600);
    const { code } = await runCli(["download", String(seeded.fileId), "-o", "secret.mp3", "--force"], {
      env: workspace.env,
      cwd: work,
    });
    expect(code).toBe(0);
    expect(await readFile(target, "utf8")).toBe("new");
    expect((await stat(target)).mode & 0o777).toBe(0o600);
  });
});

describe("interruption", () => {
  it("Ctrl-C during a download exits 130 and leaves no partial file", async () => {
    const seeded = workspace.server.seed({ purpose: "voice_clone", filename: "slow.bin", size: 1 << 20 });
    // The content's headers are held back, so the download is surely in flight when SIGINT comes.
    workspace.server.inject({ kind: "slow-headers", delayMs: 10_000, operation: ["retrieveContent", "downloadUrl"] });
    let pid = 0;
    const finished = runCli(["download", String(seeded.fileId)], {
      env: workspace.env,
      cwd: work,
      started: (id) => (pid = id),
    });
    await until(() =>
      workspace.server.requests.some((r) => r.operation === "retrieveContent" || r.operation === "downloadUrl"),
    );
    process.kill(pid, "SIGINT");
    const { code, stdout, stderr } = await finished;
    expect(code).toBe(ExitCode.interrupted);
    expect(stdout).toBe("");
    expect(stderr).toContain("interrupted");
    expect(await filesUnderRoot()).toEqual([]);
  });
});

async function until(condition: () => boolean): Promise<void> {
  for (let waited = 0; !condition(); waited += 20) {
    if (waited > 10_000) throw new Error("condition not met within 10 s");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
