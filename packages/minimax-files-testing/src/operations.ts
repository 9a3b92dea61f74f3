/**
 * The five File Management operations (plus the unauthenticated `download_url` route), each
 * reading its request and the store and deciding a Reply. Upload accepts the purposes its page
 * publishes plus the documented extras (the China site's `video_generation_input`); list and delete
 * accept every known purpose, since a file stored under one is listed and deleted with the same one
 * (the pages' narrower per-operation enums were a dead end: see @org/minimax-files-types).
 */
import type { IncomingMessage } from "node:http";
import { documentedExtraPurposes, isPurposeOf, knownPurposes, parseFileId } from "@org/minimax-files-types";
import { baseResp, StatusCode } from "./base-resp.js";
import type { FakeOperation } from "./faults.js";
import { topLevelNumberSource } from "./json-ids.js";
import { MultipartError, receiveMultipart } from "./multipart.js";
import { type BodyReply, type ContentReply, errorReply, jsonReply } from "./replies.js";
import type { FakeFile, FileStore } from "./store.js";

export interface OperationContext {
  req: IncomingMessage;
  url: URL;
  store: FileStore;
  /** The server's own address, for `download_url`. */
  serverUrl: string;
  retainContentUpTo: number;
  onBodyBytes(bytes: number): void;
}

type Handler = (context: OperationContext) => Promise<BodyReply | ContentReply>;

const success = () => baseResp(StatusCode.success);
const invalid = (why: string) => errorReply(StatusCode.invalidParams, `invalid params, ${why}`);
const notFound = (fileId: bigint) => invalid(`file ${fileId} not found`);

/** The JSON shape of a file, as MiniMax's FileObject; `file_id` stays a bigint until written. */
function fileObject(file: FakeFile): Record<string, unknown> {
  return {
    file_id: file.fileId,
    bytes: file.bytes,
    created_at: file.createdAt,
    filename: file.filename,
    purpose: file.purpose,
  };
}

const upload: Handler = async ({ req, store, retainContentUpTo, onBodyBytes }) => {
  if (!req.headers["content-type"]?.toLowerCase().startsWith("multipart/form-data")) {
    await drain(req, onBodyBytes);
    return invalid("upload expects a multipart/form-data body");
  }
  let form: Awaited<ReturnType<typeof receiveMultipart>>;
  try {
    form = await receiveMultipart(req, { fileField: "file", retainContentUpTo, onBodyBytes });
  } catch (error) {
    if (error instanceof MultipartError) return invalid(`unreadable multipart body: ${error.message}`);
    throw error;
  }
  const purpose = form.fields.get("purpose");
  if (purpose === undefined) return invalid("purpose is required");
  if (!isPurposeOf("upload", purpose) && !isOneOf(purpose, documentedExtraPurposes)) {
    return invalid(`unknown purpose ${JSON.stringify(purpose)}`);
  }
  const { file } = form;
  if (!file) return invalid("file is required");
  if (file.bytes === 0) return invalid("file is empty");
  const stored = store.add({
    filename: file.filename,
    purpose,
    bytes: file.bytes,
    contentType: file.mimeType,
    storage: file.content ? "held" : "discarded",
    content: file.content,
    sha256: file.sha256,
  });
  return jsonReply({ file: fileObject(stored), base_resp: success() });
};

const list: Handler = async ({ req, url, store, onBodyBytes }) => {
  await drain(req, onBodyBytes);
  const purpose = url.searchParams.get("purpose");
  if (purpose === null) return invalid("purpose is required");
  if (!isOneOf(purpose, knownPurposes)) return invalid(`unknown purpose ${JSON.stringify(purpose)}`);
  const files = store.all().filter((file) => file.purpose === purpose);
  return jsonReply({ files: files.map(fileObject), base_resp: success() });
};

const retrieve: Handler = async ({ req, url, store, serverUrl, onBodyBytes }) => {
  await drain(req, onBodyBytes);
  const found = findByQuery(url, store);
  if (!("file" in found)) return found.reply;
  const downloadUrl = `${serverUrl}/download/${found.file.fileId}`;
  return jsonReply({ file: { ...fileObject(found.file), download_url: downloadUrl }, base_resp: success() });
};

