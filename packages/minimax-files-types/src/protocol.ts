/**
 * MiniMax's File Management protocol, as data: the operations, the `base_resp` codes, and how an
 * int64 `file_id` is read and written. Hand-written (the spec's prose cannot be generated into
 * this), and kept here, beside the generated types, because the client, the fake server and the
 * CLI all need the same facts and all depend on this package (the fake cannot depend on the
 * client: the client's tests depend on the fake).
 */
import { deletePurposes, listPurposes, uploadPurposes } from "./aliases.js";

/** The five operations of the File Management API, named like the client's methods. */
export type FileOperationName = "list" | "upload" | "retrieve" | "retrieveContent" | "delete";

export interface FileOperation {
  readonly name: FileOperationName;
  readonly method: "GET" | "POST";
  readonly path: string;
  /** A 2xx answer is the file's bytes, to be streamed; every other answer is a small JSON envelope. */
  readonly streamed?: true;
  /** It changes what the server holds (stores or deletes a file): sending it twice is not harmless. */
  readonly sideEffect?: true;
  /** The purposes this operation's own page accepts (the pages differ); none when it takes none. */
  readonly purposes?: readonly string[];
  /**
   * The `base_resp` code a repeat of this side effect gets once an earlier attempt did the work:
   * MiniMax has no "not found" code and answers a delete of a missing file with 2013.
   */
  readonly doneCode?: number;
}

// Flags left out are false: the client's bundle carries this table.
export const fileOperations: { readonly [Name in FileOperationName]: FileOperation & { readonly name: Name } } = {
  list: { name: "list", method: "GET", path: "/v1/files/list", purposes: listPurposes },
  upload: { name: "upload", method: "POST", path: "/v1/files/upload", sideEffect: true, purposes: uploadPurposes },
  retrieve: { name: "retrieve", method: "GET", path: "/v1/files/retrieve" },
  retrieveContent: { name: "retrieveContent", method: "GET", path: "/v1/files/retrieve_content", streamed: true },
  delete: {
    name: "delete",
    method: "POST",
    path: "/v1/files/delete",
    sideEffect: true,
    purposes: deletePurposes,
    doneCode: 2013,
  },
};

/** The operation a URL path names; a path prefix (a proxy's) is allowed before MiniMax's path. */
export function fileOperationAt(pathname: string): FileOperation | undefined {
  for (const operation of Object.values(fileOperations) as FileOperation[]) {
    if (pathname.endsWith(operation.path)) return operation;
  }
  return undefined;
}

/** Whether `purpose` is one the operation's page lists. */
export function isPurposeOf(operation: FileOperationName, purpose: unknown): boolean {
  const purposes: readonly string[] = fileOperations[operation].purposes ?? [];
  return typeof purpose === "string" && purposes.includes(purpose);
}

/**
 * What kind of failure an API error is, so callers need not compare status codes: by the
 * `base_resp` code when MiniMax gives one (see `baseRespCodes`), else by the HTTP status
 * (429 `rate_limit`, 401 `authentication`, 400 `invalid_input`, 5xx `server`).
 */
export type MiniMaxErrorKind =
  | "rate_limit"
  | "authentication"
  | "insufficient_balance"
  | "invalid_input"
  | "server"
  | "unknown";

export interface BaseRespCode {
  readonly kind: MiniMaxErrorKind;
  /** A passing condition (hiccup, timeout, rate limit): the same request may succeed later. */
  readonly retryable: boolean;
}

/** `base_resp.status_code` 0: success. */
export const baseRespSuccess = { status_code: 0, status_msg: "success" } as const;

/**
 * Non-zero `base_resp.status_code` values: those the file pages list, plus the error code table's
 * (platform.minimax.io/docs/api-reference/errorcode) that a file call can meet.
 */
export const baseRespCodes: Readonly<Record<number, BaseRespCode>> = {
  1000: { kind: "server", retryable: true },
  1001: { kind: "server", retryable: true },
  1002: { kind: "rate_limit", retryable: true },
  1004: { kind: "authentication", retryable: false },
  1008: { kind: "insufficient_balance", retryable: false },
  1013: { kind: "server", retryable: true },
  1024: { kind: "server", retryable: true },
  1026: { kind: "invalid_input", retryable: false },
  1027: { kind: "unknown", retryable: false },
  1033: { kind: "server", retryable: true },
  1039: { kind: "rate_limit", retryable: true },
  1041: { kind: "unknown", retryable: false },
  2013: { kind: "invalid_input", retryable: false },
  2049: { kind: "authentication", retryable: false },
};

/**
 * The message MiniMax's error code table gives for each code of `baseRespCodes` (the fake server
 * answers with it). Apart from `baseRespCodes` so that the client's bundle, which never reads a
 * message (it reports the server's own `status_msg`), does not carry them.
 */
export const baseRespMessages: Readonly<Record<number, string>> = {
  1000: "unknown error",
  1001: "request timeout",
  1002: "rate limit",
  1004: "not authorized",
  1008: "insufficient balance",
  1013: "internal service error",
  1024: "internal error",
  1026: "input new_sensitive",
  1027: "output new_sensitive",
  1033: "system error",
  1039: "token limit",
  1041: "conn limit",
  2013: "invalid params",
  2049: "invalid api key",
};

