import {
  MiniMaxApiError,
  MiniMaxConnectionError,
  MiniMaxLocalFileError,
  MiniMaxResponseError,
  MiniMaxTimeoutError,
  MiniMaxValidationError,
} from "@org/minimax-files";
import { errorHint } from "@org/minimax-files-types";
import { ExitCode } from "./exit-codes.js";

/** The command line is wrong; raised before anything is sent. */
export class UsageError extends Error {
  override name = "UsageError";
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
  }
}

/** A local file could not be read or written. */
export class LocalFileError extends Error {
  override name = "LocalFileError";
  constructor(
    message: string,
    readonly hint?: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** A step of `demo` failed; it already printed why, and its exit code is passed on. */
export class StepFailedError extends Error {
  override name = "StepFailedError";
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}

/** What to print on stderr for a failure, and the exit code it maps to. */
export interface FailureReport {
  exitCode: number;
  lines: string[];
}

const FILE_SYSTEM_CODES = new Set([
  "ENOENT",
  "EACCES",
  "EPERM",
  "EISDIR",
  "ENOTDIR",
  "ENOSPC",
  "EEXIST",
  "EROFS",
  "EMFILE",
  "ENAMETOOLONG",
  "EDQUOT",
  "EIO",
]);

/** Maps anything a command threw to an exit code and human-readable lines (message, details, hint). */
export function describeFailure(error: unknown, context: { interrupted: boolean }): FailureReport {
  if (context.interrupted) {
    return { exitCode: ExitCode.interrupted, lines: ["interrupted; nothing was left half-written"] };
  }
  if (error instanceof StepFailedError) return { exitCode: error.exitCode, lines: [error.message] };
  if (error instanceof UsageError) {
    return { exitCode: ExitCode.usage, lines: withHint([error.message], error.hint) };
  }
  if (error instanceof MiniMaxValidationError) {
    return { exitCode: ExitCode.usage, lines: [error.message] };
  }
  if (error instanceof MiniMaxApiError) return describeApiError(error);
  if (error instanceof MiniMaxResponseError) {
    const lines = [
      `MiniMax sent a response this client cannot read: ${error.message}`,
      `  operation:   ${error.operation}`,
      `  http status: ${error.httpStatus}`,
      `  trace id:    ${error.traceId ?? "(none sent)"}`,
    ];
    return {
      exitCode: ExitCode.api,
      lines: withHint(lines, "often a proxy or an outage: retry later; quote the trace id to MiniMax support"),
    };
  }
  if (error instanceof MiniMaxTimeoutError || error instanceof MiniMaxConnectionError) {
    return {
      exitCode: ExitCode.network,
      lines: withHint(
        [`network error: ${error.message}`],
        "check your connection and MINIMAX_BASE_URL / MINIMAX_REGION; --timeout and --retries give MiniMax more time",
      ),
    };
  }
  if (error instanceof LocalFileError) {
    return { exitCode: ExitCode.localFile, lines: withHint([error.message], error.hint) };
  }
  // The client's (download: "cannot write the file"), or one of this program's own file operations.
  if (error instanceof MiniMaxLocalFileError || isFileSystemError(error)) {
    return { exitCode: ExitCode.localFile, lines: [(error as Error).message] };
  }
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  return { exitCode: ExitCode.unexpected, lines: [`unexpected error: ${detail}`] };
}

function describeApiError(error: MiniMaxApiError): FailureReport {
  const what = error.code !== undefined ? `MiniMax API error ${error.code}` : `MiniMax HTTP error ${error.httpStatus}`;
  const lines = [
    `${what} (${error.kind}): ${error.statusMsg || error.message}`,
    `  operation:   ${error.operation}`,
    `  http status: ${error.httpStatus}`,
    `  trace id:    ${error.traceId ?? "(none sent)"}`,
  ];
  // A next step for each documented MiniMax error: the protocol's table, beside the codes.
  return { exitCode: ExitCode.api, lines: withHint(lines, errorHint(error)) };
}

function isFileSystemError(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === "string" && FILE_SYSTEM_CODES.has(code);
}

function withHint(lines: string[], hint: string | undefined): string[] {
  return hint ? [...lines, `  hint: ${hint}`] : lines;
}