const retrieveContent: Handler = async ({ req, url, store, onBodyBytes }) => {
  await drain(req, onBodyBytes);
  const found = findByQuery(url, store);
  if (!("file" in found)) return found.reply;
  return contentOf(found.file);
};

/** The `download_url` retrieve hands out: like a pre-signed URL, it needs no Authorization. */
const downloadUrl: Handler = async ({ req, url, store, onBodyBytes }) => {
  await drain(req, onBodyBytes);
  const fileId = parseFileId(url.pathname.slice("/download/".length));
  const file = fileId === undefined ? undefined : store.get(fileId);
  if (!file) return errorReply(StatusCode.invalidParams, "invalid params, file not found");
  return contentOf(file);
};

const deleteFile: Handler = async ({ req, store, onBodyBytes }) => {
  if (!req.headers["content-type"]?.toLowerCase().includes("json")) {
    await drain(req, onBodyBytes);
    return invalid("delete expects an application/json body");
  }
  const text = await readText(req, 64 * 1024, onBodyBytes);
  if (text === undefined) return invalid("request body too large");
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return invalid("request body is not valid JSON");
  }
  if (body === null || typeof body !== "object" || Array.isArray(body))
    return invalid("request body must be an object");
  const { purpose, file_id } = body as Record<string, unknown>;
  if (typeof file_id !== "number") return invalid("file_id is required and must be an integer");
  // JSON.parse rounded file_id if it is above 2^53; the id is read from the source text instead.
  const fileId = parseFileId(topLevelNumberSource(text, "file_id"));
  if (fileId === undefined) return invalid("file_id must be a non-negative int64");
  if (typeof purpose !== "string") return invalid("purpose is required");
  if (!isOneOf(purpose, knownPurposes)) return invalid(`unknown purpose ${JSON.stringify(purpose)}`);
  const file = store.get(fileId);
  if (!file) return notFound(fileId);
  if (file.purpose !== purpose) return invalid(`file ${fileId} has purpose ${file.purpose}, not ${purpose}`);
  store.delete(fileId);
  return jsonReply({ file_id: fileId, base_resp: success() });
};

export const operations: Readonly<Record<FakeOperation, Handler>> = {
  upload,
  list,
  retrieve,
  retrieveContent,
  delete: deleteFile,
  downloadUrl,
};

function findByQuery(url: URL, store: FileStore): { file: FakeFile } | { reply: BodyReply } {
  const raw = url.searchParams.get("file_id");
  if (raw === null) return { reply: invalid("file_id is required") };
  const fileId = parseFileId(raw);
  if (fileId === undefined) return { reply: invalid("file_id must be a non-negative int64") };
  const file = store.get(fileId);
  return file ? { file } : { reply: notFound(fileId) };
}

function contentOf(file: FakeFile): BodyReply | ContentReply {
  if (file.storage === "discarded") {
    return errorReply(
      StatusCode.unknownError,
      `fake server: file ${file.fileId} (${file.bytes} bytes) was larger than retainContentUpTo, so its content was not kept`,
    );
  }
  return { kind: "content", file };
}

/** Reads and discards a body, counting it, so the reply can go out on a clean connection. */
export async function drain(req: IncomingMessage, onBodyBytes: (bytes: number) => void): Promise<void> {
  if (req.readableEnded) return;
  for await (const chunk of req) onBodyBytes((chunk as Buffer).byteLength);
}

/** The body as text, or undefined past `limit` bytes (the rest is drained). */
async function readText(
  req: IncomingMessage,
  limit: number,
  onBodyBytes: (bytes: number) => void,
): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let bytes = 0;
  for await (const chunk of req) {
    onBodyBytes((chunk as Buffer).byteLength);
    bytes += (chunk as Buffer).byteLength;
    if (bytes <= limit) chunks.push(chunk as Buffer);
  }
  return bytes <= limit ? Buffer.concat(chunks).toString("utf8") : undefined;
}

function isOneOf(value: string, allowed: readonly string[]): boolean {
  return allowed.includes(value);
}
