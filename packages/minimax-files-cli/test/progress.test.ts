import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { type FakeMiniMax, startFakeMiniMax } from "@org/minimax-files-testing";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runCli, runOnTerminal, shellCommand, tempDirectory } from "./support/cli.js";

let server: FakeMiniMax;
let env: Record<string, string>;
let dir: Awaited<ReturnType<typeof tempDirectory>>;
const size = 3 * 1024 * 1024;

beforeEach(async () => {
  server = await startFakeMiniMax({ apiKey: "test-key" });
  env = { MINIMAX_API_KEY: server.apiKey, MINIMAX_BASE_URL: server.url };
  dir = await tempDirectory();
});

afterEach(async () => {
  await server.close();
  await dir.remove();
});

// cli-progress draws e.g. "download ████░░░ 100% | 3.0 MiB / 3.0 MiB | 41.2 MiB/s | ETA 0s".
const progressLine = (verb: string) =>
  new RegExp(`${verb} +[█░]+ 100% \\| 3\\.0 MiB / 3\\.0 MiB \\| [\\d.]+ [KMG]?i?B/s \\| ETA `);

describe("progress bar", () => {
  it("download draws bytes, rate and time left on a terminal, and keeps it off stdout", async () => {
    const seeded = server.seed({ purpose: "voice_clone", filename: "big.bin", size });
    // stderr is the terminal; stdout goes to a file, which must hold only the JSON result.
    const { code, output } = await runOnTerminal(
      `${shellCommand(["download", String(seeded.fileId), "--json"])} > out.json`,
      {
        env,
        cwd: dir.path,
      },
    );
    expect(code).toBe(0);
    expect(output).toMatch(progressLine("download"));
    expect(JSON.parse(await readFile(path.join(dir.path, "out.json"), "utf8"))).toMatchObject({ bytes: size });
  });

  it("upload draws it too", async () => {
    await writeFile(path.join(dir.path, "big.txt"), Buffer.alloc(size, "a"));
    const { code, output } = await runOnTerminal(shellCommand(["upload", "big.txt", "--purpose", "t2a_async_input"]), {
      env,
      cwd: dir.path,
    });
    expect(code).toBe(0);
    expect(output).toMatch(progressLine("upload"));
    expect(server.files[0]?.bytes).toBe(size);
  });

  it("nothing is drawn when stderr is not a terminal", async () => {
    const seeded = server.seed({ purpose: "voice_clone", filename: "big.bin", size });
    await writeFile(path.join(dir.path, "big.txt"), Buffer.alloc(size, "a"));
    const download = await runCli(["download", String(seeded.fileId)], { env, cwd: dir.path });
    const upload = await runCli(["upload", "big.txt", "--purpose", "t2a_async_input"], { env, cwd: dir.path });
    expect([download.code, download.stderr, upload.code, upload.stderr]).toEqual([0, "", 0, ""]);
  });

  it("short commands draw nothing on a terminal either", async () => {
    const { code, output } = await runOnTerminal(shellCommand(["list", "--purpose", "voice_clone"]), { env });
    expect(code).toBe(0);
    expect(output).not.toMatch(/ETA|█/);
  });
});
