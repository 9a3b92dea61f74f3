import { stat } from "node:fs/promises";
import path from "node:path";
import type { MiniMaxFiles } from "@org/minimax-files";
import type { CliIo, GlobalFlags } from "./cli-io.js";
import { client } from "./client.js";
import { LocalFileError, UsageError } from "./errors.js";
import { describeFile, type File, fileTable, json, print } from "./output.js";
import { transferProgress } from "./progress.js";
import { downloadPathIn } from "./safe-filename.js";
import { formatBytes } from "./table.js";

export interface CommandContext {
  io: CliIo;
  flags: GlobalFlags;
}

/** Without a purpose: every documented purpose's files, in one list (the client's `listAll`). */
export async function list({ io, flags }: CommandContext, purpose: string | undefined): Promise<void> {
  const files = client(io, flags);
  const found =
    purpose === undefined
      ? await files.listAll({ signal: io.signal })
      : await files.list({ purpose }, { signal: io.signal });
  if (flags.json) return print(io, json(flags, found));
  if (found.length === 0) {
    io.stderr.write(purpose === undefined ? "no files\n" : `no ${purpose} files\n`);
    return;
  }
  print(io, fileTable(found));
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
  const total = Number.isFinite(length) ? length : undefined;
  const progress = transferProgress("download", total, io.progressOutput);
  let loaded = 0;
  try {
    const reader = response.body?.getReader();
    for (let chunk = await reader?.read(); chunk && !chunk.done; chunk = await reader?.read()) {
      loaded += chunk.value.byteLength;
      progress?.onProgress({ loaded, total });
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

async function regularFileSize(absolute: string, typed: string): Promise<number> {
  const info = await stat(absolute).catch(() => undefined);
  if (info?.isDirectory()) {
    throw new UsageError(`${typed} is a directory`, "pass --recursive to upload the files under it");
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
