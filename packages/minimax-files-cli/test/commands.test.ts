import { spawn } from "node:child_process";
import { readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { startFakeMiniMax } from "@org/minimax-files-testing";
import { describe, expect, it } from "vitest";
import { bin, type CliResult, collectOutput, runCli, shellCommand } from "./support/cli.js";
import { useFakeWorkspace } from "./support/fake-workspace.js";

// Above 2^53: a double would turn it into ...992.
const bigId = 2n ** 53n + 1n;

const workspace = useFakeWorkspace({ now: () => 1_764_000_000 });

describe("list", () => {
  it("prints a table of the purpose's files", async () => {
    workspace.server.seed({ purpose: "voice_clone", filename: "语音样本.mp3", content: "abc", fileId: bigId });
    workspace.server.seed({ purpose: "voice_clone", filename: "b.wav", size: 1536 });
    workspace.server.seed({ purpose: "prompt_audio", filename: "other.mp3", content: "x" });
    const { code, stdout, stderr } = await runCli(["list", "--purpose", "voice_clone"], { env: workspace.env });
    expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
    const lines = stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^FILE ID\s+PURPOSE\s+SIZE\s+CREATED\s+FILENAME$/);
    expect(lines).toHaveLength(3);
    expect(stdout).toContain("9007199254740993  voice_clone  3 B      2025-11-24 16:00:00Z  语音样本.mp3");
    expect(stdout).toMatch(/\d+ +voice_clone +1\.5 KiB +2025-11-24 16:00:00Z +b\.wav/);
    expect(stdout).not.toContain("other.mp3");
    expect(workspace.server.requests.map((r) => [r.path, r.query.purpose])).toEqual([
      ["/v1/files/list", "voice_clone"],
    ]);
  });

  it("--json prints the files as JSON with int64 ids exactly as the server sent them", async () => {
    workspace.server.seed({ purpose: "voice_clone", filename: "a.mp3", content: "abc", fileId: bigId });
    const { code, stdout, stderr } = await runCli(["list", "--purpose", "voice_clone", "--json"], {
      env: workspace.env,
    });
    expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
    expect(stdout).toMatch(/"file_id": 9007199254740993,/);
    expect(JSON.parse(stdout)).toEqual([
      { file_id: Number(bigId), bytes: 3, created_at: 1_764_000_000, filename: "a.mp3", purpose: "voice_clone" },
    ]);
  });

  it("--ids-as-strings writes ids as JSON strings, for jq 1.6 and JSON.parse", async () => {
    workspace.server.seed({ purpose: "voice_clone", filename: "a.mp3", content: "abc", fileId: bigId });
    const { code, stdout } = await runCli(["list", "--purpose", "voice_clone", "--json", "--ids-as-strings"], {
      env: workspace.env,
    });
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual([
      { file_id: "9007199254740993", bytes: 3, created_at: 1_764_000_000, filename: "a.mp3", purpose: "voice_clone" },
    ]);
  });

  it("a purpose the list page omits lists the files uploaded under it", async () => {
    workspace.server.seed({ purpose: "video_understanding", filename: "clip.mp4", content: "abc" });
    const { code, stdout, stderr } = await runCli(["list", "--purpose", "video_understanding"], { env: workspace.env });
    expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
    expect(stdout).toContain("clip.mp4");
  });

  it("prints nothing on stdout when there are no files (a note goes to stderr)", async () => {
    const { code, stdout, stderr } = await runCli(["list", "--purpose", "prompt_audio"], { env: workspace.env });
    expect({ code, stdout }).toEqual({ code: 0, stdout: "" });
    expect(stderr).toContain("no prompt_audio files");
    const json = await runCli(["--json", "list", "--purpose", "prompt_audio"], { env: workspace.env });
    expect(json.stdout).toBe("[]\n");
  });
});

