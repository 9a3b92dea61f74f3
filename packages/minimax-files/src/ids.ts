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
 * One `JSON.parse` and one walk in the common case; why the paths below are shaped this way, and
 * what each costs, is in docs/BENCHMARKS.md ("Decoding with exact ids").
 *
 * Reading and writing ids in requests (`fileIdDigits`) is a protocol fact shared with the fake
 * server and the CLI: it lives in @org/minimax-files-types.
 */
import { fileIdDigits, INT64_MAX } from "@org/minimax-files-types";
import { type MiniMaxOperation, MiniMaxResponseError, MiniMaxUnsafeIdError, MiniMaxValidationError } from "./errors.js";

export type IdsMode = "number" | "string" | "bigint";

/** How a file id is typed in each ids mode. */
export type FileIdOf<Mode extends IdsMode> = Mode extends "string" ? string : Mode extends "bigint" ? bigint : number;

/** A file id as callers may pass it: other MiniMax APIs hand the same ids out as digit strings. */
export type FileId = number | bigint | string;

export const idsModes: readonly IdsMode[] = ["number", "string", "bigint"];

/**
 * Parse a MiniMax JSON body without ever rounding an int64.
 * Throws `SyntaxError` for text that is not JSON (callers turn that into a `MiniMaxResponseError`),
 * and `MiniMaxUnsafeIdError` in `"number"` mode when an integer beyond 2^53 is present.
 */
export function parseMiniMaxJson(text: string, ids: IdsMode = "number"): unknown {
  const parsed: unknown =
    ids !== "number" && firstFileIdIsLong(text) ? parseQuotingLongFileIds(text) : JSON.parse(text);
  if (retypeFileIds(parsed, ids)) return parsed;
  // Something was rounded (or is a float written with many digits): redo it from the text.
  const exact: unknown = JSON.parse(quoteUnsafeIntegers(text, ids));
  retypeFileIds(exact, ids);
  return exact;
}

// 2^53 has 16 digits. A body's ids are alike, so its first `file_id` tells which parse to start
// with; either way the walk then catches any unsafe integer left, and the text is redone exactly.
// (Testing the whole text for a 16-digit run instead costs twice a JSON.parse of a safe list.)
const LONG_FILE_ID_AT = /"file_id"\s*:\s*-?\d{16}/y;

function firstFileIdIsLong(text: string): boolean {
  // Without any `"file_id"` this is -1, read as 0, where the regex cannot match either.
  LONG_FILE_ID_AT.lastIndex = text.indexOf('"file_id"');
  return LONG_FILE_ID_AT.test(text);
}

// A `file_id` member whose value is an integer of 16+ digits (a whole token: no fraction or exponent
// follows). The quote before `file_id` must not follow a backslash: such a quote is then unescaped,
// and in valid JSON an unescaped quote followed by `file_id":` opens a key, never sits inside a
// string; so the replace touches exactly the `file_id` keys' long integer values (see ids.test.ts).
const LONG_FILE_ID_MEMBER = /(?<!\\)("file_id"\s*:\s*)(-?[1-9]\d{15,})(?=\s*[,}\]])/g;

/** `JSON.parse` of the text with each long `file_id` integer quoted, so none of them is rounded. */
function parseQuotingLongFileIds(text: string): unknown {
  const quoted = text.replace(LONG_FILE_ID_MEMBER, '$1"$2"');
  try {
    return JSON.parse(quoted);
  } catch {
    // Only text that is not JSON gets here: parse it as it is, so the error is about the text itself.
    return JSON.parse(text);
  }
}

/**
 * Walk the parsed value: in exact modes turn every `file_id` into a string or bigint. Returns false
 * as soon as any integer beyond 2^53 shows up, since `JSON.parse` has already rounded it.
 */
