import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { benchDir } from "./paths.js";

/** Spawns `node --import tsx <script>` from bench/ so TypeScript entry points run in a fresh process. */
export function spawnScript(script: string, args: string[], nodeFlags: string[] = []) {
  const path = fileURLToPath(new URL(script, import.meta.url));
  return spawn(process.execPath, [...nodeFlags, "--import", "tsx", path, ...args], {
    cwd: benchDir,
    stdio: ["pipe", "pipe", "inherit"],
  });
}

/** Runs a script to completion and parses the one JSON line it prints last. */
export async function runScriptForJson<T>(script: string, args: string[], nodeFlags: string[] = []): Promise<T> {
  const child = spawnScript(script, args, nodeFlags);
  child.stdin.end();
  let out = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
    out += chunk;
  });
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on("error", reject).on("close", resolve);
  });
  if (code !== 0) throw new Error(`${script} ${args.join(" ")} exited with ${code}: ${out.slice(-2000)}`);
  const last = out.trim().split("\n").at(-1) ?? "";
  return JSON.parse(last) as T;
}
