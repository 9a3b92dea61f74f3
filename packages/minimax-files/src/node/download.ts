/**
 * Node-only: write a file's content to disk atomically. Loaded with a dynamic import.
 *
 * The bytes go to a temporary file beside the destination (same directory, so the final rename is
 * atomic on one filesystem); only a complete body whose length matches Content-Length is renamed
 * into place. Any failure, including the caller's abort, removes the temporary file, so neither a
 * partial destination nor a stray temporary file is left behind, and an existing destination is
 * untouched until the new content is complete.
 */
import { randomBytes } from "node:crypto";
import { createWriteStream } from "node:fs";
import { rename, rm, stat } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { MiniMaxConnectionError, MiniMaxValidationError } from "../errors.js";

/** Check the destination before anything is sent. */
export async function checkDestination(destinationPath: string): Promise<string> {
  if (typeof destinationPath !== "string" || destinationPath === "") {
    throw new MiniMaxValidationError("download: destinationPath must be a non-empty path.", { operation: "download" });
  }
  const destination = resolve(destinationPath);
  const directory = await stat(dirname(destination)).catch(() => undefined);
  if (!directory?.isDirectory()) {
    throw new MiniMaxValidationError(`download: directory ${dirname(destination)} does not exist.`, {
      operation: "download",
    });
  }
  const existing = await stat(destination).catch(() => undefined);
  if (existing?.isDirectory()) {
    throw new MiniMaxValidationError(`download: ${destination} is a directory; give a file path.`, {
      operation: "download",
    });
  }
  return destination;
}

/** Stream `response`'s body into `destination` atomically; returns the byte count. */
export async function writeAtomically(response: Response, destination: string): Promise<number> {
  const temporary = join(dirname(destination), `.${basename(destination)}.${randomBytes(6).toString("hex")}.part`);
  let bytes = 0;
  try {
    if (!response.body)
      throw new MiniMaxConnectionError("download: the response has no body.", { operation: "download" });
    const body = Readable.fromWeb(response.body as import("node:stream/web").ReadableStream<Uint8Array>);
    await pipeline(
      body,
      async function* count(chunks: AsyncIterable<Uint8Array>) {
        for await (const chunk of chunks) {
          bytes += chunk.byteLength;
          yield chunk;
        }
      },
      createWriteStream(temporary, { flags: "wx" }),
    );
    // fetch decompresses a Content-Encoding body, and Content-Length then counts compressed bytes.
    const encoding = response.headers.get("content-encoding");
    const declared = encoding && encoding !== "identity" ? null : response.headers.get("content-length");
    if (declared !== null && Number(declared) !== bytes) {
      throw new MiniMaxConnectionError(`download: body ended after ${bytes} of ${declared} bytes.`, {
        operation: "download",
      });
    }
    await rename(temporary, destination);
    return bytes;
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
