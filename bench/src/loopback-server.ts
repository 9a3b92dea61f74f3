import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * The smallest server that answers like MiniMax (HTTP 200, base_resp, Trace-Id, int64 ids as raw
 * digits) so every contender hits the same cheap endpoints: the figures measure clients, not a
 * server. Deliberately not the fake server: its multipart parsing and fault machinery would cost
 * CPU on the 2-core machine the clients run on.
 */
export interface LoopbackOptions {
  /** Files in the list response. */
  listFiles: number;
  /** Size of the file served by retrieve_content (generated on the fly, never held in memory). */
  downloadBytes: number;
}

export interface LoopbackServer {
  url: string;
  close(): Promise<void>;
}

const ok = { status_code: 0, status_msg: "success" };
/** Larger than 2^53: ids a JSON.parse-based client would silently round. */
export const UNSAFE_ID_BASE = 9_007_199_254_740_993n;
export const DOWNLOAD_FILE_ID = 307593383186476;

/** The JSON text of a list response with `count` files; `unsafeIds` makes every id exceed 2^53. */
export function listBody(count: number, unsafeIds = false): string {
  const files: string[] = [];
  for (let i = 0; i < count; i++) {
    const id = unsafeIds ? (UNSAFE_ID_BASE + BigInt(i) * 2n).toString() : String(307593383186476 + i);
    files.push(
      `{"file_id":${id},"bytes":${5896337 + i},"created_at":${1699964873 + i},"filename":"sample-${i}.txt","purpose":"t2a_async_input"}`,
    );
  }
  return `{"files":[${files.join(",")}],"base_resp":${JSON.stringify(ok)}}`;
}

/** Deterministic bytes: a 1 MiB pattern repeated. */
export const patternChunk = Buffer.alloc(1024 * 1024, 0).map((_, i) => (i * 31 + 7) & 255);

let traceCounter = 0;
function sendJson(res: ServerResponse, body: string) {
  res.writeHead(200, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(body),
    "trace-id": `bench-${++traceCounter}`,
  });
  res.end(body);
}

async function streamPattern(res: ServerResponse, total: number) {
  res.writeHead(200, {
    "content-type": "application/octet-stream",
    "content-length": total,
    "trace-id": `bench-${++traceCounter}`,
  });
  let remaining = total;
  while (remaining > 0) {
    const n = Math.min(remaining, patternChunk.length);
    remaining -= n;
    if (!res.write(n === patternChunk.length ? patternChunk : patternChunk.subarray(0, n))) {
      await new Promise<void>((resolve) => res.once("drain", resolve));
    }
    if (res.destroyed) return;
  }
  res.end();
}

async function drain(req: IncomingMessage): Promise<number> {
  let bytes = 0;
  for await (const chunk of req) bytes += (chunk as Buffer).length;
  return bytes;
}

function fileJson(fileId: number | string, bytes: number, filename: string) {
  return `{"file_id":${fileId},"bytes":${bytes},"created_at":1700469398,"filename":${JSON.stringify(filename)},"purpose":"t2a_async_input"}`;
}

export async function startLoopbackServer(options: LoopbackOptions): Promise<LoopbackServer> {
  const list = listBody(options.listFiles);
  let uploads = 0;
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    if (req.headers.authorization !== "Bearer bench-key") {
      req.resume();
      return sendJson(res, `{"base_resp":{"status_code":1004,"status_msg":"login fail"}}`);
    }
    switch (`${req.method} ${url.pathname}`) {
      case "GET /v1/files/list":
        return sendJson(res, list);
      case "POST /v1/files/upload": {
        // Counts the multipart body without parsing it: the server's cost stays the same for every client.
        const bytes = await drain(req);
        return sendJson(
          res,
          `{"file":${fileJson(400000000000000 + ++uploads, bytes, "upload.bin")},"base_resp":${JSON.stringify(ok)}}`,
        );
      }
      case "GET /v1/files/retrieve":
        return sendJson(
          res,
          `{"file":${fileJson(url.searchParams.get("file_id") ?? 0, options.downloadBytes, "download.bin")},"base_resp":${JSON.stringify(ok)}}`,
        );
      case "GET /v1/files/retrieve_content":
        return streamPattern(res, options.downloadBytes);
      default:
        req.resume();
        res.writeHead(404).end();
    }
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
