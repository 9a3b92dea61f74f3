/**
 * Upload sources, their validation, and the multipart body.
 *
 * The body is one pull-based stream with a known Content-Length: the multipart head, the file's
 * chunks as the source yields them (each counted for progress and the idle timeout in the same
 * step), the closing boundary. fetch's own FormData is not used: with a file-backed Blob it
 * reports neither progress nor activity per chunk, and with fetch's default redirect mode it queues
 * the whole file (see docs/BENCHMARKS.md). A general encoder (form-data-encoder, used before) put
 * two more stream stages between the file and fetch; for one field and one file the format is a
 * few lines (multipartParts), and the upload went from 0.68× to about raw fetch's throughput.
 *
 * Each attempt re-opens the source (a path is re-read from disk, a Blob or bytes re-streamed), so a
 * retry sends the same bytes; a web ReadableStream or Node Readable can be read only once, so its
 * upload is never retried and the error says so.
 */
import type { KnownPurpose, Purpose } from "@org/minimax-files-types";
import { MiniMaxValidationError } from "./errors.js";
import { type BodySource, checkPurpose, type Progress } from "./options.js";

/**
 * What `upload` accepts: a file path, a `file:` URL, a Blob/File, bytes, a web ReadableStream, or
 * any async iterable of bytes (a Node `Readable`, e.g. `fs.createReadStream`).
 */
export type UploadFile =
  | string
  | URL
  | Blob
  | Uint8Array
  | ArrayBuffer
  | ReadableStream<Uint8Array>
  | AsyncIterable<Uint8Array | string>;

export interface UploadParams {
  /** The file itself: a path, `file:` URL, Blob/File, bytes or stream. */
  file: UploadFile;
  /** What the file is for: `voice_clone`, `prompt_audio`, `t2a_async_input`, `video_understanding`, ... */
  purpose: Purpose;
  /** Name sent to MiniMax; required for bytes and streams, otherwise taken from the source. */
  filename?: string;
  /** MIME type; default from the source (Blob type) or the file extension. */
  contentType?: string;
}

/** Formats MiniMax documents per upload purpose (the upload docs page); other purposes are not checked. */
export const uploadExtensions: Readonly<Partial<Record<KnownPurpose, readonly string[]>>> = {
  voice_clone: ["mp3", "m4a", "wav"],
  prompt_audio: ["mp3", "m4a", "wav"],
  t2a_async_input: ["txt", "zip"],
  video_understanding: ["mp4", "avi", "mov", "mkv"],
};

const MIME_BY_EXTENSION: Readonly<Record<string, string>> = {
  mp3: "audio/mpeg",
  m4a: "audio/mp4",
  wav: "audio/wav",
  txt: "text/plain",
  zip: "application/zip",
  mp4: "video/mp4",
  avi: "video/x-msvideo",
  mov: "video/quicktime",
  mkv: "video/x-matroska",
};

/** A source that can produce its bytes, once or once per attempt. */
interface ResolvedSource {
  filename: string | undefined;
  type: string | undefined;
  size: number | undefined;
  stream(): ReadableStream<Uint8Array> | Promise<ReadableStream<Uint8Array>>;
  /** The content as a Blob, for runtimes that cannot stream a request body (see `open`). */
  blob?(): Blob;
  oneShotReason?: string;
}

