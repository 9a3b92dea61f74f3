import type { ConnectionFlags } from "./config.js";

/** Where a run reads its configuration from and writes its output to; bin.ts passes the process's. */
export interface CliIo {
  /** Text, or a download's bytes with `-o -`; `once("drain")` is awaited when `write` returns false. */
  stdout: { write(chunk: string | Uint8Array): unknown; once?(event: "drain", listener: () => void): unknown };
  /** Progress bars are drawn only when this is a terminal (`isTTY`). */
  stderr: { write(text: string): unknown; isTTY?: boolean };
  /** Read only to ask for confirmation (`prune` on a terminal without --yes or --dry-run). */
  stdin?: NodeJS.ReadableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Aborted on SIGINT/SIGTERM/SIGHUP: requests stop and a download in flight leaves nothing behind. */
  signal: AbortSignal;
  /** Where progress bars are drawn, unfiltered (a bar is made of control sequences); default `stderr`. */
  progressOutput?: { isTTY?: boolean };
  /**
   * Where `download -o -` writes the file's bytes, unfiltered (they are the content, not text): the
   * process's stdout in bin.ts. `once("drain")` is awaited when `write` returns false.
   */
  contentOutput?: { write(chunk: Uint8Array): unknown; once?(event: "drain", listener: () => void): unknown };
}

/** Flags every command accepts (before or after the command name). */
export interface GlobalFlags extends ConnectionFlags {
  json?: boolean;
  idsAsStrings?: boolean;
  verbose?: boolean;
}
