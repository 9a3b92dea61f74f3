import stringWidth from "string-width";
import { terminalSafe } from "./terminal.js";

export { terminalSafe };

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
