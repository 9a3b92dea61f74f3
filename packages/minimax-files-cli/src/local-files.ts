import { readdir, stat } from "node:fs/promises";
import path from "node:path";
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
