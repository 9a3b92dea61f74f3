/**
 * Reading answer bodies without trusting their size: a JSON answer is read up to a cap, counted
 * after decompression as the bytes arrive (a 2 MiB gzip answer can inflate to gigabytes, and
 * `response.arrayBuffer()` would try to hold them all), and a file's first bytes are looked at
 * without holding a big file.
 */

/** Default `maxResponseBytes`: MiniMax's largest JSON answer (a list) is far below it. */
export const DEFAULT_MAX_RESPONSE_BYTES = 16 * 1024 * 1024;

/**
 * The body's length as its headers declare it, or undefined when they do not tell: fetch
 * decompresses a Content-Encoding body, and Content-Length then counts the compressed bytes.
 */
export function declaredLength(response: Response): number | undefined {
  const encoding = response.headers.get("content-encoding");
  if (encoding && encoding !== "identity") return undefined;
  const length = response.headers.get("content-length");
  return length !== null && /^\d{1,15}$/.test(length) ? Number(length) : undefined;
}

/** An error envelope is small: a body that starts like JSON and ends within this is checked for one. */
const ENVELOPE_PEEK_BYTES = 64 * 1024;

/** Where a body's chunks come from: the transport's attempt, which restarts its idle timeout per read. */
export interface ChunkSource {
  pull(): Promise<ReadableStreamReadResult<Uint8Array>>;
}

/** The whole body, or undefined as soon as it passes `cap` bytes (the caller then cancels the rest). */
export async function readUpTo(source: ChunkSource, cap: number): Promise<Uint8Array<ArrayBuffer> | undefined> {
  const chunks: Uint8Array[] = [];
  let length = 0;
  for (;;) {
    const { done, value } = await source.pull();
    if (done) return concat(chunks, length);
    length += value.byteLength;
    if (length > cap) return undefined;
    chunks.push(value);
  }
}

/**
 * The first bytes of a file's body: enough to tell whether it is an error envelope (a JSON object
 * with a non-zero `base_resp.status_code`) rather than the file. Only a body that starts with `{`
 * is read further, and only up to `ENVELOPE_PEEK_BYTES`.
 */
export async function peekEnvelope(
  source: ChunkSource,
): Promise<{ head: Uint8Array[]; done: boolean; envelope: Uint8Array<ArrayBuffer> | undefined }> {
  const head: Uint8Array[] = [];
  let length = 0;
  let first: number | undefined;
  for (;;) {
    const { done, value } = await source.pull();
    if (done) {
      const whole = concat(head, length);
      return { head, done, envelope: first === OPEN_BRACE && isErrorEnvelope(whole) ? whole : undefined };
    }
    head.push(value);
    length += value.byteLength;
    first ??= firstSignificantByte(head);
    if ((first !== undefined && first !== OPEN_BRACE) || length > ENVELOPE_PEEK_BYTES) {
      return { head, done: false, envelope: undefined };
    }
  }
}

const OPEN_BRACE = 0x7b;
const utf8 = new TextDecoder();

function isErrorEnvelope(bytes: Uint8Array): boolean {
  try {
    const value: unknown = JSON.parse(utf8.decode(bytes));
    const baseResp = (value as { base_resp?: { status_code?: unknown } } | null)?.base_resp;
    const code = baseResp?.status_code;
    return typeof code === "number" && code !== 0 && !Array.isArray(value);
  } catch {
    return false;
  }
}

/** The first byte that is not JSON whitespace or a UTF-8 byte order mark; undefined if none yet. */
function firstSignificantByte(chunks: Uint8Array[]): number | undefined {
  for (const chunk of chunks) {
    for (const byte of chunk) {
      if (byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d) continue;
      if (byte === 0xef || byte === 0xbb || byte === 0xbf) continue;
      return byte;
    }
  }
  return undefined;
}

function concat(chunks: Uint8Array[], length: number): Uint8Array<ArrayBuffer> {
  // Most answers arrive in one chunk: no copy then.
  if (chunks.length === 1) return chunks[0] as Uint8Array<ArrayBuffer>;
  const out = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}
