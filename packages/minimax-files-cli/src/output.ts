import type { FileObject } from "@org/minimax-files";
import type { CliIo, GlobalFlags } from "./cli-io.js";
import { toJson } from "./json.js";
import { formatBytes, formatRecord, formatTable } from "./table.js";

export type File = FileObject<"bigint">;

/** `--json` output; `--ids-as-strings` writes the int64 ids (bigints here) as strings. */
export function json(flags: GlobalFlags, value: unknown, indent = "  "): string {
  return toJson(value, indent, { bigintsAsStrings: flags.idsAsStrings === true });
}

export function print(io: CliIo, output: string): void {
  io.stdout.write(`${output}\n`);
}

export function describeFile(file: File): string {
  const pairs: [string, string][] = [
    ["file_id", text(file.file_id)],
    ["filename", text(file.filename)],
    ["purpose", text(file.purpose)],
    ["bytes", `${file.bytes} (${formatBytes(file.bytes)})`],
    ["created_at", timestamp(file.created_at)],
  ];
  if (file.download_url) pairs.push(["download_url", file.download_url]);
  return formatRecord(pairs);
}

export function fileTable(files: readonly File[]): string {
  const rows = files.map((file) => [
    text(file.file_id),
    text(file.purpose),
    formatBytes(file.bytes),
    timestamp(file.created_at),
    text(file.filename),
  ]);
  return formatTable(["FILE ID", "PURPOSE", "SIZE", "CREATED", "FILENAME"], rows);
}

export function text(value: unknown): string {
  return value === undefined || value === null ? "" : String(value);
}

/** Unix seconds → `2026-11-27 13:57:37Z`. */
export function timestamp(seconds: number | bigint | undefined): string {
  if (seconds === undefined) return "";
  const date = new Date(Number(seconds) * 1000);
  return Number.isNaN(date.getTime()) ? String(seconds) : `${date.toISOString().slice(0, 19).replace("T", " ")}Z`;
}

/** "1 file", "3 files". */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}
