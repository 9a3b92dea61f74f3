import {
  MiniMaxApiError,
  MiniMaxConnectionError,
  type MiniMaxErrorKind,
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

/**
 * Some items of a bulk command failed. Each failure has already been printed with its own details;
 * the exit code is the first failure's (in the order the items were given).
 */
export class BatchFailedError extends Error {
  override name = "BatchFailedError";
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
  /** The same failure for `--json`: one object whose keys are always present (null when unknown). */
  json: FailureJson;
}

/** A failure as `--json` prints it on stderr. */
export interface FailureJson {
  /** MiniMax's `base_resp.status_code`; null when MiniMax sent none (or never answered). */
  code: number | null;
  /** A MiniMax error kind (`authentication`, `rate_limit`, ...) or this CLI's category of failure. */
  kind: FailureKind;
  message: string;
  hint: string | null;
  operation: string | null;
  traceId: string | null;
  httpStatus: number | null;
  exitCode: number;
}

export type FailureKind =
  | MiniMaxErrorKind
  | "usage"
  | "partial_failure"
  | "invalid_response"
  | "connection"
  | "timeout"
  | "local_file"
  | "interrupted"
  | "unexpected";

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

/** Maps anything a command threw to an exit code, human-readable lines (message, details, hint) and JSON. */
export function describeFailure(error: unknown, context: { interrupted: boolean }): FailureReport {
  if (context.interrupted) {
    return failure(ExitCode.interrupted, "interrupted", "interrupted; nothing was left half-written");
  }
  if (error instanceof StepFailedError) return failure(error.exitCode, "unexpected", error.message);
  if (error instanceof BatchFailedError) return failure(error.exitCode, "partial_failure", error.message);
  if (error instanceof UsageError) return failure(ExitCode.usage, "usage", error.message, { hint: error.hint });
  if (error instanceof MiniMaxValidationError) {
    return failure(ExitCode.usage, "usage", error.message, { operation: error.operation });
  }
  if (error instanceof MiniMaxApiError) return describeApiError(error);
  if (error instanceof MiniMaxResponseError) {
    return failure(
      ExitCode.api,
      "invalid_response",
      `MiniMax sent a response this client cannot read: ${error.message}`,
      {
        operation: error.operation,
        httpStatus: error.httpStatus,
        traceId: error.traceId,
        hint: "often a proxy or an outage: retry later; quote the trace id to MiniMax support",
      },
      true,
    );
  }
  if (error instanceof MiniMaxTimeoutError || error instanceof MiniMaxConnectionError) {
    return failure(
      ExitCode.network,
      error instanceof MiniMaxTimeoutError ? "timeout" : "connection",
      `network error: ${error.message}`,
      {
        operation: error.operation,
        hint: "check your connection and MINIMAX_BASE_URL / MINIMAX_REGION; --timeout and --retries give MiniMax more time",
      },
    );
  }
  if (error instanceof LocalFileError) {
    return failure(ExitCode.localFile, "local_file", error.message, { hint: error.hint });
  }
  // The client's (download: "cannot write the file"), or one of this program's own file operations.
  if (error instanceof MiniMaxLocalFileError || isFileSystemError(error)) {
    return failure(ExitCode.localFile, "local_file", (error as Error).message);
  }
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  return failure(ExitCode.unexpected, "unexpected", `unexpected error: ${detail}`);
}

/** A failure of commander's own (unknown flag, missing argument, bad value), for `--json`. */
export function describeUsageFailure(message: string): FailureReport {
  return failure(ExitCode.usage, "usage", message.replace(/^error: /, "").trim(), {
    hint: "run with --help for usage",
  });
}

function describeApiError(error: MiniMaxApiError): FailureReport {
  const what = error.code !== undefined ? `MiniMax API error ${error.code}` : `MiniMax HTTP error ${error.httpStatus}`;
  return failure(
    ExitCode.api,
    error.kind,
    `${what} (${error.kind}): ${error.statusMsg || error.message}`,
    {
      code: error.code,
      operation: error.operation,
      httpStatus: error.httpStatus,
      traceId: error.traceId,
      // A next step for each documented MiniMax error: the protocol's table, beside the codes.
      hint: errorHint(error),
    },
    true,
  );
}

interface FailureDetails {
  code?: number | undefined;
  operation?: string | undefined;
  httpStatus?: number | undefined;
  traceId?: string | undefined;
  hint?: string | undefined;
}

/** `details`: whether the prose lists operation, HTTP status and trace id under the message. */
function failure(
  exitCode: number,
  kind: FailureKind,
  message: string,
  extra: FailureDetails = {},
  details = false,
): FailureReport {
  const lines = [message];
  if (details) {
    lines.push(
      `  operation:   ${extra.operation}`,
      `  http status: ${extra.httpStatus}`,
      `  trace id:    ${extra.traceId ?? "(none sent)"}`,
    );
  }
  return {
    exitCode,
    lines: withHint(lines, extra.hint),
    json: {
      code: extra.code ?? null,
      kind,
      message,
      hint: extra.hint ?? null,
      operation: extra.operation ?? null,
      traceId: extra.traceId ?? null,
      httpStatus: extra.httpStatus ?? null,
      exitCode,
    },
  };
}

function isFileSystemError(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === "string" && FILE_SYSTEM_CODES.has(code);
}

function withHint(lines: string[], hint: string | undefined): string[] {
  return hint ? [...lines, `  hint: ${hint}`] : lines;
}
