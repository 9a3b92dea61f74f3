#!/usr/bin/env node
import { ExitCode } from "./exit-codes.js";
import { run } from "./program.js";

const controller = new AbortController();
// The first signal aborts the request in flight (a download's temporary file is removed); a second
// one exits at once. SIGHUP comes when the terminal goes away, SIGTERM from a supervisor: both
// deserve the same cleanup as Ctrl-C. SIGKILL cannot be caught; what it leaves is named
// `.minimax-files-<hex>.part` (see the README).
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
  process.on(signal, () => {
    if (controller.signal.aborted) process.exit(ExitCode.interrupted);
    controller.abort(new Error(`received ${signal}`));
  });
}

// `minimax-files list --json | head -1`: the reader left, which is not an error worth a stack trace.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code !== "EPIPE") throw error;
  process.exit(process.exitCode ?? ExitCode.ok);
});
// After SIGHUP the terminal is gone: a last "interrupted" line must not become a crash.
process.stderr.on("error", () => {});

const exitCode = await run(process.argv.slice(2), {
  stdout: process.stdout,
  contentOutput: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  env: process.env,
  cwd: process.cwd(),
  signal: controller.signal,
});
process.exitCode = exitCode;
// Interrupted: the cleanup has run (run() waits for it), and nothing else is worth waiting for. A
// transfer aborted against a server that reads slowly may still hold a socket; exiting now is what
// the signal asked for.
if (controller.signal.aborted) process.exit(exitCode);
