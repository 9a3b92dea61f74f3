/**
 * Scriptable faults. `server.inject(fault)` queues one; each request takes the first queued fault
 * whose `operation` matches it, and a fault is used `times` times (default 1) before it is gone.
 *
 * Three families, by what they model:
 * - something in front of the service answers instead of it ("rate-limit", "http-status",
 *   "base-resp", "reset-before-headers", "redirect", "gzip-bomb", "endless-body"): the operation
 *   is NOT performed (no file stored or deleted) — unless the fault says `afterWork: true`, when
 *   the service does the work first and this answer replaces its reply (a stored upload whose
 *   answer becomes a 502, a reset or a hang);
 * - the service is slow ("slow-headers"): the operation runs after the delay, unless the client
 *   has gone away by then (with `afterWork: true` it runs first and the answer is held);
 * - the answer is damaged or made hostile on its way back ("reset-mid-body", "truncated-download",
 *   "malformed-json", "missing-base-resp", "hostile-id", "non-object-entry", "control-characters",
 *   "no-length-cut", "gzip-cut"): the operation IS performed and its reply is damaged, as when a
 *   response is lost after the work was done (a retried delete then finds no file).
 *
 * The request log's `performed` says, per request, whether the work was done.
 */
import { type FileOperationName, fileOperations } from "@org/minimax-files-types";
import { baseResp } from "./base-resp.js";
import { endlessBody, gzipBomb } from "./hostile.js";
import {
  type BodyReply,
  type ContentReply,
  errorReply,
  jsonReply,
  replyLength,
  type StreamReply,
  textReply,
} from "./replies.js";

/** The routes a fault can target: MiniMax's operations (named like the client's methods), and `download_url`'s. */
export type FakeOperation = FileOperationName | "downloadUrl";

export const fakeOperations: readonly FakeOperation[] = [
  ...(Object.keys(fileOperations) as FileOperationName[]),
  "downloadUrl",
];

export interface FaultTarget {
  /** Only requests for this operation (or these) take the fault; default: any operation. */
  operation?: FakeOperation | readonly FakeOperation[];
  /** How many matching requests take it; default 1; `Infinity` keeps it until `clearFaults()`. */
  times?: number;
  /**
   * Take only every `every`-th matching request (default 1: each one), letting the others through
   * to later faults or the service; spreads faults over a load test deterministically.
   */
  every?: number;
}

/** For the faults that answer instead of the service. */
export interface AfterWork {
  /**
   * Do the work first (store the upload, delete the file), then answer with this fault instead of
   * the service's reply: the answer is lost after the side effect happened. Default false.
   */
  afterWork?: boolean;
}

/** Rate limit as MiniMax reports it: HTTP 200 with base_resp 1002 (RPM) or 1039 (TPM). */
export interface RateLimitFault extends FaultTarget, AfterWork {
  kind: "rate-limit";
  /** Default 1002. */
  code?: 1002 | 1039;
  /** Answer HTTP 429 (same JSON body) instead of HTTP 200; default false. */
  http?: boolean;
  /** `Retry-After` header: seconds, or any string (an HTTP date) written as is. */
  retryAfter?: number | string;
}

export type HttpFaultStatus = 400 | 401 | 403 | 404 | 408 | 429 | 500 | 502 | 503 | 504;

/** A non-2xx answer from a proxy in front of MiniMax. */
export interface HttpStatusFault extends FaultTarget, AfterWork {
  kind: "http-status";
  status: HttpFaultStatus;
  /** `Retry-After` header: seconds, or any string (an HTTP date) written as is. */
  retryAfter?: number | string;
  /** nginx-style HTML error page (default true); false sends the reason phrase as text/plain. */
  html?: boolean;
}

/** The connection is reset (TCP RST) after the request is read, before any response header. */
export interface ResetBeforeHeadersFault extends FaultTarget, AfterWork {
  kind: "reset-before-headers";
}

/** Headers and `afterBytes` of the body (default: half) are sent, then the connection is reset. */
export interface ResetMidBodyFault extends FaultTarget {
  kind: "reset-mid-body";
  afterBytes?: number;
}

/** The response headers are held back for `delayMs`. */
export interface SlowHeadersFault extends FaultTarget, AfterWork {
  kind: "slow-headers";
  /** `Infinity`: no answer at all, until the client gives up or the server closes. */
  delayMs: number;
}

/** The full Content-Length is announced, `afterBytes` (default: half) are sent, then the connection closes cleanly. */
export interface TruncatedDownloadFault extends FaultTarget {
  kind: "truncated-download";
  afterBytes?: number;
}

/** HTTP 200, application/json, and a body that is not valid JSON (the real reply cut in half). */
export interface MalformedJsonFault extends FaultTarget {
  kind: "malformed-json";
}

