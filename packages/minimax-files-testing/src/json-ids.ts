/**
 * int64 ids on the wire. MiniMax writes `file_id` as bare JSON digits, and real ids can exceed
 * 2^53, so the fake keeps ids as bigint and never lets them pass through `Number`.
 */

/** Largest value an int64 `file_id` can take. */
export const INT64_MAX = 2n ** 63n - 1n;

const DIGITS = /^\d+$/;

/**
 * Serializes a JSON value in which bigints are written as bare digits. `JSON.stringify` refuses
 * bigints, and a placeholder-and-replace trick can collide with user strings (filenames), so this
 * walks the value itself and delegates every leaf except bigint to `JSON.stringify`.
 */
export function toJsonText(value: unknown): string {
  if (typeof value === "bigint") return value.toString();
  if (value instanceof RawJson) return value.text;
  if (Array.isArray(value)) return `[${value.map((item) => toJsonText(item ?? null)).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const members: string[] = [];
    for (const [key, member] of Object.entries(value)) {
      if (member === undefined) continue;
      members.push(`${JSON.stringify(key)}:${toJsonText(member)}`);
    }
    return `{${members.join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

/** JSON text written as is by `toJsonText`: how a fault puts `null`, `"0x10"` or 2^63 where an id belongs. */
export class RawJson {
  constructor(readonly text: string) {
    JSON.parse(text); // a fault must damage values, not the JSON syntax around them
  }
}

/** Parses a decimal id exactly; undefined for anything that is not a non-negative int64. */
export function parseIdDigits(text: string | null | undefined): bigint | undefined {
  if (text == null || !DIGITS.test(text)) return undefined;
  const id = BigInt(text);
  return id <= INT64_MAX ? id : undefined;
}

/** Accepts the id forms `seed` and `idStart` take (bigint, safe integer or digit string). */
export function toId(value: bigint | number | string, what: string): bigint {
  if (typeof value === "number" && !Number.isSafeInteger(value)) {
    throw new TypeError(`${what} must be a safe integer when given as a number; pass a bigint or digit string`);
  }
  const id = parseIdDigits(String(value));
  if (id === undefined) throw new TypeError(`${what} must be a non-negative int64, got ${String(value)}`);
  return id;
}

/**
 * Returns the source text of the number that `key` holds in the top-level object of `json`, or
 * undefined if that member is absent or not a number. `JSON.parse` would round a 19-digit id, and
 * Node 20's reviver does not expose the source text, so this scans for it. `json` must already be
 * known to parse as an object; the scan only tracks strings and nesting depth.
 */
export function topLevelNumberSource(json: string, key: string): string | undefined {
  let depth = 0;
  let found: string | undefined;
  let i = 0;
  while (i < json.length) {
    const char = json[i];
    if (char === '"') {
      const end = endOfString(json, i);
      if (depth === 1) {
        let next = skipWhitespace(json, end);
        if (json[next] === ":" && JSON.parse(json.slice(i, end)) === key) {
          next = skipWhitespace(json, next + 1);
          const number = /^-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(json.slice(next, next + 64));
          // Duplicate keys: JSON.parse keeps the last one, and so does this.
          found = number ? number[0] : undefined;
        }
      }
      i = end;
      continue;
    }
    if (char === "{" || char === "[") depth++;
    else if (char === "}" || char === "]") depth--;
    i++;
  }
  return found;
}

function endOfString(json: string, openingQuote: number): number {
  let i = openingQuote + 1;
  while (i < json.length) {
    if (json[i] === "\\") i += 2;
    else if (json[i] === '"') return i + 1;
    else i++;
  }
  return i;
}

function skipWhitespace(json: string, from: number): number {
  let i = from;
  while (i < json.length && /\s/.test(json[i] ?? "")) i++;
  return i;
}
