import stringWidth from "string-width";

/**
 * Plain, borderless tables for people (scripts use --json). Small enough to own; the one hard part,
 * the display width of CJK and emoji file names, comes from string-width.
 */
export function formatTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const cells = [headers, ...rows].map((row) => row.map(terminalSafe));
  const widths = headers.map((_, column) => Math.max(...cells.map((row) => stringWidth(row[column] ?? ""))));
  return cells
    .map((row) =>
      row
        .map((cell, column) => (column === row.length - 1 ? cell : pad(cell, widths[column] ?? 0)))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}

/** A two-column `key  value` listing for one record. */
export function formatRecord(pairs: readonly (readonly [string, string])[]): string {
  const width = Math.max(...pairs.map(([key]) => stringWidth(key)));
  return pairs.map(([key, value]) => `${pad(key, width)}  ${terminalSafe(value)}`.trimEnd()).join("\n");
}

/**
 * Server-supplied text (file names) must not drive the terminal: control characters such as ESC
 * are shown as `\x1b` instead of being interpreted.
 */
export function terminalSafe(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: escaping control characters is the point
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, (c) => {
    const code = c.charCodeAt(0);
    return code > 0xff ? `\\u${code.toString(16).padStart(4, "0")}` : `\\x${code.toString(16).padStart(2, "0")}`;
  });
}

function pad(text: string, width: number): string {
  return text + " ".repeat(Math.max(0, width - stringWidth(text)));
}

const UNITS = ["B", "KiB", "MiB", "GiB", "TiB"];

/** 1536 → "1.5 KiB". */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(1)} ${UNITS[unit]}`;
}
