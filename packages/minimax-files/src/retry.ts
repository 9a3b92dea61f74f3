/**
 * The one retry policy: what is retried (`shouldRetry`), how long to wait (`retryDelayMs`), and the
 * loop every path runs through (`withRetries`: the transport's requests, and download, whose
 * attempt is a request plus writing its body).
 *
 * Backoff is about 0.5 s·2ⁿ capped at 8 s, with up to 25% jitter so many clients rate-limited
 * together do not come back together. A server's `Retry-After` (seconds or an HTTP date; also
 * `retry-after-ms`) wins when it is reasonable (≤ 60 s); an unreasonable one is ignored in favour
 * of the backoff rather than hanging a call for minutes. `retryDelay` (a client option) changes the
 * first wait and the cap, and its cap then bounds a `Retry-After` too, so tests need not sleep.
 */
import { baseRespCodes, type FileOperation } from "@org/minimax-files-types";
import { MiniMaxApiError, MiniMaxConnectionError, type MiniMaxOperation } from "./errors.js";
import type { MiniMaxLogger } from "./options.js";

export const retryPolicy = {
  initialDelayMs: 500,
  maxDelayMs: 8_000,
  maxRetryAfterMs: 60_000,
  /** Errors whose cause says no connection was made, so nothing reached MiniMax. */
  notSentCodes: new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN"]),
} as const;

/** base_resp codes that describe a passing condition (server hiccup, timeout, rate limit): retry them. */
export const retryableStatusCodes: ReadonlySet<number> = new Set(
  Object.keys(baseRespCodes)
    .map(Number)
    .filter((code) => baseRespCodes[code]?.retryable),
);

/**
 * The waits between attempts. Tests of code that uses this client can set `{ initialMs: 0 }` (or a
 * small `maxMs`) so that retried faults do not make them sleep for real.
 */
export interface RetryDelay {
  /** The first backoff wait, doubled for each further retry. Default 500. */
  initialMs?: number;
  /**
   * The longest wait. Default: 8 000 for the backoff, and a server's `Retry-After` is honoured up
   * to 60 000; when set, it caps both.
   */
  maxMs?: number;
}

/** A `RetryDelay` option's problem, or undefined when it is valid. */
export function retryDelayProblem(delay: RetryDelay | undefined): string | undefined {
  if (delay === undefined) return undefined;
  if (delay === null || typeof delay !== "object") return "retryDelay must be { initialMs?, maxMs? }";
  for (const key of ["initialMs", "maxMs"] as const) {
    const value = delay[key];
    if (value !== undefined && !(Number.isFinite(value) && value >= 0)) {
      return `retryDelay.${key} must be a non-negative number of milliseconds, got ${value}`;
    }
  }
  return undefined;
}

/** HTTP statuses worth retrying: request timeout, rate limit, server errors. */
export function isRetryableHttpStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

export interface RetryContext {
  /** The protocol operation that failed (its `sideEffect`); undefined for an `api` call to another path. */
  operation: FileOperation | undefined;
  /** The failed attempt, from 0. */
  attempt: number;
  maxRetries: number;
  /** False only when no connection was made; an answer, or a connection lost mid-way, may follow work done. */
  mayHaveReachedServer: boolean;
}

// Failures that look retryable by class but are known not to pass (a browser's CORS refusal); kept
// beside the error, like requested waits, so the error's public shape stays free of it.
const notRetryable = new WeakSet<object>();

/** Marks a failure that trying again cannot fix. */
export function refuseRetry(error: object): void {
  notRetryable.add(error);
}

/** Whether a failed attempt is worth repeating: a passing condition, and retries left. */
export function shouldRetry(error: unknown, context: RetryContext): boolean {
  if (context.attempt >= context.maxRetries) return false;
  if (typeof error === "object" && error !== null && notRetryable.has(error)) return false;
  if (error instanceof MiniMaxApiError) {
    return (
      isRetryableHttpStatus(error.httpStatus) || (error.code !== undefined && retryableStatusCodes.has(error.code))
    );
  }
  return error instanceof MiniMaxConnectionError;
}

export function mayHaveReachedServer(error: unknown): boolean {
  if (!(error instanceof MiniMaxConnectionError)) return true;
  for (let cause = error.cause; cause instanceof Error; cause = cause.cause) {
    const code = (cause as { code?: unknown }).code;
    if (typeof code === "string" && retryPolicy.notSentCodes.has(code)) return false;
  }
  return true;
}

