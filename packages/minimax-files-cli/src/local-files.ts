import { readdir, stat } from "node:fs/promises";
import path from "node:path";
import { uploadExtensions } from "@org/minimax-files";
import { UsageError } from "./errors.js";

/** A regular file to upload: where it is, how the user named it, and its size when looked at. */
export interface LocalFile {
  absolute: string;
  /** As shown in output: relative to the working directory when inside it. */
  shown: string;
  /** The name it is stored under (MiniMax's names are flat: the basename). */
  name: string;
  bytes: number;
}

/**
 * The regular files the arguments name, directories expanded when `recursive`, in a stable order
 * (sorted within each directory, arguments as given). Everything is checked before anything is
 * sent: a missing path, or a directory without `--recursive`, fails the whole command. Symbolic
 * links to files are followed; links to directories are not (a loop would never end).
 */
export async function collectFiles(
  cwd: string,
  paths: readonly string[],
  { recursive }: { recursive: boolean },
): Promise<LocalFile[]> {
  const files: LocalFile[] = [];
  const seen = new Set<string>();
  const add = (absolute: string, bytes: number) => {
    if (seen.has(absolute)) return;
    seen.add(absolute);
    const relative = path.relative(cwd, absolute);
    const shown = relative.startsWith("..") || path.isAbsolute(relative) ? absolute : relative;
    files.push({ absolute, shown, name: path.basename(absolute), bytes });
  };
  for (const typed of paths) {
    const absolute = path.resolve(cwd, typed);
    const info = await stat(absolute).catch(() => undefined);
    if (info?.isDirectory()) {
      if (!recursive) {
        throw new UsageError(`${typed} is a directory`, "pass --recursive to upload the files under it");
      }
      for (const file of await walk(absolute)) add(file.absolute, file.bytes);
    } else if (info?.isFile()) {
      add(absolute, info.size);
    } else {
      throw new UsageError(`${typed}: no such file`, "upload takes paths of existing regular files");
    }
  }
  return files;
}

async function walk(directory: string): Promise<{ absolute: string; bytes: number }[]> {
  const entries = (await readdir(directory, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : 1));
  const found: { absolute: string; bytes: number }[] = [];
  for (const entry of entries) {
    const absolute = path.join(directory, entry.name);
    if (entry.isDirectory()) {
      found.push(...(await walk(absolute)));
    } else if (entry.isFile() || entry.isSymbolicLink()) {
      const info = await stat(absolute).catch(() => undefined);
      if (info?.isFile()) found.push({ absolute, bytes: info.size });
    }
  }
  return found;
}

/**
 * The checks the client makes per upload (an extension the purpose's docs accept, not empty), made
 * for the whole batch first: a batch with a file MiniMax would refuse sends nothing, instead of
 * stopping part-way with some files stored.
 */
export function checkUploadable(files: readonly LocalFile[], purpose: string): void {
  const allowed = Object.hasOwn(uploadExtensions, purpose)
    ? uploadExtensions[purpose as keyof typeof uploadExtensions]
    : undefined;
  const misfits = allowed
    ? files.filter((file) => !allowed.includes(/\.([^./\\]+)$/.exec(file.name)?.[1]?.toLowerCase() ?? ""))
    : [];
  if (misfits.length > 0) {
    throw new UsageError(
      `${listed(misfits)} ${misfits.length === 1 ? "does" : "do"} not fit purpose ${purpose}, which takes ${allowed?.join(", ")} files`,
      "remove or move them, or name the files to upload one by one",
    );
  }
  const empty = files.filter((file) => file.bytes === 0);
  if (empty.length > 0) {
    throw new UsageError(`${listed(empty)} ${empty.length === 1 ? "is" : "are"} empty`, "MiniMax refuses empty files");
  }
}

function listed(files: readonly LocalFile[]): string {
  const shown = files.slice(0, 5).map((file) => file.shown);
  return files.length > 5 ? `${shown.join(", ")} and ${files.length - 5} more` : shown.join(", ");
}
