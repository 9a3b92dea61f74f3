import { type ChildProcessByStdio, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Readable } from "node:stream";
import { fileURLToPath } from "node:url";

/** The built executable: tests run what users run (`pnpm build` happens first, see turbo.json). */
export const bin = fileURLToPath(new URL("../../dist/bin.js", import.meta.url));

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  /** Only these variables (plus PATH) reach the CLI: the machine's MINIMAX_* never leak in. */
  env?: Record<string, string>;
  cwd?: string;
  /** Called once the process has started (e.g. to signal it). */
  started?: (pid: number) => void;
}

/**
 * Runs `node dist/bin.js ...args` with stdout and stderr on pipes (so neither is a terminal).
 * Asynchronous on purpose: the fake server answers from this process's event loop.
 */
export function runCli(args: readonly string[], options: RunOptions = {}): Promise<CliResult> {
  const child = spawn(process.execPath, [bin, ...args], {
    cwd: options.cwd,
    env: { PATH: process.env.PATH ?? "", ...options.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  if (child.pid !== undefined) options.started?.(child.pid);
  return collectOutput(child);
}

/** Collects a child's stdout and stderr as text; resolves with its exit code once it has closed. */
export function collectOutput(child: ChildProcessByStdio<null, Readable, Readable>): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk;
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/**
 * Runs a shell command line on a real pseudo-terminal with util-linux `script` (in Debian's
 * essential bsdutils): the CLI sees TTY stdout and stderr, as in an interactive shell. Returns
 * everything the terminal received (stdout and stderr interleaved) and the command's exit code.
 */
export function runOnTerminal(
  commandLine: string,
  options: RunOptions & { /** Typed on the terminal (kept open until the command exits). */ input?: string } = {},
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn("script", ["-qfec", commandLine, "/dev/null"], {
      cwd: options.cwd,
      env: { PATH: process.env.PATH ?? "", TERM: "xterm", COLUMNS: "120", ...options.env },
      stdio: ["pipe", "pipe", "pipe"],
    });
    // Without input the terminal's input ends at once, as /dev/null would.
    if (options.input === undefined) child.stdin.end();
    else child.stdin.write(options.input);
    let output = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      output += chunk;
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      output += chunk;
    });
    child.on("error", reject);
    child.on("close", (code) => {
      child.stdin.end();
      resolve({ code, output });
    });
  });
}

/** `node dist/bin.js` quoted for a shell command line. */
export function shellCommand(args: readonly string[]): string {
  return [process.execPath, bin, ...args].map((arg) => `'${arg.replaceAll("'", "'\\''")}'`).join(" ");
}

/** A fresh empty directory, removed by the returned function. */
export async function tempDirectory(): Promise<{ path: string; remove: () => Promise<void> }> {
  const directory = await mkdtemp(path.join(tmpdir(), "minimax-files-cli-test-"));
  return { path: directory, remove: () => rm(directory, { recursive: true, force: true }) };
}

/** A port nothing listens on right now (the OS picks it, then it is released). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.on("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}
