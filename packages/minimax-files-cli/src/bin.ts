#!/usr/bin/env node
import { ExitCode } from "./exit-codes.js";
import { run } from "./program.js";

const controller = new AbortController();
// First Ctrl-C aborts the request in flight (a download's temporary file is removed); a second
// one exits at once.
for (const signal of ["SIGINT", "SIGTERM"] as const) {
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

process.exitCode = await run(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
  signal: controller.signal,
});
