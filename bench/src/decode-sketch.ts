import type { Decode } from "./decode.js";

/**
 * NOT the client's decoder: a sketch of the change docs/BENCHMARKS.md proposes for exact ids,
 * timed beside the client's so the proposal stays measured. One regex pass quotes every
 * `"file_id": <integer>` member (inside a JSON string every quote is escaped, so this only matches
 * keys), then a single JSON.parse. If a bare run of 16+ digits is left (an unsafe integer elsewhere,
 * or a number that merely looks long), it defers to the exact decoder it is given.
 */
const FILE_ID_MEMBER = /"file_id"(\s*):(\s*)(-?\d+)(?=\s*[,}\]])/g;
const BARE_LONG_DIGITS = /(?<![\d"])\d{16,}/;

function fileIdsToBigInt(value: unknown): void {
  if (typeof value !== "object" || value === null) return;
  if (Array.isArray(value)) {
    for (const item of value) fileIdsToBigInt(item);
    return;
  }
  const record = value as Record<string, unknown>;
  for (const key in record) {
    const member = record[key];
    if (key === "file_id" && typeof member === "string") record[key] = BigInt(member);
    else fileIdsToBigInt(member);
  }
}

export function sketchDecoder(exact: Decode): Decode {
  return (text, ids) => {
    if (ids === "number") return exact(text, ids);
    const quoted = text.replace(FILE_ID_MEMBER, '"file_id"$1:$2"$3"');
    if (BARE_LONG_DIGITS.test(quoted)) return exact(text, ids);
    const parsed: unknown = JSON.parse(quoted);
    if (ids === "bigint") fileIdsToBigInt(parsed);
    return parsed;
  };
}