export function backoffDelayMs(retryIndex: number, delay: RetryDelay = {}, random: () => number = Math.random): number {
  const initial = delay.initialMs ?? retryPolicy.initialDelayMs;
  const base = Math.min(initial * 2 ** retryIndex, delay.maxMs ?? retryPolicy.maxDelayMs);
  return Math.round(base * (1 - 0.25 * random()));
}

/** The server's requested wait in milliseconds, or undefined when absent or unreasonable. */
export function retryAfterMs(headers: Headers | undefined, now: number = Date.now()): number | undefined {
  if (!headers) return undefined;
  const milliseconds = headers.get("retry-after-ms");
  if (milliseconds !== null && milliseconds.trim() !== "") {
    const value = Number(milliseconds);
    if (Number.isFinite(value) && value >= 0 && value <= retryPolicy.maxRetryAfterMs) return value;
  }
  const header = headers.get("retry-after");
  if (header === null || header.trim() === "") return undefined;
  const seconds = Number(header);
  const delay = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(header) - now;
  if (!Number.isFinite(delay)) return undefined;
  const clamped = Math.max(0, delay);
  return clamped <= retryPolicy.maxRetryAfterMs ? Math.round(clamped) : undefined;
}

// The wait an answer asked for, kept beside its error so that a loop further up (download's) honours
// it too; the error's public shape stays free of it.
const requestedWaits = new WeakMap<object, number>();

export function rememberRetryAfter(error: object, headers: Headers): void {
  const wait = retryAfterMs(headers);
  if (wait !== undefined) requestedWaits.set(error, wait);
}

export interface RetryLoop {
  operation: MiniMaxOperation;
  /** The protocol row behind `operation`, for `shouldRetry`. */
  request: FileOperation | undefined;
  maxRetries: number;
  signal: AbortSignal | undefined;
  logger: MiniMaxLogger | undefined;
  /** Set when the request body can be sent only once: a retry is then refused, saying why. */
  oneShotReason?: string | undefined;
  /** The client's `retryDelay` option. */
  retryDelay?: RetryDelay | undefined;
  /** Told before each retry's wait (the client's `beforeRetry` hooks). */
  beforeRetry?:
    | ((error: MiniMaxApiError | MiniMaxConnectionError, retry: number, delayMs: number) => Promise<void>)
    | undefined;
}

/** Runs `attempt` until it succeeds or `shouldRetry` says stop; at most `1 + maxRetries` runs. */
export function withRetries<T>(loop: RetryLoop, attempt: (index: number) => Promise<T>): Promise<T> {
  // The first attempt runs outside the loop: a call that succeeds pays for no retry machinery.
  return attempt(0).catch((error: unknown) => retryAfter(loop, attempt, error));
}

async function retryAfter<T>(loop: RetryLoop, attempt: (index: number) => Promise<T>, first: unknown): Promise<T> {
  const { operation, maxRetries, signal } = loop;
  let error = first;
  for (let index = 0; ; index++) {
    if (signal?.aborted) throw signal.reason;
    const context = {
      operation: loop.request,
      attempt: index,
      maxRetries,
      mayHaveReachedServer: mayHaveReachedServer(error),
    };
    if (!shouldRetry(error, context)) throw error;
    const failure = error as MiniMaxApiError | MiniMaxConnectionError;
    if (loop.oneShotReason) {
      failure.message += ` (not retried: ${loop.oneShotReason})`;
      throw failure;
    }
    const requested = requestedWaits.get(failure);
    const delayMs =
      requested === undefined
        ? backoffDelayMs(index, loop.retryDelay)
        : Math.min(requested, loop.retryDelay?.maxMs ?? requested);
    loop.logger?.warn?.(
      `${operation}: retrying in ${delayMs} ms (retry ${index + 1} of ${maxRetries}) after: ${failure.message}`,
      {
        operation,
        retry: index + 1,
        maxRetries,
        delayMs,
        ...("traceId" in failure ? { traceId: failure.traceId } : {}),
      },
    );
    await loop.beforeRetry?.(failure, index + 1, delayMs);
    await sleep(delayMs, signal);
    try {
      return await attempt(index + 1);
    } catch (next) {
      error = next;
    }
  }
}

/** Wait, unless the caller aborts first (then reject with the signal's reason). */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
