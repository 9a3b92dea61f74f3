/**
 * Node-only: send an upload through `node:http(s)` instead of `fetch`. Loaded with a dynamic import.
 *
 * Why: Node's fetch (undici, in Node 20 and 24 alike, and undici 7 from npm) pulls a streamed
 * request body as fast as it can produce it, ignoring the socket's backpressure. Measured by
 * sending 512 MiB from a pull-based stream to a local sink: fetch peaked at 436 MiB RSS, `http.request`
 * fed by `stream.pipeline` at 77 MiB. Only uploads take this path, and only when the caller did
 * not supply its own `fetch`; it speaks just enough of fetch's shape for the transport.
 */
import { request as httpRequest, type IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";

export async function nodeHttpFetch(input: string | URL | Request, init: RequestInit = {}): Promise<Response> {
  const url = new URL(input instanceof Request ? input.url : input);
  const send = url.protocol === "https:" ? httpsRequest : httpRequest;
  const headers: Record<string, string> = {};
  new Headers(init.headers).forEach((value, name) => {
    headers[name] = value;
  });
  const signal = init.signal ?? undefined;
  return new Promise<Response>((resolve, reject) => {
    const request = send(url, { method: init.method ?? "GET", headers, signal }, (response) => {
      resolve(toResponse(response));
    });
    // fetch's shape: network failures are a TypeError whose cause is the socket error.
    request.on("error", (error) =>
      reject(signal?.aborted ? signal.reason : new TypeError("fetch failed", { cause: error })),
    );
    const body = init.body;
    if (body === undefined || body === null) {
      request.end();
      return;
    }
    const source =
      body instanceof ReadableStream
        ? Readable.fromWeb(body as NodeReadableStream<Uint8Array>)
        : Readable.from([body as Uint8Array]);
    pipeline(source, request).catch((error: unknown) => {
      request.destroy(error as Error);
      reject(signal?.aborted ? signal.reason : new TypeError("fetch failed", { cause: error }));
    });
  });
}

function toResponse(response: IncomingMessage): Response {
  const headers = new Headers();
  for (const [name, value] of Object.entries(response.headers)) {
    if (Array.isArray(value)) for (const item of value) headers.append(name, item);
    else if (value !== undefined) headers.set(name, value);
  }
  const status = response.statusCode ?? 500;
  const body = status === 204 || status === 304 ? null : (Readable.toWeb(response) as ReadableStream<Uint8Array>);
  return new Response(body, { status, statusText: response.statusMessage ?? "", headers });
}
