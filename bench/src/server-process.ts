import { spawnScript } from "./child.js";
import type { LoopbackOptions, LoopbackServer } from "./loopback-server.js";

/** Starts the loopback server in a child process; close() ends that process. */
export async function startServerProcess(options: LoopbackOptions): Promise<LoopbackServer> {
  const child = spawnScript("./loopback-server-process.ts", [JSON.stringify(options)]);
  const url = await new Promise<string>((resolve, reject) => {
    let out = "";
    child.on("error", reject);
    child.on("exit", (code) => reject(new Error(`loopback server exited early with ${code}`)));
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      out += chunk;
      const newline = out.indexOf("\n");
      if (newline >= 0) resolve(JSON.parse(out.slice(0, newline)).url);
    });
  });
  return {
    url,
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.stdin.end();
      }),
  };
}
