import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCli, runOnTerminal, shellCommand } from "./support/cli.js";
import { useFakeWorkspace } from "./support/fake-workspace.js";

const size = 3 * 1024 * 1024;
const workspace = useFakeWorkspace();

// cli-progress draws e.g. "download ████░░░ 100% | 3.0 MiB / 3.0 MiB | 41.2 MiB/s | ETA 0s".
const progressLine = (verb: string) =>
  new RegExp(`${verb} +[█░]+ 100% \\| 3\\.0 MiB / 3\\.0 MiB \\| [\\d.]+ [KMG]?i?B/s \\| ETA `);

describe("progress bar", () => {
  it("download draws bytes, rate and time left on a terminal, and keeps it off stdout", async () => {
    const seeded = workspace.server.seed({ purpose: "voice_clone", filename: "big.bin", size });
    // stderr is the terminal; stdout goes to a file, which must hold only the JSON result.
    const { code, output } = await runOnTerminal(
      `${shellCommand(["download", String(seeded.fileId), "--json"])} > out.json`,
      {
        env: workspace.env,
        cwd: workspace.dir.path,
      },
    );
    expect(code).toBe(0);
    expect(output).toMatch(progressLine("download"));
    expect(JSON.parse(await readFile(path.join(workspace.dir.path, "out.json"), "utf8"))).toMatchObject({
      bytes: size,
    });
  });

  it("upload draws it too", async () => {
    await writeFile(path.join(workspace.dir.path, "big.txt"), Buffer.alloc(size, "a"));
    const { code, output } = await runOnTerminal(shellCommand(["upload", "big.txt", "--purpose", "t2a_async_input"]), {
      env: workspace.env,
      cwd: workspace.dir.path,
    });
    expect(code).toBe(0);
    expect(output).toMatch(progressLine("upload"));
    expect(workspace.server.files[0]?.bytes).toBe(size);
  });

  it("nothing is drawn when stderr is not a terminal", async () => {
    const seeded = workspace.server.seed({ purpose: "voice_clone", filename: "big.bin", size });
    await writeFile(path.join(workspace.dir.path, "big.txt"), Buffer.alloc(size, "a"));
    const download = await runCli(["download", String(seeded.fileId)], { env: workspace.env, cwd: workspace.dir.path });
    const upload = await runCli(["upload", "big.txt", "--purpose", "t2a_async_input"], {
      env: workspace.env,
      cwd: workspace.dir.path,
    });
    expect([download.code, download.stderr, upload.code, upload.stderr]).toEqual([0, "", 0, ""]);
  });

  it("short commands draw nothing on a terminal either", async () => {
    const { code, output } = await runOnTerminal(shellCommand(["list", "--purpose", "voice_clone"]), {
      env: workspace.env,
    });
    expect(code).toBe(0);
    expect(output).not.toMatch(/ETA|█/);
  });
});
