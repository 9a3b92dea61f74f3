/**
 * JSON for scripts. The client runs in `ids: "bigint"` mode, so int64 values reach us as bigint;
 * JSON.stringify cannot write those (and Node 20 has no JSON.rawJSON), so this serializer writes a
 * bigint as its bare digits: `307593383186476123` stays exactly that, never rounded or quoted.
 * `bigintsAsStrings` (the `--ids-as-strings` flag) quotes them instead, for readers that round
 * large numbers (jq 1.6, JSON.parse).
 */
export function toJson(value: unknown, indent = "  ", { bigintsAsStrings = false } = {}): string {
  return write(value, indent, "", bigintsAsStrings);
}

function write(value: unknown, indent: string, pad: string, quote: boolean): string {
  if (typeof value === "bigint") return quote ? `"${value}"` : value.toString();
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  const inner = pad + indent;
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    const items = value.map((item) => inner + (item === undefined ? "null" : write(item, indent, inner, quote)));
    return `[\n${items.join(",\n")}\n${pad}]`;
  }
  const entries = Object.entries(value).filter(([, v]) => v !== undefined && typeof v !== "function");
  if (entries.length === 0) return "{}";
  const fields = entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${write(v, indent, inner, quote)}`);
  return `{\n${fields.join(",\n")}\n${pad}}`;
}
