import { randomUUID } from "node:crypto";
import { createReadStream, createWriteStream, openAsBlob, readFileSync, writeFileSync } from "node:fs";
import { stat } from "node:fs/promises";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { ReadableStream as WebReadableStream } from "node:stream/web";
import { createMiniMaxFiles } from "@org/minimax-files";
import { DOWNLOAD_FILE_ID } from "./loopback-server.js";

export type TransferMode =
  | "upload:client"
  | "upload:fetch-stream"
  | "upload:fetch-stream-redirect-follow"
  | "upload:fetch-formdata-openAsBlob"
  | "download:client"
  | "download:fetch-stream";

export interface TransferArgs {
  mode: TransferMode;
  url: string;
  /** Upload source, or download destination. */
  path: string;
  bytes: number;
}

export interface TransferResult {
  ms: number;
  /** CPU time (user + system) of the transferring process during the transfer. */
  cpuMs: number;
  bytes: number;
  rssBefore: number;
  peakGrowth: number;
  peakSource: "VmHWM" | "sampled";
}

const apiKey = "bench-key";
const purpose = "t2a_async_input";
/** A purpose that takes large files (video); the source is named upload.mp4 to pass the client's extension check. */
const uploadPurpose = "video_understanding";
const headers = { Authorization: `Bearer ${apiKey}` };

/** Writing "5" to clear_refs resets VmHWM (Linux ≥ 4.0), so the high-water mark covers only the transfer. */
function resetPeak(): boolean {
  try {
    writeFileSync("/proc/self/clear_refs", "5");
    return true;
  } catch {
    return false;
  }
}

function vmHwmBytes(): number | undefined {
  try {
    const match = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync("/proc/self/status", "utf8"));
    return match ? Number(match[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Raw fetch streaming a multipart body. `redirect: "error"` is what makes it stream: with any other
 * redirect mode undici clones the request (to replay it on a redirect), teeing the body stream, and
 * the branch nobody reads queues the whole file (measured: +1 GiB RSS for 1 GiB, Node 20 and 24).
 */
async function fetchStreamUpload(url: string, path: string, redirect: RequestRedirect = "error") {
  const boundary = `----bench${randomUUID()}`;
  const head =
    `--${boundary}\r\nContent-Disposition: form-data; name="purpose"\r\n\r\n${uploadPurpose}\r\n` +
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="upload.mp4"\r\n` +
    "Content-Type: video/mp4\r\n\r\n";
  async function* parts() {
    yield Buffer.from(head);
    yield* createReadStream(path);
    yield Buffer.from(`\r\n--${boundary}--\r\n`);
  }
  const res = await fetch(`${url}/v1/files/upload`, {
    method: "POST",
    headers: { ...headers, "content-type": `multipart/form-data; boundary=${boundary}` },
    // ReadableStream.from pulls on demand; Node 20's Readable.toWeb ignores backpressure and would
    // queue the whole file in memory.
    body: WebReadableStream.from(parts()) as ReadableStream,
    duplex: "half",
    redirect,
  } as RequestInit);
  await checkJson(res);
}

/** What most code writes: FormData + a file-backed Blob, fetch's defaults (so the same tee applies). */
async function fetchFormDataUpload(url: string, path: string) {
  const form = new FormData();
  form.append("purpose", uploadPurpose);
  form.append("file", await openAsBlob(path, { type: "video/mp4" }), "upload.mp4");
  const res = await fetch(`${url}/v1/files/upload`, { method: "POST", headers, body: form });
  await checkJson(res);
}

async function fetchStreamDownload(url: string, path: string) {
  const res = await fetch(`${url}/v1/files/retrieve_content?file_id=${DOWNLOAD_FILE_ID}`, { headers });
  if (!res.ok || !res.body) throw new Error(`HTTP ${res.status}`);
  await pipeline(Readable.fromWeb(res.body as WebReadableStream), createWriteStream(path));
}

async function checkJson(res: Response) {
  const body = (await res.json()) as { base_resp?: { status_code?: number } };
  if (body.base_resp?.status_code !== 0) throw new Error(`upload failed: ${JSON.stringify(body)}`);
}

export async function runTransfer({ mode, url, path, bytes }: TransferArgs): Promise<TransferResult> {
  const client = createMiniMaxFiles({ apiKey, baseUrl: url });
  // Warm-up outside the measurement: fetch's lazily loaded internals and the client's first call.
  await checkJson(await fetch(`${url}/v1/files/list?purpose=${purpose}`, { headers }));
  await client.list({ purpose });

  const transfer: Record<TransferMode, () => Promise<unknown>> = {
    "upload:client": () => client.upload({ purpose: uploadPurpose, file: path }),
    "upload:fetch-stream": () => fetchStreamUpload(url, path),
    "upload:fetch-stream-redirect-follow": () => fetchStreamUpload(url, path, "follow"),
    "upload:fetch-formdata-openAsBlob": () => fetchFormDataUpload(url, path),
    "download:client": () => client.download(DOWNLOAD_FILE_ID, path),
    "download:fetch-stream": () => fetchStreamDownload(url, path),
  };

  globalThis.gc?.();
  const rssBefore = process.memoryUsage.rss();
  const hwmReset = resetPeak();
  let sampled = rssBefore;
  const sampler = setInterval(() => {
    sampled = Math.max(sampled, process.memoryUsage.rss());
  }, 5);
  const cpu = process.cpuUsage();
  const start = performance.now();
  await transfer[mode]();
  const ms = performance.now() - start;
  const { user, system } = process.cpuUsage(cpu);
  clearInterval(sampler);
  sampled = Math.max(sampled, process.memoryUsage.rss());
  const hwm = hwmReset ? vmHwmBytes() : undefined;

  if (mode.startsWith("download:")) {
    const written = (await stat(path)).size;
    if (written !== bytes) throw new Error(`${mode} wrote ${written} bytes, expected ${bytes}`);
  }
  const peak = hwm !== undefined ? Math.max(hwm, sampled) : sampled;
  return {
    ms,
    cpuMs: (user + system) / 1000,
    bytes,
    rssBefore,
    peakGrowth: peak - rssBefore,
    peakSource: hwm !== undefined ? "VmHWM" : "sampled",
  };
}
