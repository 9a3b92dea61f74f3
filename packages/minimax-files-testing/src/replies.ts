/**
 * What a route answers, decided before anything is written, so faults can replace or damage it
 * and one writer puts it on the wire.
 */
import type { ServerResponse } from "node:http";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { writeJson } from "@org/minimax-files-types";
import { type BaseResp, baseResp } from "./base-resp.js";
import { generatedChunks } from "./content.js";
import type { FakeFile } from "./store.js";

/** A complete body held in memory: JSON envelopes, HTML error pages, plain text. */
export interface BodyReply {
  kind: "body";
  httpStatus: number;
  /** undefined: no Content-Type header at all. */
  contentType: string | undefined;
  body: Buffer;
  headers?: Record<string, string>;
  /** The envelope's `base_resp.status_code`, for the request log; undefined when there is none. */
  statusCode?: number;
  /** The JSON value `body` was written from, so a fault can rewrite it with ids kept exact. */
  payload?: JsonPayload;
}

/** A file's bytes, streamed from memory or generated on the fly. */
export interface ContentReply {
  kind: "content";
  file: FakeFile;
}

/**
 * A body produced while it is sent, for answers too large (a gzip bomb) or endless to hold, and
 * for answers whose framing is the fault (no Content-Length, the connection closed as the end).
 */
export interface StreamReply {
  kind: "stream";
  httpStatus: number;
  /** Sent as given: a Content-Length here is a promise the chunks keep (or break on purpose). */
  headers: Record<string, string | number>;
  chunks(): Iterable<Uint8Array> | AsyncIterable<Uint8Array>;
  /**
   * Neither Content-Length nor chunked encoding: the body ends when the server closes the
   * connection, as an HTTP/1.0 server's does, so a client cannot tell a cut body from a whole one.
   */
  closeDelimited?: boolean;
}

export type Reply = BodyReply | ContentReply | StreamReply;

export type JsonPayload = { base_resp?: BaseResp } & Record<string, unknown>;

/** A JSON reply whose bigints are written as bare digits; HTTP 200 unless told otherwise. */
export function jsonReply(payload: JsonPayload, httpStatus = 200): BodyReply {
  return {
    payload,
    kind: "body",
    httpStatus,
    contentType: "application/json; charset=utf-8",
    body: Buffer.from(writeJson(payload)),
    statusCode: payload.base_resp?.status_code,
  };
}

/** MiniMax's way of failing: HTTP 200 and a non-zero `base_resp.status_code`. */
export function errorReply(code: number, msg?: string): BodyReply {
  return jsonReply({ base_resp: baseResp(code, msg) });
}

export function textReply(httpStatus: number, contentType: string, text: string): BodyReply {
  return { kind: "body", httpStatus, contentType, body: Buffer.from(text) };
}

/** Bytes of a body or file reply (a stream reply's length is whatever its chunks add up to). */
export function replyLength(reply: BodyReply | ContentReply): number {
  return reply.kind === "body" ? reply.body.byteLength : reply.file.bytes;
}

/** The headers a body or file reply is sent with, Content-Length excluded. */
export function headersOf(reply: BodyReply | ContentReply): Record<string, string> {
  return reply.kind === "body"
    ? { ...(reply.contentType === undefined ? {} : { "Content-Type": reply.contentType }), ...reply.headers }
    : { "Content-Type": reply.file.servedContentType, "Content-Disposition": contentDisposition(reply.file.filename) };
}

/**
 * How a reply ends. "complete" sends everything. The others send the headers (with the full
 * Content-Length) and `afterBytes` of the body, then "reset" aborts the connection with a TCP RST
 * and "end" closes it cleanly, leaving the body short of its Content-Length.
 */
export type Ending = { kind: "complete" } | { kind: "reset" | "end"; afterBytes: number };

export interface WriteHooks {
  /** Runs `callback` after `ms`, unless the server closes first. */
  later(ms: number, callback: () => void): void;
}

/** Delay before a mid-body reset, so the client has read the partial body before the RST lands. */
const RESET_GRACE_MS = 50;

export async function writeReply(res: ServerResponse, reply: Reply, ending: Ending, hooks: WriteHooks): Promise<void> {
  if (reply.kind === "stream") return writeStream(res, reply);
  const length = replyLength(reply);
  const headers: Record<string, string | number> = headersOf(reply);
  headers["Content-Length"] = length;
  res.writeHead(reply.kind === "body" ? reply.httpStatus : 200, headers);

  const sendUpTo = ending.kind === "complete" ? length : Math.max(0, Math.min(ending.afterBytes, length - 1));
  if (ending.kind === "complete") {
    await pipeline(Readable.from(bodyChunks(reply, sendUpTo)), res).catch(() => {
      // The client went away mid-download; nothing is left to answer.
    });
    return;
  }
  for (const chunk of bodyChunks(reply, sendUpTo)) {
    if (!res.write(chunk)) await drainOrClose(res);
    if (res.destroyed) return;
  }
  res.flushHeaders();
  const socket = res.socket;
  // Let the response's corked writes reach the socket, then wait until the kernel has them.
  await new Promise(setImmediate);
  if (!socket || socket.destroyed) return;
  if (socket.writableLength > 0) await drainOrClose(socket);
  if (ending.kind === "end") socket.end();
  else hooks.later(RESET_GRACE_MS, () => socket.resetAndDestroy());
}

async function writeStream(res: ServerResponse, reply: StreamReply): Promise<void> {
  if (reply.closeDelimited) {
    // Without this, node:http frames a length-less body as chunked, whose end a client can see.
    res.removeHeader("Transfer-Encoding");
    res.writeHead(reply.httpStatus, { ...reply.headers, Connection: "close" });
  } else {
    res.writeHead(reply.httpStatus, reply.headers);
  }
  // Readable.from pulls the next chunk only when the socket has room: an endless body costs one
  // chunk of memory, and stops when the client leaves or the server closes.
  await pipeline(Readable.from(reply.chunks()), res).catch(() => {});
}

function drainOrClose(stream: NodeJS.EventEmitter): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      stream.off("drain", done).off("close", done);
      resolve();
    };
    stream.on("drain", done).on("close", done);
  });
}

export function* bodyChunks(reply: BodyReply | ContentReply, end: number): Generator<Uint8Array> {
  if (reply.kind === "body") {
    if (end > 0) yield reply.body.subarray(0, end);
    return;
  }
  const { file } = reply;
  if (file.storage === "generated") {
    yield* generatedChunks(0, end);
    return;
  }
  const content = file.content ?? new Uint8Array();
  for (let offset = 0; offset < end; offset += 64 * 1024) {
    yield content.subarray(offset, Math.min(end, offset + 64 * 1024));
  }
}

/** RFC 6266: an ASCII fallback plus the exact UTF-8 name (RFC 8187 encoding). */
function contentDisposition(filename: string): string {
  const fallback = filename.replace(/[^\x20-\x7e]|["\\]/g, "_");
  // encodeURIComponent leaves ' ( ) * as they are, but RFC 8187 does not allow them unencoded.
  const encoded = encodeURIComponent(filename).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