/** HTTP 200 with the real JSON reply minus its `base_resp`. */
export interface MissingBaseRespFault extends FaultTarget {
  kind: "missing-base-resp";
}

/** HTTP 200 with `base_resp` carrying any code (default message from MiniMax's error table). */
export interface BaseRespFault extends FaultTarget, AfterWork {
  kind: "base-resp";
  code: number;
  msg?: string;
  /**
   * The answer's Content-Type; default `application/json; charset=utf-8`. `null` sends none: an
   * error envelope a client must recognise by its content (say, on retrieve_content).
   */
  contentType?: string | null;
}

/** A 3xx answer whose Location points elsewhere; MiniMax's API never redirects. */
export interface RedirectFault extends FaultTarget, AfterWork {
  kind: "redirect";
  /** Default 302. */
  status?: 301 | 302 | 303 | 307 | 308;
  /**
   * Default: the same path and query on `server.elsewhereUrl`, a second listener of this fake (a
   * different port) that records what reaches it and answers every request with a success envelope.
   */
  location?: string;
}

/**
 * HTTP 200, `Content-Encoding: gzip`, a small body that inflates to `inflatedBytes` (default
 * 4 GiB) of spaces. Generated as it is sent, from one 1 MiB gzip member repeated (≈1 KiB each):
 * the fake never holds the inflated bytes.
 */
export interface GzipBombFault extends FaultTarget, AfterWork {
  kind: "gzip-bomb";
  inflatedBytes?: number;
}

/**
 * HTTP 200 and a body that never ends (chunked, no Content-Length): a JSON `files` array that goes
 * on forever, or generated bytes for retrieve_content and download_url. It stops when the client
 * leaves or the server closes.
 */
export interface EndlessBodyFault extends FaultTarget, AfterWork {
  kind: "endless-body";
}

/**
 * The real answer with every `file_id` (list entries, upload's and retrieve's `file`, delete's
 * echo) replaced by `json`, raw JSON text: `"null"`, `'""'`, `"true"`, `'"0x10"'`, `'" 12 "'`,
 * `"-1"`, `"1.5"`, `'"abc"'`, `"9223372036854775808"`, or another id (a delete echoing a
 * different file).
 */
export interface HostileIdFault extends FaultTarget {
  kind: "hostile-id";
  json: string;
}

/** The real list answer with one more `files` entry, `json` (raw JSON, default `null`), at the end. */
export interface NonObjectEntryFault extends FaultTarget {
  kind: "non-object-entry";
  json?: string;
}

/**
 * The real answer with terminal control sequences (`hostileText`: ESC, CSI, OSC, BEL, bare CR and
 * C1) prefixed to every `filename` and to `base_resp.status_msg`, and C1 controls
 * (`hostileHeaderText`) prefixed to the `Trace-Id` header (HTTP headers cannot carry C0). With
 * `code`, `base_resp.status_code` becomes `code`, so the message is reported as an error.
 */
export interface ControlCharactersFault extends FaultTarget {
  kind: "control-characters";
  code?: number;
}

/**
 * The real answer without Content-Length or chunked framing, cut after `afterBytes` (default:
 * half) by a clean close: to the client, the short body looks complete.
 */
export interface NoLengthCutFault extends FaultTarget {
  kind: "no-length-cut";
  afterBytes?: number;
}

/**
 * The real answer gzip-encoded (`Content-Encoding: gzip`, no Content-Length) and cut: the gzip
 * stream of its first `afterBytes` (default: half) bytes, flushed but never finished (no final
 * block, no trailer), then a clean close. The first `afterBytes` are held in memory to compress.
 */
export interface GzipCutFault extends FaultTarget {
  kind: "gzip-cut";
  afterBytes?: number;
}

export type Fault =
  | RateLimitFault
  | HttpStatusFault
  | ResetBeforeHeadersFault
  | ResetMidBodyFault
  | SlowHeadersFault
  | TruncatedDownloadFault
  | MalformedJsonFault
  | MissingBaseRespFault
  | BaseRespFault
  | RedirectFault
  | GzipBombFault
  | EndlessBodyFault
  | HostileIdFault
  | NonObjectEntryFault
  | ControlCharactersFault
  | NoLengthCutFault
  | GzipCutFault;

export type FaultKind = Fault["kind"];

/** What `inject` returns: the queued fault and how much of it is left. */
export interface InjectedFault {
  readonly fault: Readonly<Fault>;
  /** Requests that took this fault so far. */
  readonly triggered: number;
  /** Requests it will still take (0 once used up or cleared). */
  readonly remaining: number;
}

interface QueuedFault extends InjectedFault {
  triggered: number;
  remaining: number;
  /** Matching requests seen, for `every`. */
  seen: number;
}

export class FaultQueue {
  #queue: QueuedFault[] = [];

