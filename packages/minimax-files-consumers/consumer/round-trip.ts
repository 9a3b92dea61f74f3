/**
 * The consumer round trip: what an application does with the published packages, written once and
 * run unchanged on Node 20/22/24 (ESM and CommonJS), Bun, Deno, Jest and in headless Chromium,
 * each time from the packed tarballs installed in a scratch project. It imports no `node:` module,
 * so the same file is bundled for the browser; the runtime hands it file access where it has some.
 *
 * Every step throws on a wrong answer, so a run that returns its step list passed all of them.
 */
import {
  createMiniMaxFiles,
  type FileObject,
  MiniMaxApiError,
  MiniMaxValidationError,
  type Purpose,
} from "@org/minimax-files";

export interface RoundTripFiles {
  /** An existing file to upload by path; its content is `pathContent`. */
  uploadPath: string;
  pathContent: string;
  /** Where `download` writes (it must not exist yet). */
  downloadPath: string;
  readText(path: string): Promise<string>;
}

export interface RoundTripOptions {
  baseUrl: string;
  apiKey: string;
  /** Node, Bun and Deno: paths for the upload-by-path and download steps. A browser has none. */
  files?: RoundTripFiles;
}

const purpose: Purpose = "t2a_async_input";
const bytesContent = "Hello from a consumer of @org/minimax-files.";

function check(steps: string[], ok: boolean, step: string, detail?: unknown): void {
  if (!ok) throw new Error(`round trip step failed: ${step}${detail === undefined ? "" : ` (${String(detail)})`}`);
  steps.push(step);
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (error: unknown) => error,
  );
}

export async function roundTrip(options: RoundTripOptions): Promise<string[]> {
  const steps: string[] = [];
  const files = createMiniMaxFiles({ apiKey: options.apiKey, baseUrl: options.baseUrl, maxRetries: 0 });

  const encoded = new TextEncoder().encode(bytesContent);
  const fromBytes: FileObject = await files.upload({ purpose, file: encoded, filename: "bytes.txt" });
  check(steps, fromBytes.bytes === encoded.byteLength && fromBytes.filename === "bytes.txt", "upload bytes");
  const id = fromBytes.file_id;

  let fromPath: FileObject | undefined;
  if (options.files) {
    fromPath = await files.upload({ purpose, file: options.files.uploadPath });
    const expected = new TextEncoder().encode(options.files.pathContent).byteLength;
    check(steps, fromPath.bytes === expected, "upload path", fromPath.bytes);
  } else {
    const refused = await rejection(files.upload({ purpose, file: "./speech.txt" }));
    check(
      steps,
      refused instanceof MiniMaxValidationError && /only in Node/.test(refused.message),
      "upload path refused (no files here)",
      refused,
    );
  }

  const listed = await files.list({ purpose });
  const expectedIds = [id, fromPath?.file_id].filter((value) => value !== undefined).sort();
  check(steps, JSON.stringify(listed.map((file) => file.file_id).sort()) === JSON.stringify(expectedIds), "list");

  const { data: retrieved, traceId } = await files.retrieve(id).withResponse();
  check(steps, retrieved.file_id === id && retrieved.filename === "bytes.txt", "retrieve");
  check(steps, typeof traceId === "string" && traceId.length > 0, "trace id of a successful call", traceId);

  const content = await (await files.retrieveContent(id)).text();
  check(steps, content === bytesContent, "retrieve content", content);

  if (options.files) {
    const saved = await files.download(id, options.files.downloadPath);
    const written = await options.files.readText(options.files.downloadPath);
    check(steps, saved.bytes === encoded.byteLength && written === bytesContent, "download");
  } else {
    const refused = await rejection(files.download(id, "bytes-copy.txt"));
    check(
      steps,
      refused instanceof MiniMaxValidationError &&
        refused.message === "download() writes files and works only in Node; use retrieveContent() in a browser.",
      "download refused (no files here)",
      refused,
    );
  }

  const deleted = await files.delete(id, { purpose: retrieved.purpose });
  // Without a purpose, delete looks it up first.
  if (fromPath) await files.delete(fromPath.file_id);
  check(steps, deleted.file_id === id && (await files.list({ purpose })).length === 0, "delete");

  const wrongKey = "sk-wrong-0123456789";
  const wrong = createMiniMaxFiles({ apiKey: wrongKey, baseUrl: options.baseUrl, maxRetries: 0 });
  const denied = await rejection(wrong.list({ purpose }));
  check(
    steps,
    denied instanceof MiniMaxApiError &&
      denied.kind === "authentication" &&
      !JSON.stringify({ ...denied.toJSON(), message: denied.message }).includes(wrongKey),
    "wrong key: MiniMaxApiError (authentication), key not in the error",
    denied,
  );
  return steps;
}
