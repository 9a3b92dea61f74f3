/**
 * int64 ids on the wire. MiniMax writes `file_id` as bare JSON digits, and real ids can exceed
 * 2^53, so the fake keeps ids as bigint and never lets them pass through `Number`. Reading an id
 * (`parseFileId`) and writing JSON with bigint ids (`writeJson`) are the protocol's
 * (@org/minimax-files-types); what is here is the fake's own: its options' id forms, and the exact
 * source of a request body's number.
 */
import { parseFileId } from "@org/minimax-files-types";

export { RawJson } from "@org/minimax-files-types";

/** Accepts the id forms `seed` and `idStart` take (bigint, safe integer or digit string). */
export function toId(value: bigint | number | string, what: string): bigint {
  if (typeof value === "number" && !Number.isSafeInteger(value)) {
    throw new TypeError(`${what} must be a safe integer when given as a number; pass a bigint or digit string`);
  }
  const id = parseFileId(String(value));
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
