import { stat } from "node:fs/promises";
import path from "node:path";
import { createMiniMaxFiles, type FileObject, type MiniMaxFiles } from "@org/minimax-files";
import type { CliIo, GlobalFlags } from "./cli-io.js";
import { clientOptions } from "./config.js";
import { LocalFileError, UsageError } from "./errors.js";
import { toJson } from "./json.js";
import { transferProgress } from "./progress.js";
import { downloadPathIn } from "./safe-filename.js";
import { formatBytes, formatRecord, formatTable } from "./table.js";

type File = FileObject<"bigint">;

export interface CommandContext {
  io: CliIo;
  flags: GlobalFlags;
}

export async function list({ io, flags }: CommandContext, purpose: string): Promise<void> {
  const files = await client(io, flags).list({ purpose }, { signal: io.signal });
  if (flags.json) return print(io, json(flags, files));
  if (files.length === 0) {
    io.stderr.write(`no ${purpose} files\n`);
    return;
  }
  const rows = files.map((file) => [
    text(file.file_id),
    text(file.purpose),
    formatBytes(file.bytes),
    timestamp(file.created_at),
    text(file.filename),
  ]);
  print(io, formatTable(["FILE ID", "PURPOSE", "SIZE", "CREATED", "FILENAME"], rows));
}

export async function upload(
  { io, flags }: CommandContext,
  filePath: string,
  purpose: string,
  filename: string | undefined,
): Promise<void> {
  const absolute = path.resolve(io.cwd, filePath);
  const size = await regularFileSize(absolute, filePath);
  const progress = transferProgress("upload  ", size, io.progressOutput);
  let file: File;
  try {
    file = await client(io, flags).upload(
      { file: absolute, purpose, filename: filename ?? path.basename(absolute) },
      { signal: io.signal, onProgress: progress?.onProgress },
    );
  } finally {
    progress?.stop();
  }
  print(io, flags.json ? json(flags, file) : describeFile(file));
}

export async function retrieve({ io, flags }: CommandContext, fileId: string): Promise<void> {
  const file = await client(io, flags).retrieve(fileId, { signal: io.signal });
  print(io, flags.json ? json(flags, file) : describeFile(file));
}

export async function download(
  { io, flags }: CommandContext,
  fileId: string,
  options: { output?: string; force?: boolean },
): Promise<void> {
  const files = client(io, flags);
  if (options.output === "-") return toStdout(io, flags, files, fileId);
  const chosen = options.output === undefined ? undefined : path.resolve(io.cwd, options.output);
  const directory = chosen === undefined ? io.cwd : await directoryOrUndefined(chosen, options.output ?? "");
  let target = chosen ?? "";
  let serverName: string | undefined;
  let expectedBytes: number | undefined;
  if (directory !== undefined) {
    // The name comes from the server: it is untrusted, and must not replace an existing file unasked.
    const file = await files.retrieve(fileId, { signal: io.signal });
    serverName = file.filename;
    expectedBytes = Number.isSafeInteger(file.bytes) && file.bytes >= 0 ? file.bytes : undefined;
    target = downloadPathIn(directory, serverName, fileId);
  }
  if (!options.force && (await exists(target))) {
    throw new LocalFileError(
      `${target} already exists`,
      "pass --force to overwrite it, or -o to choose another name or directory",
    );
  }
  const progress = transferProgress("download", expectedBytes, io.progressOutput);
  let result: { path: string; bytes: number };
  try {
    // Without --force, the client also refuses a file that appears while the content is on its way.
    result = await files.download(fileId, target, {
      signal: io.signal,
      onProgress: progress?.onProgress,
      overwrite: options.force === true,
      expectedBytes,
    });
  } finally {
    progress?.stop();
  }
  if (flags.json) {
    return print(
      io,
      json(flags, { file_id: BigInt(fileId), filename: serverName, path: result.path, bytes: result.bytes }),
    );
  }
  print(io, `saved ${result.path} (${formatBytes(result.bytes)})`);
}