function retypeFileIds(value: unknown, ids: IdsMode): boolean {
  if (typeof value !== "object" || value === null) return !isUnsafeInteger(value);
  if (Array.isArray(value)) {
    for (const item of value) if (!retypeFileIds(item, ids)) return false;
    return true;
  }
  const record = value as Record<string, unknown>;
  for (const key in record) {
    const member = record[key];
    if (typeof member === "object" && member !== null) {
      if (!retypeFileIds(member, ids)) return false;
    } else if (isUnsafeInteger(member)) {
      return false;
    } else if (key === "file_id" && ids !== "number") {
      // Only integers are retyped; anything else is left as sent for `fileIdFromServer` to refuse.
      if (Number.isInteger(member)) {
        record[key] = ids === "string" ? integerDigits(member as number) : BigInt(member as number);
      } else if (ids === "bigint" && typeof member === "string" && /^-?(?:0|[1-9]\d*)$/.test(member)) {
        record[key] = BigInt(member);
      }
    }
  }
  return true;
}

/**
 * `String(n)` of a safe integer, faster: beyond 2^31 `String` formats a double, which took a third of
 * a 10,000-file list's decode in "string" mode; two halves below 10^8 take the small-integer path.
 */
export function integerDigits(n: number): string {
  // Callers pass safe integers only (an unsafe one sends the text to the exact re-parse).
  const abs = Math.abs(n);
  if (abs < 1e8) return String(n);
  // Exact for every safe integer: the quotient is below 2^27, where doubles are at most 2^-26 apart,
  // and at least 10^-8 (more than half of that) below `high + 1`, so it never rounds up to it.
  const high = Math.floor(abs / 1e8);
  const low = abs - high * 1e8;
  return `${n < 0 ? "-" : ""}${high}${String(low + 1e8).slice(1)}`;
}

function isUnsafeInteger(value: unknown): boolean {
  return typeof value === "number" && Number.isInteger(value) && !Number.isSafeInteger(value);
}

/**
 * One pass over the text, outside strings, quoting each integer literal beyond 2^53 so that
 * `JSON.parse` keeps its digits; in `"number"` mode such an integer is an error instead.
 */
function quoteUnsafeIntegers(text: string, ids: IdsMode): string {
  let out = "";
  let copiedUpTo = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      for (i++; i < text.length; i++) {
        const s = text.charCodeAt(i);
        if (s === BACKSLASH) i++;
        else if (s === QUOTE) break;
      }
      continue;
    }
    if (c !== MINUS && !isDigit(c)) continue;
    const start = i;
    let end = c === MINUS ? i + 1 : i;
    while (end < text.length && isDigit(text.charCodeAt(end))) end++;
    const next = text.charCodeAt(end);
    let literal = text.slice(start, end);
    if (next === DOT || next === LOWER_E || next === UPPER_E) {
      while (end < text.length && isNumberChar(text.charCodeAt(end))) end++;
      // A float stays a float; but an integer beyond 2^53 spelled with a zero fraction
      // (9007199254740993.0) is an id all the same, and parsing would round it.
      const wholeDigits = /^(-?\d+)\.0*$/.exec(text.slice(start, end))?.[1];
      if (!wholeDigits) {
        i = end - 1;
        continue;
      }
      literal = wholeDigits;
    }
    if (!Number.isSafeInteger(Number(literal))) {
      if (ids === "number") {
        const key = /"([^"\\]{1,64})"\s*:\s*$/.exec(text.slice(Math.max(0, start - 80), start))?.[1];
        throw new MiniMaxUnsafeIdError(
          `The response holds the integer ${literal}${key ? ` ("${key}")` : ""}, beyond 2^53: as a JavaScript ` +
            `number it would be rounded to a different id. Create the client with ids: "string" or ids: "bigint" ` +
            "to receive exact ids.",
        );
      }
      out += `${text.slice(copiedUpTo, start)}"${literal}"`;
      copiedUpTo = end;
    }
    i = end - 1;
  }
  return copiedUpTo === 0 ? text : out + text.slice(copiedUpTo);
}