/** Validate everything that can be checked before sending, and build the per-attempt body. */
export async function prepareUpload(
  params: UploadParams,
  onProgress: ((progress: Progress) => void) | undefined,
  { streamBody = canStreamRequestBodies() } = {},
): Promise<BodySource> {
  if (params === null || typeof params !== "object") {
    throw new MiniMaxValidationError("upload: expected { purpose, file }.", { operation: "upload" });
  }
  const purpose = checkPurpose("upload", params.purpose);
  const source = await resolveSource(params.file);
  const filename = params.filename ?? source.filename;
  if (!filename) {
    throw new MiniMaxValidationError("upload: a filename is required when the file is bytes or a stream.", {
      operation: "upload",
    });
  }
  const extension = /\.([^./\\]+)$/.exec(filename)?.[1]?.toLowerCase();
  // hasOwn: a well-formed purpose may still be an Object.prototype key ("constructor").
  const allowed = Object.hasOwn(uploadExtensions, purpose) ? uploadExtensions[purpose as KnownPurpose] : undefined;
  if (allowed && (!extension || !allowed.includes(extension))) {
    throw new MiniMaxValidationError(
      `upload: ${JSON.stringify(filename)} does not fit purpose ${purpose}, which takes ${allowed.join(", ")} files.`,
      { operation: "upload" },
    );
  }
  if (source.size === 0) {
    throw new MiniMaxValidationError(`upload: ${JSON.stringify(filename)} is empty.`, { operation: "upload" });
  }
  const type =
    params.contentType || source.type || (extension && MIME_BY_EXTENSION[extension]) || "application/octet-stream";
  const streamSource = source.size === undefined ? await nonEmpty(source, filename) : source;
  const form = multipartParts(purpose, filename, type);

  return {
    oneShotReason: source.oneShotReason,
    upload: { filename, purpose, bytes: source.size },
    async open(touch, signal) {
      const headers: Record<string, string> = { "content-type": form.contentType };
      if (!streamBody && source.blob) {
        // Browsers (other than Chromium over HTTP/2) cannot send a ReadableStream body; a Blob of
        // the parts is sent lazily by the browser, with its own length.
        return { body: new Blob([form.head, source.blob(), form.tail]), headers };
      }
      // Without a known size the body goes chunked (no Content-Length).
      if (source.size !== undefined)
        headers["content-length"] = String(form.head.byteLength + source.size + form.tail.byteLength);
      const file = await streamSource.stream();
      return { body: multipartStream(form, file, source.size, touch, onProgress, signal), headers };
    },
  };
}

const utf8 = new TextEncoder();

/**
 * The multipart/form-data framing of `purpose` and one file. Quotes and line breaks in the filename
 * (and the type, which a caller may pass) are percent-escaped as browsers escape them, so neither
 * can end the header early.
 */
function multipartParts(purpose: string, filename: string, type: string) {
  const random = crypto.getRandomValues(new Uint8Array(12));
  const boundary = `----minimax-files-${Array.from(random, (byte) => byte.toString(16).padStart(2, "0")).join("")}`;
  // encodeURIComponent of each of these three is exactly the escape browsers use (%0D, %0A, %22).
  const escaped = (text: string) => text.replace(/[\r\n"]/g, encodeURIComponent);
  return {
    contentType: `multipart/form-data; boundary=${boundary}`,
    head: utf8.encode(
      `--${boundary}\r\nContent-Disposition: form-data; name="purpose"\r\n\r\n${purpose}\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${escaped(filename)}"\r\n` +
        `Content-Type: ${escaped(type)}\r\n\r\n`,
    ),
    tail: utf8.encode(`\r\n--${boundary}--\r\n`),
  };
}

/**
 * The body fetch reads: head, the file's chunks, tail; one `reader.read()` per chunk and nothing
 * read ahead of what fetch sends. On abort, fetch stops reading but cannot cancel the body it holds
 * locked: the source is cancelled here directly (closing the file) and the body errored at once,
 * even while fetch is stuck writing to a server that stopped reading, so fetch gives up the socket.
 */
function multipartStream(
  form: { head: Uint8Array; tail: Uint8Array },
  file: ReadableStream<Uint8Array>,
  total: number | undefined,
  touch: () => void,
  onProgress: ((progress: Progress) => void) | undefined,
  signal: AbortSignal,
): ReadableStream<Uint8Array> {
  const reader = file.getReader();
  let loaded = 0;
  let started = false;
  let abort: () => void;
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        abort = () => {
          reader.cancel(signal.reason).catch(() => {});
          controller.error(signal.reason);
        };
        if (signal.aborted) abort();
        else signal.addEventListener("abort", abort, { once: true });
      },
      async pull(controller) {
        if (!started) {
          started = true;
          controller.enqueue(form.head);
          return;
        }
        const next = await reader.read();
        if (signal.aborted) return;
        if (next.done) {
          signal.removeEventListener("abort", abort);
          controller.enqueue(form.tail);
          controller.close();
          return;
        }
        loaded += next.value.byteLength;
        touch();
        onProgress?.({ loaded, total });
        controller.enqueue(next.value);
      },
      cancel: (reason) => reader.cancel(reason),
    },
    { highWaterMark: 0 },
  );
}