  add(fault: Fault): InjectedFault {
    validateFault(fault);
    const queued: QueuedFault = {
      fault: Object.freeze({ ...fault }),
      triggered: 0,
      remaining: fault.times ?? 1,
      seen: 0,
    };
    this.#queue.push(queued);
    return queued;
  }

  /** Takes the first queued fault that targets `operation` (and whose `every` turn it is), if any. */
  take(operation: FakeOperation): Fault | undefined {
    const index = this.#queue.findIndex((queued) => {
      if (!targets(queued.fault, operation)) return false;
      queued.seen++;
      return queued.seen % (queued.fault.every ?? 1) === 0;
    });
    const queued = this.#queue[index];
    if (!queued) return undefined;
    queued.triggered++;
    queued.remaining--;
    if (queued.remaining <= 0) this.#queue.splice(index, 1);
    return queued.fault;
  }

  pending(): readonly InjectedFault[] {
    return [...this.#queue];
  }

  clear(): void {
    for (const queued of this.#queue) queued.remaining = 0;
    this.#queue = [];
  }
}

function targets(fault: Fault, operation: FakeOperation): boolean {
  if (fault.operation === undefined) return true;
  return typeof fault.operation === "string" ? fault.operation === operation : fault.operation.includes(operation);
}

const faultKinds: ReadonlySet<string> = new Set<FaultKind>([
  "rate-limit",
  "http-status",
  "reset-before-headers",
  "reset-mid-body",
  "slow-headers",
  "truncated-download",
  "malformed-json",
  "missing-base-resp",
  "base-resp",
  "redirect",
  "gzip-bomb",
  "endless-body",
  "hostile-id",
  "non-object-entry",
  "control-characters",
  "no-length-cut",
  "gzip-cut",
]);

/** Faults that answer instead of the service: before the work, or after it with `afterWork`. */
const answeringKinds: ReadonlySet<string> = new Set<FaultKind>([
  "rate-limit",
  "http-status",
  "base-resp",
  "reset-before-headers",
  "slow-headers",
  "redirect",
  "gzip-bomb",
  "endless-body",
]);

/** Whether the service does the work before this fault acts on the answer. */
export function actsAfterWork(fault: Fault): boolean {
  return answeringKinds.has(fault.kind) ? (fault as AfterWork).afterWork === true : true;
}

/** Catches mistakes in a test's fault early, where the stack points at the `inject` call. */
function validateFault(fault: Fault): void {
  if (!faultKinds.has(fault?.kind)) throw new TypeError(`unknown fault kind: ${String(fault?.kind)}`);
  const { times } = fault;
  if (times !== undefined && !(times === Number.POSITIVE_INFINITY || (Number.isInteger(times) && times > 0))) {
    throw new TypeError(`fault times must be a positive integer or Infinity, got ${times}`);
  }
  const { every } = fault;
  if (every !== undefined && !(Number.isInteger(every) && every > 0)) {
    throw new TypeError(`fault every must be a positive integer, got ${every}`);
  }
  const operations = fault.operation === undefined ? [] : [fault.operation].flat();
  for (const operation of operations) {
    if (!fakeOperations.includes(operation)) throw new TypeError(`unknown operation in fault: ${operation}`);
  }
  if (fault.kind === "slow-headers" && !(typeof fault.delayMs === "number" && fault.delayMs >= 0)) {
    throw new TypeError("slow-headers needs delayMs >= 0 (or Infinity)");
  }
  const { afterWork } = fault as AfterWork;
  if (afterWork !== undefined && !answeringKinds.has(fault.kind)) {
    throw new TypeError(`${fault.kind} always acts after the work; afterWork applies to faults that answer instead`);
  }
  if (afterWork !== undefined && typeof afterWork !== "boolean") throw new TypeError("afterWork must be a boolean");
  if (fault.kind === "hostile-id" || fault.kind === "non-object-entry") {
    const json = fault.kind === "hostile-id" ? fault.json : (fault.json ?? "null");
    try {
      JSON.parse(json);
    } catch {
      throw new TypeError(`${fault.kind} needs json: valid JSON text, got ${String(json)}`);
    }
  }
  if (fault.kind === "gzip-bomb" && fault.inflatedBytes !== undefined) {
    if (!(Number.isSafeInteger(fault.inflatedBytes) && fault.inflatedBytes > 0)) {
      throw new TypeError("gzip-bomb needs inflatedBytes > 0");
    }
  }
  if (fault.kind === "redirect" && fault.status !== undefined && ![301, 302, 303, 307, 308].includes(fault.status)) {
    throw new TypeError(`redirect does not support status ${fault.status}`);
  }
  if (fault.kind === "base-resp" && fault.contentType != null && !/^[\x21-\x7e][\x20-\x7e]*$/.test(fault.contentType)) {
    throw new TypeError("base-resp contentType must be a printable ASCII header value or null");
  }
  if (fault.kind === "base-resp" && !Number.isInteger(fault.code)) {
    throw new TypeError("base-resp needs an integer code");
  }
  if (
    (fault.kind === "reset-mid-body" ||
      fault.kind === "truncated-download" ||
      fault.kind === "no-length-cut" ||
      fault.kind === "gzip-cut") &&
    fault.afterBytes !== undefined &&
    !(Number.isSafeInteger(fault.afterBytes) && fault.afterBytes >= 0)
  ) {
    throw new TypeError(`${fault.kind} needs afterBytes >= 0`);
  }
  if (fault.kind === "http-status" && !(fault.status in reasonPhrases)) {
    throw new TypeError(`http-status fault does not support status ${fault.status}`);
  }
}

const reasonPhrases: Readonly<Record<HttpFaultStatus, string>> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  408: "Request Timeout",
  429: "Too Many Requests",
  500: "Internal Server Error",
  502: "Bad Gateway",
  503: "Service Temporarily Unavailable",
  504: "Gateway Time-out",
};

