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
  contentType: string;
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

export type Reply = BodyReply | ContentReply;

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

export function replyLength(reply: Reply): number {
  return reply.kind === "body" ? reply.body.byteLength : reply.file.bytes;
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
  const length = replyLength(reply);
  const headers: Record<string, string | number> =
    reply.kind === "body"
      ? { "Content-Type": reply.contentType, ...reply.headers }
      : { "Content-Type": "application/octet-stream", "Content-Disposition": contentDisposition(reply.file.filename) };
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

function drainOrClose(stream: NodeJS.EventEmitter): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      stream.off("drain", done).off("close", done);
      resolve();
    };
    stream.on("drain", done).on("close", done);
  });
}

function* bodyChunks(reply: Reply, end: number): Generator<Uint8Array> {
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
