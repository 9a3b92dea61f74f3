/**
 * JSON for scripts. The client runs in `ids: "bigint"` mode, so int64 values reach us as bigint;
 * the protocol's writer puts a bigint down as its bare digits: `307593383186476123` stays exactly
 * that, never rounded or quoted. `bigintsAsStrings` (the `--ids-as-strings` flag) quotes them
 * instead, for readers that round large numbers (jq 1.6, `JSON.parse`).
 */
import { writeJson } from "@org/minimax-files-types";

export function toJson(value: unknown, indent = "  ", { bigintsAsStrings = false } = {}): string {
  return writeJson(bigintsAsStrings ? quoteBigints(value) : value, indent);
}

function quoteBigints(value: unknown): unknown {
  if (typeof value === "bigint") return value.toString();
  if (Array.isArray(value)) return value.map(quoteBigints);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(Object.entries(value).map(([key, member]) => [key, quoteBigints(member)]));
}
