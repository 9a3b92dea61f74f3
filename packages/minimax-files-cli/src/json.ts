/**
 * JSON for scripts. The client runs in `ids: "bigint"` mode, so int64 values reach us as bigint;
 * the protocol's writer puts a bigint down as its bare digits: `307593383186476123` stays exactly
 * that, never rounded or quoted.
 */
import { writeJson } from "@org/minimax-files-types";

export function toJson(value: unknown, indent = "  "): string {
  return writeJson(value, indent);
}
