/**
 * Node-only: write a file's content to disk atomically. Loaded with a dynamic import.
 *
 * The bytes go to a temporary file beside the destination (same directory, so the final rename is
 * atomic on one filesystem); only a body of the expected length is moved into place. The temporary
 * file is opened before any byte is read, so every failure, including the caller's abort, finds it
 * and removes it: neither a partial destination nor a stray temporary file is left behind, and an
 * existing destination is untouched until the new content is complete.
 *
 * Temporary names are `.minimax-files-<12 hex>.part` whatever the destination's name, so a legal
 * 255-byte filename never becomes an illegal temporary one, and a process killed outright (SIGKILL,
 * power loss) leaves a name a later run or a person can recognise and delete.
 */
import { randomBytes } from "node:crypto";
import { once } from "node:events";
import { createWriteStream } from "node:fs";
import { chmod, type FileHandle, link, open, rename, rm, stat, unlink } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { finished } from "node:stream/promises";
import { declaredLength } from "../body.js";
import {
  MiniMaxConnectionError,
  MiniMaxLocalFileError,
  MiniMaxResponseError,
  MiniMaxValidationError,
} from "../errors.js";

export interface DownloadOptions {
  /**
   * Replace an existing destination (default true). With false, a destination that exists before
   * the download is refused before anything is sent, and one that appears during the transfer is
   * not replaced: a `MiniMaxLocalFileError` with code `EEXIST`.
   */
  overwrite?: boolean;
  /**
   * The content's size, when known from elsewhere (retrieve's `bytes`): it checks a body that has
   * no Content-Length or is compressed. A body shorter or longer fails and nothing is left.
   */
  expectedBytes?: number;
}

const at = { operation: "download" } as const;
const WRITE_AHEAD_BYTES = 1024 * 1024;

/** The client's own reader of a streamed body (transport.ts `BodyReader`): chunks without a stream stage. */
export interface ChunkReader {
  read(): Promise<Uint8Array | undefined>;
}

/** A body the transport did not stream itself (a JSON answer handed on as content). */
function readerOf(body: ReadableStream<Uint8Array>): ChunkReader {
  const reader = body.getReader();
  return { read: async () => (await reader.read()).value };
}

/**
 * Each chunk into the file as it is read: written behind (the write stream batches what queues up
 * while a write is in flight) and read on until the stream asks to wait.
 */
async function writeChunks(reader: ChunkReader, handle: FileHandle, count: (chunk: Uint8Array) => void) {
  // On the descriptor, not the FileHandle: fs's callback writes cost less per chunk than the
  // promise-based ones a FileHandle's stream makes. The handle stays open; the caller closes it.
  // A 1 MiB buffer (not 16 KiB) lets the network run ahead of the disk by a few chunks, which the
  // stream then writes together (writev), instead of waiting for a drain after every 64 KiB chunk.
  const out = createWriteStream("", { fd: handle.fd, autoClose: false, highWaterMark: WRITE_AHEAD_BYTES });
  let failed: unknown;
  out.on("error", (error) => {
    failed ??= error;
  });
  try {
    for (let chunk = await reader.read(); chunk !== undefined; chunk = await reader.read()) {
      if (failed) throw failed;
      count(chunk);
      if (!out.write(chunk)) await once(out, "drain");
    }
    out.end();
    await finished(out);
  } catch (error) {
    out.destroy();
    throw failed ?? error;
  }
}

/** Check the destination before anything is sent. */
export async function checkDestination(destinationPath: string, options: DownloadOptions = {}): Promise<string> {
  const fail = (message: string) => new MiniMaxValidationError(`download: ${message}.`, at);
  if (typeof destinationPath !== "string" || destinationPath === "")
    throw fail("destinationPath must be a non-empty path");
  const { expectedBytes: expected } = options;
  if (expected !== undefined && !(Number.isSafeInteger(expected) && expected >= 0)) {
    throw fail("expectedBytes must be a byte count");
  }
  const destination = resolve(destinationPath);
  const directory = dirname(destination);
  if (!(await stat(directory).catch(() => undefined))?.isDirectory())
    throw fail(`directory ${directory} does not exist`);
  const existing = await stat(destination).catch(() => undefined);
  if (existing?.isDirectory()) throw fail(`${destination} is a directory; give a file path`);
  if (existing && options.overwrite === false) throw fail(`${destination} already exists (overwrite: false)`);
  return destination;
}

/** Stream `response`'s body into `destination` atomically; returns the byte count. */
export async function writeAtomically(
  response: Response,
  destination: string,
  options: DownloadOptions = {},
  reader?: ChunkReader,
): Promise<number> {
  const temporary = join(dirname(destination), `.minimax-files-${randomBytes(6).toString("hex")}.part`);
  // Opened before anything can fail, so the cleanup below always has the file to remove.
  const handle = await open(temporary, "wx");
  let bytes = 0;
  try {
    if (!response.body) throw new MiniMaxConnectionError("download: the response has no body.", at);
    const expected = declaredLength(response) ?? options.expectedBytes;
    // Stop at the first chunk too many: an endless body must not fill the disk.
    const count = (chunk: Uint8Array) => {
      bytes += chunk.byteLength;
      if (bytes > (expected ?? bytes)) {
        throw new MiniMaxResponseError(`download: body longer than ${expected} bytes.`, {
          ...at,
          httpStatus: response.status,
        });
      }
    };
    await writeChunks(reader ?? readerOf(response.body), handle, count);
    await handle.close();
    if (bytes !== (expected ?? bytes)) {
      throw new MiniMaxConnectionError(`download: body ended after ${bytes} of ${expected} bytes.`, at);
    }
    if (options.overwrite === false) {
      // link() fails with EEXIST if the destination exists, atomically, unlike a check then a rename.
      await link(temporary, destination).catch((error: NodeJS.ErrnoException) => {
        throw error.code === "EEXIST"
          ? new MiniMaxLocalFileError(`download: ${destination} appeared meanwhile; not replaced.`, {
              ...at,
              code: error.code,
              cause: error,
            })
          : error;
      });
      await unlink(temporary);
    } else {
      // A replaced file keeps its permissions: a 0600 file must not become world-readable.
      const replaced = await stat(destination).catch(() => undefined);
      if (replaced) await chmod(temporary, replaced.mode & 0o7777);
      await rename(temporary, destination);
    }
    return bytes;
  } catch (error) {
    await handle.close().catch(() => {});
    await rm(temporary, { force: true });
    throw error;
  }
}