export function errorKindOf(code: number | undefined, httpStatus: number): MiniMaxErrorKind {
  const byCode = code === undefined ? undefined : baseRespCodes[code]?.kind;
  if (byCode) return byCode;
  if (httpStatus === 429) return "rate_limit";
  if (httpStatus === 401) return "authentication";
  if (httpStatus === 400) return "invalid_input";
  if (httpStatus >= 500) return "server";
  return "unknown";
}

// The next step for a person at the command line. Apart from `baseRespCodes` so that the client's
// bundle, which never prints them, does not carry them.
const hintsByKind: Readonly<Record<MiniMaxErrorKind, string>> = {
  authentication: "check MINIMAX_API_KEY (or --api-key); a key issued on platform.minimaxi.com needs --region cn",
  insufficient_balance: "the account's balance is too low: top it up on the MiniMax platform, then retry",
  rate_limit: "rate limit reached (requests per minute): wait and retry, or run fewer jobs at once",
  invalid_input:
    "MiniMax rejected the request: check that the file id exists (see `list`), and that the file's type and size suit --purpose",
  server: "MiniMax failed on its side: retry later; quote the trace id to MiniMax support if it persists",
  unknown: "see MiniMax's error code reference; quote the trace id to MiniMax support",
};
const hintsByCode: Readonly<Record<number, string>> = {
  1039: "token-per-minute limit (TPM) reached: wait a minute and retry, or send less at once",
};

/** What a person can do about an API error (the CLI prints it as `hint:`). */
export function errorHint(error: { code?: number | undefined; kind: MiniMaxErrorKind }): string {
  return (error.code === undefined ? undefined : hintsByCode[error.code]) ?? hintsByKind[error.kind];
}

/** Largest value an int64 `file_id` can take. */
export const INT64_MAX = 2n ** 63n - 1n;

/** A decimal int64 id as typed or received (digits only), exactly; undefined for anything else. */
export function parseFileId(text: string | null | undefined): bigint | undefined {
  if (text == null || !/^\d{1,19}$/.test(text)) return undefined;
  const id = BigInt(text);
  return id <= INT64_MAX ? id : undefined;
}

/**
 * A file id given as a number, bigint or digit string, as the canonical digits every request
 * sends; or, for anything else, what is wrong with it (to follow the argument's name).
 */
export function fileIdDigits(value: unknown): { digits: string } | { problem: string } {
  if (typeof value === "number") {
    if (!Number.isInteger(value) || value < 0) return { problem: `must be a non-negative integer, got ${value}` };
    if (!Number.isSafeInteger(value)) {
      return {
        problem: `${value} is beyond 2^53, so this number may already be a rounded id. Pass the id as a digit string or a bigint`,
      };
    }
    return { digits: String(value) };
  }
  if (typeof value === "bigint") {
    if (value < 0n || value > INT64_MAX) return { problem: `must be between 0 and 2^63-1, got ${value}` };
    return { digits: value.toString() };
  }
  if (typeof value === "string") {
    const id = parseFileId(value);
    if (id === undefined) {
      return { problem: `must be a decimal int64 (digits only), got ${JSON.stringify(value.slice(0, 40))}` };
    }
    return { digits: id.toString() };
  }
  return { problem: `must be a number, bigint or digit string, got ${typeof value}` };
}

/**
 * `JSON.stringify(value, null, indent)`, except that a bigint is written as its bare digits: an
 * int64 id above 2^53 goes out exactly as MiniMax writes it (Node 20 has no `JSON.rawJSON`), and a
 * `RawJson` as its text.
 */
export function writeJson(value: unknown, indent = ""): string {
  return write(value, indent, "");
}

/** JSON text `writeJson` copies as is: how the fake puts `null`, `"0x10"` or 2^63 where an id belongs. */
export class RawJson {
  constructor(readonly text: string) {
    JSON.parse(text); // a value may be odd, the JSON syntax around it may not
  }
}

function write(value: unknown, indent: string, pad: string): string {
  if (typeof value === "bigint") return value.toString();
  if (value instanceof RawJson) return value.text;
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  const inner = pad + indent;
  const open = indent ? `\n${inner}` : "";
  const close = indent ? `\n${pad}` : "";
  const separator = indent ? `,\n${inner}` : ",";
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    const items = value.map((item) => (item === undefined || isFunction(item) ? "null" : write(item, indent, inner)));
    return `[${open}${items.join(separator)}${close}]`;
  }
  const members = Object.entries(value)
    .filter(([, member]) => member !== undefined && !isFunction(member))
    .map(([key, member]) => `${JSON.stringify(key)}:${indent ? " " : ""}${write(member, indent, inner)}`);
  if (members.length === 0) return "{}";
  return `{${open}${members.join(separator)}${close}}`;
}

function isFunction(value: unknown): boolean {
  return typeof value === "function" || typeof value === "symbol";
}