async function resolveSource(file: UploadFile): Promise<ResolvedSource> {
  if (typeof file === "string" || file instanceof URL) {
    const { pathSource } = await import("./node/path-source.js");
    return pathSource(file);
  }
  if (typeof Blob !== "undefined" && file instanceof Blob) {
    const name = (file as Partial<File>).name;
    return {
      filename: name || undefined,
      type: file.type || undefined,
      size: file.size,
      stream: () => file.stream(),
      blob: () => file,
    };
  }
  if (file instanceof Uint8Array || file instanceof ArrayBuffer) {
    const bytes = file instanceof ArrayBuffer ? new Uint8Array(file) : file;
    return {
      filename: undefined,
      type: undefined,
      size: bytes.byteLength,
      stream: () => iterableToStream(singleChunk(bytes)),
      blob: () => new Blob([bytes as Uint8Array<ArrayBuffer>]),
    };
  }
  if (isReadableStream(file)) {
    return oneShot(
      file,
      undefined,
      "a web ReadableStream can be read only once; pass a path, Blob or bytes to allow retries",
    );
  }
  if (isAsyncIterable(file)) {
    // A Node fs.ReadStream knows its path: use its basename as the default filename.
    const path = (file as { path?: unknown }).path;
    const name = typeof path === "string" ? path.split(/[\\/]/).pop() : undefined;
    return oneShot(
      iterableToStream(toBytes(file)),
      name,
      "a Node Readable can be read only once; pass a path, Blob or bytes to allow retries",
    );
  }
  throw new MiniMaxValidationError(
    "upload: file must be a path, file: URL, Blob, Uint8Array, ArrayBuffer, ReadableStream or Node Readable.",
    { operation: "upload" },
  );
}

function oneShot(stream: ReadableStream<Uint8Array>, filename: string | undefined, reason: string): ResolvedSource {
  let used = false;
  return {
    filename,
    type: undefined,
    size: undefined,
    oneShotReason: reason,
    stream() {
      if (used) throw new MiniMaxValidationError(`upload: ${reason}.`, { operation: "upload" });
      used = true;
      return stream;
    },
  };
}

/** Read a stream of unknown length up to its first chunk, so an empty one is refused before sending. */
async function nonEmpty(source: ResolvedSource, filename: string): Promise<ResolvedSource> {
  const reader = (await source.stream()).getReader();
  let first = await reader.read();
  while (!first.done && first.value.byteLength === 0) first = await reader.read();
  if (first.done)
    throw new MiniMaxValidationError(`upload: ${JSON.stringify(filename)} is empty.`, { operation: "upload" });
  const head = first.value;
  let served = false;
  const rest = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (!served) {
          served = true;
          controller.enqueue(head);
          return;
        }
        const next = await reader.read();
        if (next.done) controller.close();
        else controller.enqueue(next.value);
      },
      cancel: (reason) => reader.cancel(reason),
    },
    { highWaterMark: 0 },
  );
  return { ...source, stream: () => rest };
}

/** Node, Bun and Deno stream request bodies; browsers mostly do not. */
function canStreamRequestBodies(): boolean {
  const runtime = globalThis as { process?: { versions?: { node?: string } }; Deno?: unknown };
  return typeof runtime.process?.versions?.node === "string" || runtime.Deno !== undefined;
}

/** A pull-based stream: nothing is read ahead of what fetch sends. */
function iterableToStream(iterable: AsyncIterable<Uint8Array>): ReadableStream<Uint8Array> {
  const iterator = iterable[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const next = await iterator.next();
        if (next.done) controller.close();
        else controller.enqueue(next.value);
      },
      async cancel(reason) {
        await iterator.return?.(reason);
      },
    },
    { highWaterMark: 0 },
  );
}

async function* singleChunk(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  yield bytes;
}

async function* toBytes(iterable: AsyncIterable<Uint8Array | string>): AsyncGenerator<Uint8Array> {
  const encoder = new TextEncoder();
  for await (const chunk of iterable) yield typeof chunk === "string" ? encoder.encode(chunk) : chunk;
}

function isReadableStream(value: unknown): value is ReadableStream<Uint8Array> {
  return typeof (value as ReadableStream | null)?.getReader === "function";
}

function isAsyncIterable(value: unknown): value is AsyncIterable<Uint8Array | string> {
  return typeof (value as AsyncIterable<unknown> | null)?.[Symbol.asyncIterator] === "function";
}
