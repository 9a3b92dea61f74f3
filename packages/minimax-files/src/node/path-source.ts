/**
 * Node-only: an upload source read from disk. Loaded with a dynamic import, so the package's root
 * entry has no static `node:` import and stays bundleable for browsers.
 *
 * Each attempt opens the file again and reads it as fetch asks for more, in 1 MiB chunks: fs's
 * default 64 KiB reads (and `fs.openAsBlob(...).stream()`, which reads the same) cost about four
 * times the CPU per byte, measured reading a 256 MiB file (docs/BENCHMARKS.md, issue 14 second pass).
 */
import { open, stat } from "node:fs/promises";
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
      const handle = await open(path, "r");
      const close = () => handle.close().catch(() => {});
      // The multipart Content-Length was computed from `size`: a file that changed since cannot be sent.
      const changed = (now: number) =>
        new MiniMaxValidationError(`upload: ${path} changed size (${size} → ${now} bytes) while uploading.`, {
          operation: "upload",
        });
      const opened = await handle.stat().catch(async (error: unknown) => {
        await close();
        throw error;
      });
      if (opened.size !== size) {
        await close();
        throw changed(opened.size);
      }
      let position = 0;
      return new ReadableStream<Uint8Array>(
        {
          async pull(controller) {
            try {
              const wanted = Math.min(CHUNK_BYTES, size - position);
              if (wanted === 0) {
                const { size: now } = await handle.stat();
                if (now !== size) throw changed(now);
                await close();
                controller.close();
                return;
              }
              // Not zero-filled: every byte handed on is one read from the file.
              const { bytesRead, buffer } = await handle.read(Buffer.allocUnsafe(wanted), 0, wanted, position);
              if (bytesRead === 0) throw changed((await handle.stat()).size);
              position += bytesRead;
              controller.enqueue(bytesRead === wanted ? buffer : buffer.subarray(0, bytesRead));
            } catch (error) {
              await close();
              throw error;
            }
          },
          cancel: close,
        },
        { highWaterMark: 0 },
      );
    },
  };
}

const CHUNK_BYTES = 1024 * 1024;
