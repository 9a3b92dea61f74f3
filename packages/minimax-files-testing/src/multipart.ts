/**
 * Receives upload's multipart body with busboy, streaming: the file part is hashed and counted as
 * it arrives, and its bytes are kept only up to a limit, so a multi-gigabyte upload costs the
 * fake server a hash state, not the file.
 */
import { createHash } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { Busboy, type BusboyConfig, type BusboyInstance } from "@fastify/busboy";

export interface ReceivedFile {
  filename: string;
  mimeType: string;
  bytes: number;
  sha256: string;
  /** The bytes, or undefined when the part was larger than the retention limit. */
  content: Buffer | undefined;
}

export interface ReceivedForm {
  fields: ReadonlyMap<string, string>;
  /** The part named `fileField`; undefined when the form had none. */
  file: ReceivedFile | undefined;
}

/** The body is not a multipart form busboy can read (bad Content-Type, broken boundaries, cut short). */
export class MultipartError extends Error {
  override name = "MultipartError";
}

export interface ReceiveOptions {
  fileField: string;
  retainContentUpTo: number;
  /** Called with each chunk's size as the raw body arrives. */
  onBodyBytes(bytes: number): void;
}

/**
 * Reads the whole request. On failure it rejects with MultipartError and keeps draining the
 * request, so the caller can still answer on the same connection.
 */
export function receiveMultipart(req: IncomingMessage, options: ReceiveOptions): Promise<ReceivedForm> {
  return new Promise((resolve, reject) => {
    const fields = new Map<string, string>();
    let file: ReceivedFile | undefined;
    let sawFile = false;
    let fileDone: Promise<void> = Promise.resolve();

    const fail = (error: unknown) => {
      req.unpipe();
      req.resume();
      reject(new MultipartError(error instanceof Error ? error.message : String(error)));
    };

    let parser: BusboyInstance;
    try {
      parser = Busboy({ headers: req.headers as BusboyConfig["headers"], limits: { parts: 64 } });
    } catch (error) {
      fail(error);
      return;
    }

    parser.on("field", (name, value) => fields.set(name, value));
    parser.on("file", (name, stream, filename, _encoding, mimeType) => {
      if (name !== options.fileField || sawFile) {
        stream.resume();
        return;
      }
      sawFile = true;
      const hash = createHash("sha256");
      let bytes = 0;
      let retained: Buffer[] | undefined = [];
      fileDone = new Promise((fileEnded, fileFailed) => {
        stream.on("data", (chunk: Buffer) => {
          hash.update(chunk);
          bytes += chunk.byteLength;
          if (retained && bytes <= options.retainContentUpTo) retained.push(chunk);
          else retained = undefined;
        });
        stream.on("error", fileFailed);
        stream.on("end", () => {
          file = {
            filename,
            mimeType,
            bytes,
            sha256: hash.digest("hex"),
            content: retained && Buffer.concat(retained, bytes),
          };
          fileEnded();
        });
      });
    });
    parser.on("error", fail);
    parser.on("finish", () => {
      fileDone.then(() => resolve({ fields, file }), fail);
    });

    req.on("data", (chunk: Buffer) => options.onBodyBytes(chunk.byteLength));
    if (req.destroyed) {
      fail(new Error("the client went away before the upload was read"));
      return;
    }
    req.on("close", () => {
      if (!req.complete) fail(new Error("the client aborted the upload"));
    });
    req.pipe(parser);
  });
}