const QUOTE = 34;
const BACKSLASH = 92;
const MINUS = 45;
const PLUS = 43;
const DOT = 46;
const LOWER_E = 101;
const UPPER_E = 69;

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isNumberChar(c: number): boolean {
  return isDigit(c) || c === DOT || c === LOWER_E || c === UPPER_E || c === MINUS || c === PLUS;
}

/**
 * Check a caller's file id and return it as canonical decimal digits, the form every request
 * sends (query strings and delete's JSON body alike), so no id is rounded on the way out either.
 */
export function fileIdToDigits(fileId: FileId, what = "fileId"): string {
  const checked = fileIdDigits(fileId);
  if ("problem" in checked) throw new MiniMaxValidationError(`${what} ${checked.problem}.`);
  return checked.digits;
}

/** Convert an id already decoded (or given by the caller) to the client's ids mode. */
export function fileIdAs<Mode extends IdsMode>(digits: string | number | bigint, ids: Mode): FileIdOf<Mode> {
  if (ids === "string") return String(digits) as FileIdOf<Mode>;
  if (ids === "bigint") return BigInt(digits) as FileIdOf<Mode>;
  const value = Number(digits);
  if (!Number.isSafeInteger(value)) throw unsafeIdError(digits);
  return value as FileIdOf<Mode>;
}

const CANONICAL_DIGITS = /^(?:0|[1-9]\d{0,18})$/;

/**
 * A `file_id` MiniMax sent, in the client's ids mode: canonical int64 digits, as a JSON number or a
 * digit string. Anything else (`null`, `""`, `true`, `"0x10"`, `" 12 "`, `-1`, `1.5`, 2^63) is a
 * `MiniMaxResponseError`, never converted into some other id.
 */
export function fileIdFromServer<Mode extends IdsMode>(
  value: unknown,
  ids: Mode,
  context: { operation: MiniMaxOperation; httpStatus: number; traceId?: string | undefined },
): FileIdOf<Mode> {
  const digits =
    typeof value === "number" && Number.isInteger(value) && value >= 0
      ? String(value)
      : typeof value === "bigint" || (typeof value === "string" && CANONICAL_DIGITS.test(value))
        ? String(value)
        : undefined;
  if (digits === undefined || !CANONICAL_DIGITS.test(digits) || !withinInt64(digits)) {
    // A string is described, not quoted: server text could carry anything, the key included.
    const shown =
      typeof value === "string"
        ? `a string of ${value.length} characters`
        : value === null || ["number", "boolean", "bigint"].includes(typeof value)
          ? String(value)
          : `${Array.isArray(value) ? "an array" : typeof value}`;
    throw new MiniMaxResponseError(
      `${context.operation}: MiniMax's answer has a file_id that is not an int64 (${shown}).`,
      context,
    );
  }
  if (ids === "number" && !Number.isSafeInteger(Number(digits))) throw unsafeIdError(digits, context.operation);
  return fileIdAs(digits, ids);
}

/**
 * Whether a decoded `file_id` is already a valid id in the client's mode, as almost every one is:
 * then it is kept as it is, with no conversion or allocation per file of a long list.
 */
export function isIdInMode(value: unknown, ids: IdsMode): boolean {
  if (ids === "number") return typeof value === "number" && Number.isSafeInteger(value) && value >= 0;
  if (ids === "string") return typeof value === "string" && CANONICAL_DIGITS.test(value) && withinInt64(value);
  return typeof value === "bigint" && value >= 0n && value <= INT64_MAX;
}

// Canonical digits of fewer than 19 are below 2^63; 19 of them compare as text (no BigInt per id).
const INT64_MAX_DIGITS = String(INT64_MAX);
function withinInt64(digits: string): boolean {
  return digits.length < 19 || digits <= INT64_MAX_DIGITS;
}

export function unsafeIdError(id: string | number | bigint, operation?: MiniMaxOperation): MiniMaxUnsafeIdError {
  return new MiniMaxUnsafeIdError(
    `${operation ? `${operation}: ` : ""}file_id ${id} is beyond 2^53 and would be rounded as a number; create the client with ids: "string" or ids: "bigint".`,
    { operation },
  );
}
