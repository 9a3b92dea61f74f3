/**
 * Scriptable faults. `server.inject(fault)` queues one; each request takes the first queued fault
 * whose `operation` matches it, and a fault is used `times` times (default 1) before it is gone.
 *
 * Three families, by what they model:
 * - the gateway answers instead of the service ("rate-limit", "http-status", "base-resp",
 *   "reset-before-headers"): the operation is NOT performed (no file stored or deleted);
 * - the service is slow ("slow-headers"): the operation runs after the delay, unless the client
 *   has gone away by then;
 * - the answer is damaged on its way back ("reset-mid-body", "truncated-download",
 *   "malformed-json", "missing-base-resp"): the operation IS performed and its reply is damaged,
 *   as when a response is lost after the work was done (a retried delete then finds no file).
 */
import { type FileOperationName, fileOperations } from "@org/minimax-files-types";
import { baseResp } from "./base-resp.js";
import { type BodyReply, errorReply, jsonReply, type Reply, replyLength, textReply } from "./replies.js";

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

/** Rate limit as MiniMax reports it: HTTP 200 with base_resp 1002 (RPM) or 1039 (TPM). */
export interface RateLimitFault extends FaultTarget {
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
export interface HttpStatusFault extends FaultTarget {
  kind: "http-status";
  status: HttpFaultStatus;
  /** `Retry-After` header: seconds, or any string (an HTTP date) written as is. */
  retryAfter?: number | string;
  /** nginx-style HTML error page (default true); false sends the reason phrase as text/plain. */
  html?: boolean;
}

/** The connection is reset (TCP RST) after the request is read, before any response header. */
export interface ResetBeforeHeadersFault extends FaultTarget {
  kind: "reset-before-headers";
}

/** Headers and `afterBytes` of the body (default: half) are sent, then the connection is reset. */
export interface ResetMidBodyFault extends FaultTarget {
  kind: "reset-mid-body";
  afterBytes?: number;
}

/** The response headers are held back for `delayMs`. */
export interface SlowHeadersFault extends FaultTarget {
  kind: "slow-headers";
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
export interface BaseRespFault extends FaultTarget {
  kind: "base-resp";
  code: number;
  msg?: string;
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
  | BaseRespFault;

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
]);

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
  if (fault.kind === "slow-headers" && !(Number.isFinite(fault.delayMs) && fault.delayMs >= 0)) {
    throw new TypeError("slow-headers needs delayMs >= 0");
  }
  if (fault.kind === "base-resp" && !Number.isInteger(fault.code)) {
    throw new TypeError("base-resp needs an integer code");
  }
  if (
    (fault.kind === "reset-mid-body" || fault.kind === "truncated-download") &&
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
export function replacementReply(fault: Fault): BodyReply | undefined {
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
    case "base-resp":
      return errorReply(fault.code, fault.msg);
    default:
      return undefined;
  }
}

/** The reply a "malformed-json" or "missing-base-resp" fault makes of the real one. */
export function damagedReply(fault: MalformedJsonFault | MissingBaseRespFault, reply: Reply): BodyReply {
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

/** Bytes of the reply sent before a "reset-mid-body" or "truncated-download" cuts it. */
export function cutAfter(fault: ResetMidBodyFault | TruncatedDownloadFault, reply: Reply): number {
  return fault.afterBytes ?? Math.floor(replyLength(reply) / 2);
}

function withRetryAfter(reply: BodyReply, retryAfter: number | string | undefined): BodyReply {
  return retryAfter === undefined ? reply : { ...reply, headers: { "Retry-After": String(retryAfter) } };
}

function nginxErrorPage(reason: string): string {
  return `<html>\r\n<head><title>${reason}</title></head>\r\n<body>\r\n<center><h1>${reason}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;
}
