import { spawn } from "node:child_process";
import { once } from "node:events";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { bin, runCli, tempDirectory } from "./support/cli.js";

describe("fake-server", () => {
  it("prints the variables to export, serves the README session, and stops on Ctrl-C", async () => {
    const server = spawn(process.execPath, [bin, "fake-server"], {
      env: { PATH: process.env.PATH ?? "" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const dir = await tempDirectory();
    try {
      let printed = "";
      server.stdout.setEncoding("utf8");
      while (!printed.includes("\n")) {
        const [chunk] = await once(server.stdout, "data");
        printed += chunk;
      }
      const match = /^export MINIMAX_BASE_URL=(http:\/\/127\.0\.0\.1:\d+) MINIMAX_API_KEY=(fake-key)\n$/.exec(printed);
      expect(match).not.toBeNull();
      const env = { MINIMAX_BASE_URL: match![1]!, MINIMAX_API_KEY: match![2]! };

      await writeFile(path.join(dir.path, "hello.txt"), "Hello, MiniMax.\n");
      const upload = await runCli(["upload", "hello.txt", "--purpose", "t2a_async_input", "--json"], {
        env,
        cwd: dir.path,
      });
      expect(upload.code).toBe(0);
      const list = await runCli(["list", "--purpose", "t2a_async_input"], { env });
      expect(list.stdout).toMatch(/hello\.txt\n$/);
      const wrongKey = await runCli(["list", "--purpose", "t2a_async_input"], {
        env: { ...env, MINIMAX_API_KEY: "other" },
      });
      expect(wrongKey.code).toBe(3);

      server.kill("SIGINT");
      const [code] = await once(server, "close");
      expect(code).toBe(0);
    } finally {
      server.kill("SIGKILL");
      await dir.remove();
    }
  });
});