describe("upload", () => {
  it("uploads a file and describes what the server stored", async () => {
    await writeFile(path.join(workspace.dir.path, "book.txt"), "chapter one\n");
    const { code, stdout, stderr } = await runCli(["upload", "book.txt", "--purpose", "t2a_async_input"], {
      env: workspace.env,
      cwd: workspace.dir.path,
    });
    expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
    const [stored] = workspace.server.files;
    expect(workspace.server.files).toHaveLength(1);
    expect(stored).toMatchObject({ filename: "book.txt", purpose: "t2a_async_input", bytes: 12 });
    expect(Buffer.from(stored!.content!).toString()).toBe("chapter one\n");
    expect(stdout).toContain(`file_id     ${stored!.fileId}`);
    expect(stdout).toMatch(/^filename\s+book\.txt$/m);
    expect(stdout).toMatch(/^bytes\s+12 \(12 B\)$/m);
  });

  it("--json prints the uploaded file; --filename renames it", async () => {
    const server2 = await startFakeMiniMax({ apiKey: "k2", idStart: bigId });
    try {
      await writeFile(path.join(workspace.dir.path, "x.mp3"), "ID3");
      const { code, stdout } = await runCli(
        [
          "upload",
          path.join(workspace.dir.path, "x.mp3"),
          "--purpose",
          "voice_clone",
          "--filename",
          "renamed.mp3",
          "--json",
        ],
        { env: { MINIMAX_API_KEY: "k2", MINIMAX_BASE_URL: server2.url } },
      );
      expect(code).toBe(0);
      expect(stdout).toMatch(/"file_id": 9007199254740993,/);
      expect(JSON.parse(stdout)).toMatchObject({ filename: "renamed.mp3", purpose: "voice_clone", bytes: 3 });
      expect(server2.files[0]).toMatchObject({ fileId: bigId, filename: "renamed.mp3" });
    } finally {
      await server2.close();
    }
  });
});

describe("retrieve", () => {
  it("shows one file, including its download URL", async () => {
    workspace.server.seed({ purpose: "prompt_audio", filename: "p.mp3", content: "12345", fileId: bigId });
    const { code, stdout, stderr } = await runCli(["retrieve", String(bigId)], { env: workspace.env });
    expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
    expect(stdout).toMatch(/^file_id\s+9007199254740993$/m);
    expect(stdout).toMatch(/^purpose\s+prompt_audio$/m);
    expect(stdout).toMatch(/^created_at\s+2025-11-24 16:00:00Z$/m);
    expect(stdout).toMatch(/^download_url\s+http:\/\/127\.0\.0\.1:\d+\/download\/9007199254740993/m);
  });

  it("--json keeps the exact id", async () => {
    workspace.server.seed({ purpose: "prompt_audio", filename: "p.mp3", content: "12345", fileId: bigId });
    const { code, stdout } = await runCli(["retrieve", String(bigId), "--json"], { env: workspace.env });
    expect(code).toBe(0);
    expect(stdout).toMatch(/"file_id": 9007199254740993,/);
    expect(JSON.parse(stdout)).toMatchObject({ filename: "p.mp3", bytes: 5, purpose: "prompt_audio" });
  });
});

