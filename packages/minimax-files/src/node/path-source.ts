/**
 * Node-only: an upload source read from disk. Loaded with a dynamic import, so the package's root
 * entry has no static `node:` import and stays bundleable for browsers.
 *
 * `fs.openAsBlob` gives a lazily read, file-backed Blob: its stream reads from disk chunk by chunk,
 * and a retry calls `openAsBlob` again, re-opening the file.
 */
import { openAsBlob } from "node:fs";
import { stat } from "node:fs/promises";
import { basename } from "node:path";
import { fileURLToPath } from "node:url";
import { MiniMaxValidationError } from "../errors.js";

export async function pathSource(file: string | URL) {
  if (file instanceof URL && file.protocol !== "file:") {
    throw new MiniMaxValidationError(
      `upload: only file: URLs can be uploaded, got ${file.protocol}// (download it first).`,
      {
        operation: "upload",
      },
    );
  }
  const path = file instanceof URL ? fileURLToPath(file) : file;
  let size: number;
  try {
    const stats = await stat(path);
    if (!stats.isFile()) {
      throw new MiniMaxValidationError(`upload: ${path} is not a regular file.`, { operation: "upload" });
    }
    size = stats.size;
  } catch (error) {
    if (error instanceof MiniMaxValidationError) throw error;
    const code = (error as { code?: string }).code;
    throw new MiniMaxValidationError(`upload: cannot read ${path}${code ? ` (${code})` : ""}.`, {
      operation: "upload",
      cause: error,
    });
  }
  return {
    filename: basename(path),
    type: undefined,
    size,
    async stream() {
      const blob = await openAsBlob(path);
      // The multipart Content-Length was computed from `size`: a file that changed since cannot be sent.
      if (blob.size !== size) {
        throw new MiniMaxValidationError(
          `upload: ${path} changed size (${size} → ${blob.size} bytes) while uploading.`,
          {
            operation: "upload",
          },
        );
      }
      return blob.stream() as ReadableStream<Uint8Array>;
    },
  };
}
