/**
 * Exact int64 file ids.
 *
 * MiniMax writes `file_id` as a raw JSON integer of up to 19 digits; `JSON.parse` silently rounds
 * anything above 2^53. Decoding therefore takes one of three modes:
 * - `"number"` (default): ids are numbers; a response holding an integer beyond 2^53 throws rather
 *   than hand back a rounded id.
 * - `"string"`: every `file_id` is a digit string.
 * - `"bigint"`: every `file_id` is a bigint.
 *
 * Speed: a response without any digit run of 16+ characters cannot hold an unsafe integer, and
 * checking that is one regex scan, so the common case costs a scan plus the plain `JSON.parse`.
 * Only responses that really hold a long digit run pay for a tokenising rewrite.
 */
import { MiniMaxError, MiniMaxValidationError } from "./errors.js";

export type IdsMode = "number" | "string" | "bigint";

/** How a file id is typed in each ids mode. */
export type FileIdOf<Mode extends IdsMode> = Mode extends "string" ? string : Mode extends "bigint" ? bigint : number;

/** A file id as callers may pass it: other MiniMax APIs hand the same ids out as digit strings. */
export type FileId = number | bigint | string;

export const idsModes: readonly IdsMode[] = ["number", "string", "bigint"];

const INT64_MAX = 2n ** 63n - 1n;
const MAX_SAFE_DIGITS = String(Number.MAX_SAFE_INTEGER); // 16 digits
const LONG_DIGIT_RUN = /\d{16,}/g;
// A `"file_id": <integer>` member. Outside a string a `"file_id"` followed by `:` can only be a key
// (inside a JSON string every quote is escaped), so this never matches string content.
const FILE_ID_MEMBER = /"file_id"(\s*):(\s*)(-?\d+)(?=\s*[,}\]])/g;
// One JSON string (with an optional following colon, which makes it a key), number, or container opening.
const JSON_TOKEN = /"[^"\\]*(?:\\.[^"\\]*)*"(\s*:)?|-?\d+(\.\d+)?([eE][+-]?\d+)?|[[{]/g;

/**
 * Parse a MiniMax JSON body without ever rounding an int64.
 * Throws `SyntaxError` for text that is not JSON (callers turn that into a `MiniMaxResponseError`),
 * and `MiniMaxError` in `"number"` mode when an integer beyond 2^53 is present.
 */
export function parseMiniMaxJson(text: string, ids: IdsMode = "number"): unknown {
  if (!hasUnsafeDigitRun(text)) {
    if (ids === "number") return JSON.parse(text);
    const parsed = JSON.parse(text.replace(FILE_ID_MEMBER, '"file_id"$1:$2"$3"'));
    return ids === "bigint" ? fileIdsToBigInt(parsed) : parsed;
  }
  const parsed = JSON.parse(quoteLongIntegers(text, ids));
  return ids === "bigint" ? fileIdsToBigInt(parsed) : parsed;
}

function hasUnsafeDigitRun(text: string): boolean {
  LONG_DIGIT_RUN.lastIndex = 0;
  for (let match = LONG_DIGIT_RUN.exec(text); match; match = LONG_DIGIT_RUN.exec(text)) {
    const digits = match[0];
    // Same length, so string order is numeric order.
    if (digits.length > MAX_SAFE_DIGITS.length || digits > MAX_SAFE_DIGITS) {
      LONG_DIGIT_RUN.lastIndex = 0;
      return true;
    }
  }
  return false;
}

/** Rewrite, token by token, each unsafe integer (and in exact modes each `file_id`) as a JSON string. */
function quoteLongIntegers(text: string, ids: IdsMode): string {
  let key: string | undefined;
  return text.replace(JSON_TOKEN, (token: string, colon?: string, fraction?: string, exponent?: string) => {
    if (token.startsWith('"')) {
      key = colon ? token.slice(0, token.lastIndexOf('"') + 1) : undefined;
      return token;
    }
    const memberKey = key;
    key = undefined;
    if (token === "[" || token === "{" || fraction || exponent) return token;
    const unsafe = !Number.isSafeInteger(Number(token));
    if (ids === "number") {
      if (unsafe) {
        throw new MiniMaxError(
          `The response holds the integer ${token}${memberKey ? ` (${memberKey})` : ""}, beyond 2^53: as a JavaScript ` +
            `number it would be rounded to a different id. Create the client with ids: "string" or ids: "bigint" ` +
            "to receive exact ids.",
        );
      }
      return token;
    }
    return unsafe || memberKey === '"file_id"' ? `"${token}"` : token;
  });
}

function fileIdsToBigInt(value: unknown): unknown {
  if (Array.isArray(value)) {
    for (const item of value) fileIdsToBigInt(item);
  } else if (value !== null && typeof value === "object") {
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      const member = record[key];
      if (key === "file_id" && typeof member === "string" && /^-?\d+$/.test(member)) record[key] = BigInt(member);
      else if (member !== null && typeof member === "object") fileIdsToBigInt(member);
    }
  }
  return value;
}

/**
 * Check a caller's file id and return it as canonical decimal digits, the form every request
 * sends (query strings and delete's JSON body alike), so no id is rounded on the way out either.
 */
export function fileIdToDigits(fileId: FileId, what = "fileId"): string {
  if (typeof fileId === "number") {
    if (!Number.isInteger(fileId) || fileId < 0) {
      throw new MiniMaxValidationError(`${what} must be a non-negative integer, got ${fileId}.`);
    }
    if (!Number.isSafeInteger(fileId)) {
      throw new MiniMaxValidationError(
        `${what} ${fileId} is beyond 2^53, so this number may already be a rounded id. ` +
          "Pass the id as a digit string or a bigint.",
      );
    }
    return String(fileId);
  }
  if (typeof fileId === "bigint") {
    if (fileId < 0n || fileId > INT64_MAX) {
      throw new MiniMaxValidationError(`${what} must be between 0 and 2^63-1, got ${fileId}.`);
    }
    return fileId.toString();
  }
  if (typeof fileId === "string") {
    if (!/^\d{1,19}$/.test(fileId) || BigInt(fileId) > INT64_MAX) {
      throw new MiniMaxValidationError(
        `${what} must be a decimal int64 (digits only), got ${JSON.stringify(fileId.slice(0, 40))}.`,
      );
    }
    return BigInt(fileId).toString();
  }
  throw new MiniMaxValidationError(`${what} must be a number, bigint or digit string, got ${typeof fileId}.`);
}

/** Convert an id already decoded (or given by the caller) to the client's ids mode. */
export function fileIdAs<Mode extends IdsMode>(digits: string | number | bigint, ids: Mode): FileIdOf<Mode> {
  if (ids === "string") return String(digits) as FileIdOf<Mode>;
  if (ids === "bigint") return BigInt(digits) as FileIdOf<Mode>;
  const value = Number(digits);
  if (!Number.isSafeInteger(value)) {
    throw new MiniMaxError(
      `file_id ${digits} is beyond 2^53 and would be rounded as a number; create the client with ids: "string" or ids: "bigint".`,
    );
  }
  return value as FileIdOf<Mode>;
}