describe("download", () => {
  it("saves under the server's filename in the current directory", async () => {
    workspace.server.seed({ purpose: "voice_clone", filename: "sample.mp3", content: "sound", fileId: bigId });
    const { code, stdout, stderr } = await runCli(["download", String(bigId)], {
      env: workspace.env,
      cwd: workspace.dir.path,
    });
    expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
    const saved = path.join(workspace.dir.path, "sample.mp3");
    expect(await readFile(saved, "utf8")).toBe("sound");
    expect(stdout).toBe(`saved ${saved} (5 B)\n`);
  });

  it("--json reports the file id, server name, path and size", async () => {
    workspace.server.seed({ purpose: "voice_clone", filename: "sample.mp3", size: 4096, fileId: bigId });
    const { code, stdout } = await runCli(["download", String(bigId), "--json"], {
      env: workspace.env,
      cwd: workspace.dir.path,
    });
    expect(code).toBe(0);
    expect(stdout).toMatch(/"file_id": 9007199254740993,/);
    expect(JSON.parse(stdout)).toMatchObject({
      filename: "sample.mp3",
      path: path.join(workspace.dir.path, "sample.mp3"),
      bytes: 4096,
    });
  });

  it("-o - writes the content, byte for byte, to stdout and nothing else", async () => {
    const content = Buffer.from([0, 1, 2, 255, 254, 10, 13, 0]);
    workspace.server.seed({ purpose: "voice_clone", filename: "raw.bin", content, fileId: bigId });
    const child = spawn(process.execPath, [bin, "download", String(bigId), "-o", "-"], {
      cwd: workspace.dir.path,
      env: { PATH: process.env.PATH ?? "", ...workspace.env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const chunks: Buffer[] = [];
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => chunks.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const code = await new Promise((resolve) => child.on("close", resolve));
    expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
    expect(Buffer.concat(chunks)).toEqual(content);
    expect(await readdir(workspace.dir.path)).toEqual([]); // no file named "-"
  });

  it("-o - with --json is a usage error: both would be stdout", async () => {
    workspace.server.seed({ purpose: "voice_clone", filename: "a.bin", content: "x", fileId: bigId });
    const { code, stdout, stderr } = await runCli(["download", String(bigId), "-o", "-", "--json"], {
      env: workspace.env,
    });
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(JSON.parse(stderr)).toMatchObject({ kind: "usage", exitCode: 2 });
  });

  it("-o with a file path writes exactly there", async () => {
    const seeded = workspace.server.seed({ purpose: "voice_clone", filename: "ignored.mp3", content: "data" });
    const { code } = await runCli(["download", String(seeded.fileId), "-o", "mine.bin"], {
      env: workspace.env,
      cwd: workspace.dir.path,
    });
    expect(code).toBe(0);
    expect(await readFile(path.join(workspace.dir.path, "mine.bin"), "utf8")).toBe("data");
  });
});

describe("delete", () => {
  it("deletes the file and says so", async () => {
    workspace.server.seed({ purpose: "voice_clone", filename: "a.mp3", content: "a", fileId: bigId });
    const { code, stdout, stderr } = await runCli(["delete", String(bigId), "--purpose", "voice_clone"], {
      env: workspace.env,
    });
    expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
    expect(stdout).toBe("deleted file 9007199254740993 (voice_clone)\n");
    expect(workspace.server.files).toEqual([]);
  });

  it("without --purpose, the client looks the purpose up and deletes the file", async () => {
    workspace.server.seed({ purpose: "video_generation", filename: "out.mp4", content: "a", fileId: bigId });
    const { code, stdout, stderr } = await runCli(["delete", String(bigId)], { env: workspace.env });
    expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
    expect(stdout).toBe("deleted file 9007199254740993\n");
    expect(workspace.server.requests.map((r) => r.operation)).toEqual(["retrieve", "delete"]);
    expect(workspace.server.files).toEqual([]);
  });

  it("--json prints the deleted id exactly", async () => {
    workspace.server.seed({ purpose: "voice_clone", filename: "a.mp3", content: "a", fileId: bigId });
    const { code, stdout } = await runCli(["delete", String(bigId), "--purpose", "voice_clone", "--json"], {
      env: workspace.env,
    });
    expect(code).toBe(0);
    expect(stdout).toBe('{\n  "file_id": 9007199254740993,\n  "purpose": "voice_clone"\n}\n');
  });
});

describe("diagnostics stay off stdout", () => {
  it("--verbose logs a retry on stderr while stdout holds only the JSON result", async () => {
    workspace.server.seed({ purpose: "voice_clone", filename: "a.mp3", content: "a", fileId: bigId });
    workspace.server.inject({ kind: "rate-limit", code: 1002 });
    const { code, stdout, stderr } = await runCli(["list", "--purpose", "voice_clone", "--json", "--verbose"], {
      env: workspace.env,
    });
    expect(code).toBe(0);
    expect(stderr).toMatch(/^warn: list: retrying in \d+ ms \(retry 1 of 2\) after: .*1002/m);
    expect(stderr).toContain(`"traceId": "${workspace.server.requests[0]!.traceId}"`);
    expect(JSON.parse(stdout)).toHaveLength(1);
  });

  it("a reader that stops early (| head) ends the command quietly", async () => {
    for (let i = 0; i < 800; i++)
      workspace.server.seed({ purpose: "voice_clone", filename: `take-${i}.mp3`, content: "a" });
    const { code, stdout, stderr } = await runOnTerminalless(
      `${shellCommand(["list", "--purpose", "voice_clone", "--json"])} | head -c 1; echo " status=\${PIPESTATUS[0]}"`,
      workspace.env,
    );
    expect(code).toBe(0);
    expect(stdout).toBe("[ status=0\n");
    expect(stderr).toBe("");
  });
});

describe("configuration", () => {
  it("--api-key and --base-url win over the environment", async () => {
    workspace.server.seed({ purpose: "voice_clone", filename: "a.mp3", content: "a" });
    const wrongEnv = { MINIMAX_API_KEY: "wrong", MINIMAX_BASE_URL: "http://127.0.0.1:9" };
    const { code, stdout } = await runCli(
      [
        "list",
        "--purpose",
        "voice_clone",
        "--api-key",
        workspace.server.apiKey,
        "--base-url",
        workspace.server.url,
        "--json",
      ],
      { env: wrongEnv },
    );
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toHaveLength(1);
  });
});

/** Runs a bash pipeline with pipes (no terminal) and returns its output. */
function runOnTerminalless(script: string, env: Record<string, string>): Promise<CliResult> {
  const child = spawn("bash", ["--norc", "--noprofile", "-c", script], {
    env: { PATH: process.env.PATH ?? "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  return collectOutput(child);
}
