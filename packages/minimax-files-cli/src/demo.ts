import { spawn } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { regionBaseUrls } from "@org/minimax-files";
import type { CliIo } from "./cli-io.js";
import { StepFailedError } from "./errors.js";

const bin = fileURLToPath(new URL("./bin.js", import.meta.url));
const purpose = "t2a_async_input";

/**
 * The README's round trip, driven through the built CLI exactly as a person would type it:
 * upload → list → retrieve → download → delete. Without MINIMAX_API_KEY it starts the fake MiniMax
 * from @org/minimax-files-testing in this process; with it, every step talks to the real API.
 */
export async function runDemo(io: CliIo): Promise<void> {
  const say = (line: string) => io.stdout.write(`${line}\n`);
  const workDirectory = await mkdtemp(path.join(tmpdir(), "minimax-files-demo-"));
  let env: NodeJS.ProcessEnv = io.env;
  let closeServer: (() => Promise<void>) | undefined;
  try {
    if (io.env.MINIMAX_API_KEY) {
      const region = io.env.MINIMAX_REGION === "cn" ? "cn" : "global";
      const endpoint = io.env.MINIMAX_BASE_URL || regionBaseUrls[region];
      say(`MINIMAX_API_KEY is set: this round trip uses the API at ${endpoint} (one small file, deleted at the end).`);
    } else {
      const { startFakeMiniMax } = await import("@org/minimax-files-testing");
      const server = await startFakeMiniMax({ apiKey: "demo-key" });
      closeServer = () => server.close();
      env = { ...io.env, MINIMAX_API_KEY: server.apiKey, MINIMAX_BASE_URL: server.url, MINIMAX_REGION: "" };
      say(`MINIMAX_API_KEY is not set: this round trip uses the embedded fake MiniMax at ${server.url}.`);
      say("Export MINIMAX_API_KEY to run the same steps against the real API.");
    }

    const sample = path.join(workDirectory, "hello-minimax.txt");
    const content = "Hello from the minimax-files command line.\n";
    await writeFile(sample, content);
    const downloads = path.join(workDirectory, "downloads");
    await mkdir(downloads);
    // Each step runs in the work directory, so the commands read as a person would type them.

    const cli = (...args: string[]) => step(io, env, workDirectory, args);
    const uploaded = await cli("upload", path.basename(sample), "--purpose", purpose, "--json");
    // Read the id as digits: JSON.parse would round an int64 above 2^53.
    const fileId = /"file_id":\s*(\d+)/.exec(uploaded)?.[1];
    if (!fileId) throw new StepFailedError("upload printed no file_id", 1);
    await cli("list", "--purpose", purpose);
    await cli("retrieve", fileId);
    await cli("download", fileId, "-o", "downloads/");
    const downloaded = await readFile(path.join(downloads, path.basename(sample)), "utf8");
    if (downloaded !== content) throw new StepFailedError("the downloaded content differs from the upload", 1);
    await cli("delete", fileId, "--purpose", purpose);
    say(
      "\nround trip OK: upload → list → retrieve → download → delete; the download matched the upload byte for byte.",
    );
  } finally {
    await closeServer?.();
    await rm(workDirectory, { recursive: true, force: true });
  }
}

/** Runs the CLI as a subprocess, echoing the command and its output; returns its stdout. */
async function step(io: CliIo, env: NodeJS.ProcessEnv, cwd: string, args: string[]): Promise<string> {
  io.stdout.write(`\n$ minimax-files ${args.map(quote).join(" ")}\n`);
  // Asynchronous on purpose: the fake server answers from this very process's event loop.
  const child = spawn(process.execPath, [bin, ...args], { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
    stdout += chunk;
    io.stdout.write(chunk);
  });
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => io.stderr.write(chunk));
  const exitCode = await new Promise<number>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => resolve(code ?? 1));
  });
  if (exitCode !== 0) throw new StepFailedError(`minimax-files ${args[0]} exited with ${exitCode}`, exitCode);
  return stdout;
}

function quote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", "'\\''")}'`;
}
