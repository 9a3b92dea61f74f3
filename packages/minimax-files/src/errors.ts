/**
 * Typed errors. Every failure the client reports is a `MiniMaxError`; a caller's abort is the one
 * exception (it rejects with the signal's own reason, as `fetch` does).
 *
 * Errors deliberately carry no request: headers hold the API key, and an error object travels
 * far (loggers, `util.inspect`, JSON error reports). What they carry is listed in `toJSON()`.
 *
 * Each class names itself with a literal: a minifier renames classes, so `new.target.name` would not
 * survive a caller's bundler. Fields are `declare`d: each constructor sets them (in the order they
 * are listed), so an ES2022 field declaration would only add a redundant `field;` to every bundle.
 */
import { errorKindOf, type FileOperationName, type MiniMaxErrorKind } from "@org/minimax-files-types";

export type { MiniMaxErrorKind };

/** Which MiniMax call failed: a method of the client, or `METHOD /path` for other `api` calls. */
export type MiniMaxOperation = FileOperationName | "download" | (string & {});

export interface MiniMaxErrorOptions {
  operation?: MiniMaxOperation;
  cause?: unknown;
}

/** Base class of every error this package throws. */
export class MiniMaxError extends Error {
  override name = "MiniMaxError";
  /** The client method (or raw `api` call) that failed. */
  declare readonly operation: MiniMaxOperation | undefined;

  constructor(message: string, options: MiniMaxErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.operation = options.operation;
  }

  /** A plain, secret-free description (what `JSON.stringify(error)` prints). */
  toJSON(): Record<string, unknown> {
    return { name: this.name, message: this.message, operation: this.operation };
  }
}

export interface MiniMaxApiErrorOptions extends MiniMaxErrorOptions {
  httpStatus: number;
  code?: number | undefined;
  statusMsg?: string | undefined;
  traceId?: string | undefined;
}

/**
 * MiniMax answered, and the answer is a failure: a non-zero `base_resp.status_code` (MiniMax sends
 * most failures as HTTP 200) or a non-2xx HTTP status.
 */
export class MiniMaxApiError extends MiniMaxError {
  override name = "MiniMaxApiError";
  /** `base_resp.status_code`; undefined when only the HTTP status says what went wrong. */
  declare readonly code: number | undefined;
  /** `base_resp.status_msg`, or the HTTP status text. */
  declare readonly statusMsg: string | undefined;
  declare readonly httpStatus: number;
  /** The response's `Trace-Id` header: quote it when reporting a problem to MiniMax. */
  declare readonly traceId: string | undefined;
  declare readonly kind: MiniMaxErrorKind;

  constructor(message: string, options: MiniMaxApiErrorOptions) {
    super(message, options);
    this.code = options.code;
    this.statusMsg = options.statusMsg;
    this.httpStatus = options.httpStatus;
    this.traceId = options.traceId;
    this.kind = errorKindOf(options.code, options.httpStatus);
  }

  override toJSON(): Record<string, unknown> {
    return {
      ...super.toJSON(),
      kind: this.kind,
      code: this.code,
      statusMsg: this.statusMsg,
      httpStatus: this.httpStatus,
      traceId: this.traceId,
    };
  }
}

/** MiniMax answered with something that is not the JSON it documents (an HTML page, truncated JSON, no `base_resp`). */
export class MiniMaxResponseError extends MiniMaxError {
  override name = "MiniMaxResponseError";
  declare readonly httpStatus: number;
  declare readonly traceId: string | undefined;

  constructor(message: string, options: MiniMaxErrorOptions & { httpStatus: number; traceId?: string | undefined }) {
    super(message, options);
    this.httpStatus = options.httpStatus;
    this.traceId = options.traceId;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), httpStatus: this.httpStatus, traceId: this.traceId };
  }
}

/** The request never got a complete answer: DNS, refused or reset connection, body cut short. */
export class MiniMaxConnectionError extends MiniMaxError {
  override name = "MiniMaxConnectionError";
}

/** An attempt took longer than `timeoutMs` (waiting for the response, or between two chunks of a body). */
export class MiniMaxTimeoutError extends MiniMaxConnectionError {
  override name = "MiniMaxTimeoutError";
}

/** The arguments or options are wrong; thrown before anything is sent. */
export class MiniMaxValidationError extends MiniMaxError {
  override name = "MiniMaxValidationError";
}

/**
 * A `file_id` beyond 2^53 met a client created with `ids: "number"`, where it would be rounded to
 * another id. Create the client with `ids: "string"` or `"bigint"`.
 */
export class MiniMaxUnsafeIdError extends MiniMaxError {
  override name = "MiniMaxUnsafeIdError";
}

/** A local file could not be written (a download's destination); `code` is the system's, e.g. `ENOSPC`. */
export class MiniMaxLocalFileError extends MiniMaxError {
  override name = "MiniMaxLocalFileError";
  declare readonly code: string | undefined;

  constructor(message: string, options: MiniMaxErrorOptions & { code?: string | undefined }) {
    super(message, options);
    this.code = options.code;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), code: this.code };
  }
}
