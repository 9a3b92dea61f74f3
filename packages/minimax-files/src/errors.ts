/**
 * Typed errors. Every failure the client reports is a `MiniMaxError`; a caller's abort is the one
 * exception (it rejects with the signal's own reason, as `fetch` does).
 *
 * Errors deliberately carry no request: headers hold the API key, and an error object travels
 * far (loggers, `util.inspect`, JSON error reports). What they carry is listed in `toJSON()`.
 */

/** Which MiniMax call failed: a method of the client, or `METHOD /path` for other `api` calls. */
export type MiniMaxOperation =
  | "list"
  | "upload"
  | "retrieve"
  | "retrieveContent"
  | "download"
  | "delete"
  | (string & {});

/**
 * What kind of failure a `MiniMaxApiError` is, so callers need not compare status codes:
 * - `rate_limit`: base_resp 1002 (RPM) or 1039 (TPM), or HTTP 429
 * - `authentication`: 1004, 2049, or HTTP 401
 * - `insufficient_balance`: 1008
 * - `invalid_input`: 2013, 1026, or HTTP 400
 * - `server`: 1000, 1001, 1013, 1024, 1033 or HTTP 5xx
 * - `unknown`: anything else
 */
export type MiniMaxErrorKind =
  | "rate_limit"
  | "authentication"
  | "insufficient_balance"
  | "invalid_input"
  | "server"
  | "unknown";

export interface MiniMaxErrorOptions {
  operation?: MiniMaxOperation;
  cause?: unknown;
}

/** Base class of every error this package throws. */
export class MiniMaxError extends Error {
  /** The client method (or raw `api` call) that failed. */
  readonly operation: MiniMaxOperation | undefined;

  constructor(message: string, options: MiniMaxErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
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
  /** `base_resp.status_code`; undefined when only the HTTP status says what went wrong. */
  readonly code: number | undefined;
  /** `base_resp.status_msg`, or the HTTP status text. */
  readonly statusMsg: string | undefined;
  readonly httpStatus: number;
  /** The response's `Trace-Id` header: quote it when reporting a problem to MiniMax. */
  readonly traceId: string | undefined;
  readonly kind: MiniMaxErrorKind;

  constructor(message: string, options: MiniMaxApiErrorOptions) {
    super(message, options);
    this.code = options.code;
    this.statusMsg = options.statusMsg;
    this.httpStatus = options.httpStatus;
    this.traceId = options.traceId;
    this.kind = errorKind(options.code, options.httpStatus);
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
  readonly httpStatus: number;
  readonly traceId: string | undefined;

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
export class MiniMaxConnectionError extends MiniMaxError {}

/** An attempt took longer than `timeoutMs` (waiting for the response, or between two chunks of a body). */
export class MiniMaxTimeoutError extends MiniMaxConnectionError {}

/** The arguments or options are wrong; thrown before anything is sent. */
export class MiniMaxValidationError extends MiniMaxError {}

const KIND_BY_CODE: ReadonlyMap<number, MiniMaxErrorKind> = new Map([
  [1002, "rate_limit"],
  [1039, "rate_limit"],
  [1004, "authentication"],
  [2049, "authentication"],
  [1008, "insufficient_balance"],
  [2013, "invalid_input"],
  [1026, "invalid_input"],
  [1000, "server"],
  [1001, "server"],
  [1013, "server"],
  [1024, "server"],
  [1033, "server"],
]);

function errorKind(code: number | undefined, httpStatus: number): MiniMaxErrorKind {
  const byCode = code === undefined ? undefined : KIND_BY_CODE.get(code);
  if (byCode) return byCode;
  if (httpStatus === 429) return "rate_limit";
  if (httpStatus === 401) return "authentication";
  if (httpStatus === 400) return "invalid_input";
  if (httpStatus >= 500) return "server";
  return "unknown";
}