/** The answer for a fault that replaces the service's reply; undefined for the other kinds. */
export function replacementReply(fault: Fault, url: URL, elsewhereUrl: string): BodyReply | StreamReply | undefined {
  switch (fault.kind) {
    case "rate-limit": {
      const reply = jsonReply({ base_resp: baseResp(fault.code ?? 1002) }, fault.http ? 429 : 200);
      return withRetryAfter(reply, fault.retryAfter);
    }
    case "http-status": {
      const reason = `${fault.status} ${reasonPhrases[fault.status]}`;
      const reply =
        fault.html === false
          ? textReply(fault.status, "text/plain; charset=utf-8", `${reason}\n`)
          : textReply(fault.status, "text/html", nginxErrorPage(reason));
      return withRetryAfter(reply, fault.retryAfter);
    }
    case "base-resp": {
      const reply = errorReply(fault.code, fault.msg);
      if (fault.contentType === undefined) return reply;
      return fault.contentType === null
        ? { ...reply, contentType: undefined }
        : { ...reply, contentType: fault.contentType };
    }
    case "redirect": {
      const status = fault.status ?? 302;
      const location = fault.location ?? `${elsewhereUrl}${url.pathname}${url.search}`;
      const reply = textReply(status, "text/html", nginxErrorPage(`${status} ${redirectPhrases[status]}`));
      return { ...reply, headers: { Location: location } };
    }
    case "gzip-bomb":
      return gzipBomb(fault.inflatedBytes ?? 4 * 1024 ** 3, isContent(url));
    case "endless-body":
      return endlessBody(isContent(url));
    default:
      return undefined;
  }
}

/** The reply a "malformed-json" or "missing-base-resp" fault makes of the real one. */
export function damagedReply(
  fault: MalformedJsonFault | MissingBaseRespFault,
  reply: BodyReply | ContentReply,
): BodyReply {
  const json = "application/json; charset=utf-8";
  if (fault.kind === "malformed-json") {
    // Any proper prefix of a JSON object is invalid JSON: the closing brace is missing.
    const text =
      reply.kind === "body" ? reply.body.toString() : '{"base_resp":{"status_code":0,"status_msg":"success"}}';
    return textReply(200, json, text.slice(0, Math.max(1, Math.floor(text.length / 2))));
  }
  if (reply.kind === "body" && reply.payload) {
    const { base_resp: _dropped, ...payload } = reply.payload;
    return jsonReply(payload);
  }
  return jsonReply({});
}

/** Bytes of the reply sent before a cutting fault cuts it. */
export function cutAfter(
  fault: ResetMidBodyFault | TruncatedDownloadFault | NoLengthCutFault | GzipCutFault,
  reply: BodyReply | ContentReply,
): number {
  return Math.min(replyLength(reply), fault.afterBytes ?? Math.floor(replyLength(reply) / 2));
}

const redirectPhrases: Readonly<Record<number, string>> = {
  301: "Moved Permanently",
  302: "Found",
  303: "See Other",
  307: "Temporary Redirect",
  308: "Permanent Redirect",
};

/** retrieve_content and download_url answer bytes; the other routes JSON. */
function isContent(url: URL): boolean {
  return url.pathname === "/v1/files/retrieve_content" || url.pathname.startsWith("/download/");
}

function withRetryAfter(reply: BodyReply, retryAfter: number | string | undefined): BodyReply {
  return retryAfter === undefined ? reply : { ...reply, headers: { "Retry-After": String(retryAfter) } };
}

function nginxErrorPage(reason: string): string {
  return `<html>\r\n<head><title>${reason}</title></head>\r\n<body>\r\n<center><h1>${reason}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;
}