/** `-o -`: the content goes to stdout as it arrives, for pipes; progress (on a terminal) to stderr. */
async function toStdout(io: CliIo, flags: GlobalFlags, files: MiniMaxFiles<"bigint">, fileId: string): Promise<void> {
  if (flags.json) {
    throw new UsageError(
      "-o - writes the file's content to stdout, which --json needs for its result",
      "drop one of them",
    );
  }
  const output = io.contentOutput;
  if (!output) throw new UsageError("-o - needs a byte stream to write to (CliIo.contentOutput)");
  const response = await files.retrieveContent(fileId, { signal: io.signal });
  const length = Number(response.headers.get("content-length") ?? Number.NaN);
  const progress = transferProgress("download", Number.isFinite(length) ? length : undefined, io.progressOutput);
  let loaded = 0;
  try {
    const reader = response.body?.getReader();
    for (let chunk = await reader?.read(); chunk && !chunk.done; chunk = await reader?.read()) {
      loaded += chunk.value.byteLength;
      progress?.onProgress({ loaded, total: Number.isFinite(length) ? length : undefined });
      if (output.write(chunk.value) === false && output.once) {
        await new Promise<void>((resolve) => output.once?.("drain", resolve));
      }
    }
  } finally {
    progress?.stop();
  }
}

export async function deleteFile(
  { io, flags }: CommandContext,
  fileId: string,
  purpose: string | undefined,
): Promise<void> {
  // Without --purpose the client looks the file's purpose up (one retrieve) before deleting.
  const options = purpose === undefined ? { signal: io.signal } : { purpose, signal: io.signal };
  const result = await client(io, flags).delete(fileId, options);
  if (flags.json) return print(io, json(flags, { file_id: result.file_id, purpose }));
  print(io, `deleted file ${result.file_id}${purpose === undefined ? "" : ` (${purpose})`}`);
}

function client(io: CliIo, flags: GlobalFlags): MiniMaxFiles<"bigint"> {
  const options = clientOptions(flags, io.env);
  if (flags.verbose) {
    const log =
      (level: string) =>
      (message: string, meta?: object): void => {
        // One line per entry: the message's own line breaks and the JSON's become spaces.
        const line = `${level}: ${message}${meta === undefined ? "" : ` ${toJson(meta)}`}`;
        io.stderr.write(`${line.replace(/\n */g, " ")}\n`);
      };
    options.logger = { debug: log("debug"), info: log("info"), warn: log("warn"), error: log("error") };
  }
  return createMiniMaxFiles<"bigint">(options);
}

/** `--json` output; `--ids-as-strings` writes the int64 ids (bigints here) as strings. */
function json(flags: GlobalFlags, value: unknown): string {
  return toJson(value, "  ", { bigintsAsStrings: flags.idsAsStrings === true });
}

function describeFile(file: File): string {
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

function print(io: CliIo, output: string): void {
  io.stdout.write(`${output}\n`);
}

function text(value: unknown): string {
  return value === undefined || value === null ? "" : String(value);
}

/** Unix seconds → `2026-11-27 13:57:37Z`. */
function timestamp(seconds: number | bigint | undefined): string {
  if (seconds === undefined) return "";
  const date = new Date(Number(seconds) * 1000);
  return Number.isNaN(date.getTime()) ? String(seconds) : `${date.toISOString().slice(0, 19).replace("T", " ")}Z`;
}

async function regularFileSize(absolute: string, typed: string): Promise<number> {
  const info = await stat(absolute).catch(() => undefined);
  if (info?.isDirectory()) {
    throw new UsageError(
      `${typed} is a directory`,
      "upload takes one regular file; run it once per file to upload several",
    );
  }
  if (!info?.isFile()) {
    throw new UsageError(`${typed}: no such file`, "upload takes the path of an existing regular file");
  }
  return info.size;
}

/**
 * `-o` names a directory when it is one, or when it ends with a separator (then it must exist:
 * creating directories named on a command line by mistake helps nobody).
 */
async function directoryOrUndefined(absolute: string, typed: string): Promise<string | undefined> {
  const info = await stat(absolute).catch(() => undefined);
  if (info?.isDirectory()) return absolute;
  if (/[\\/]$/.test(typed)) throw new UsageError(`${typed}: no such directory`);
  return undefined;
}

async function exists(file: string): Promise<boolean> {
  return (await stat(file).catch(() => undefined)) !== undefined;
}
