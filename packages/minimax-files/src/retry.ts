/**
 * The one retry policy: what is retried (`shouldRetry`), how long to wait (`retryDelayMs`), and the
 * loop every path runs through (`withRetries`: the methods whose attempt is more than one request,
 * download, upload and delete; the transport's requests enter it at `retryAfter`, once their first
 * attempt, made outside it, has failed).
 *
 * Backoff is about 0.5 s·2ⁿ capped at 8 s, with up to 25% jitter so many clients rate-limited
 * together do not come back together. A server's `Retry-After` (seconds or an HTTP date; also
 * `retry-after-ms`) wins when it is reasonable (≤ 60 s), plus jitter of its own for the same
 * reason; an unreasonable one is ignored in favour of the backoff rather than hanging a call.
 * `retryDelay` (a client option) changes the first wait and the cap, and its cap then bounds a
 * `Retry-After` too, so tests need not sleep.
 *
 * Side effects: an upload or a delete whose answer was lost may have been done. Repeating it
 * blindly stores a second file (or reports a done delete as failed), so such a failure is retried
 * only by a loop that knows how to find out (`SideEffectHandling`): upload lists its purpose and
 * adopts the stored file; delete takes a repeat's "file not found" as done. A rate-limit answer comes
 * before any work, so it is always safe to repeat.
 */
import { baseRespCodes, type FileOperation } from "@org/minimax-files-types";
import {
  MiniMaxApiError,
  MiniMaxConnectionError,
  MiniMaxError,
  type MiniMaxOperation,
  MiniMaxValidationError,
} from "./errors.js";
import type { MiniMaxLogger } from "./options.js";

export const retryPolicy = {
  initialDelayMs: 500,
  maxDelayMs: 8_000,
  maxRetryAfterMs: 60_000,
  /** Errors whose cause says no connection was made, so nothing reached MiniMax. */
  notSentCodes: new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN"]),
  /** Extra wait after a `Retry-After`: up to this share of it, and at least up to `minJitterMs`. */
  retryAfterJitter: 0.25,
  minJitterMs: 250,
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
  /**
   * The caller can tell whether a side-effect operation's failed attempt did its work (upload
   * reconciles, delete accepts "not found"). Without it, such a failure is not repeated.
   */
  handlesSideEffect?: boolean;
}

// Failures that look retryable by class but are known not to pass (a browser's CORS refusal); kept
// beside the error, like requested waits, so the error's public shape stays free of it.
const notRetryable = new WeakSet<object>();

/** Marks a failure that trying again cannot fix. */
export function refuseRetry(error: object): void {
  notRetryable.add(error);
}

/** Whether a failed attempt is worth repeating: a passing condition, retries left, no work done twice. */
export function shouldRetry(error: unknown, context: RetryContext): boolean {
  if (context.attempt >= context.maxRetries) return false;
  if (typeof error === "object" && error !== null && notRetryable.has(error)) return false;
  if (mayHaveDoneWork(error, context) && !context.handlesSideEffect) return false;
  if (error instanceof MiniMaxApiError) {
    return (
      isRetryableHttpStatus(error.httpStatus) || (error.code !== undefined && retryableStatusCodes.has(error.code))
    );
  }
  return error instanceof MiniMaxConnectionError;
}

/**
 * Whether a failed attempt of a side-effect operation may have done its work: it reached MiniMax
 * and the answer is not one given before any work (a rate limit: 1002, 1039, HTTP 429).
 */
export function mayHaveDoneWork(error: unknown, context: Pick<RetryContext, "operation" | "mayHaveReachedServer">) {
  if (!context.operation?.sideEffect || !context.mayHaveReachedServer) return false;
  if (error instanceof MiniMaxValidationError) return false; // refused before sending
  return !(error instanceof MiniMaxApiError && error.kind === "rate_limit");
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

/** A server's requested wait, never shortened, plus jitter: clients told "1 s" together must not return together. */
export function retryAfterDelayMs(requestedMs: number, random: () => number = Math.random): number {
  const spread = Math.max(requestedMs * retryPolicy.retryAfterJitter, retryPolicy.minJitterMs);
  return Math.round(requestedMs + spread * random());
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

/** How a method finds out whether a failed attempt of a side-effect operation did its work. */
export interface SideEffectHandling<T> {
  /** What may have happened, for an error that cannot tell, e.g. `"a.mp3" (purpose voice_clone) may have been stored`. */
  maybeDone: string;
  /** Upload: look for the work done since `since` (epoch ms); its result, or undefined to send again. */
  reconcile?(since: number): Promise<T | undefined>;
  /** Delete: a later attempt's failure that says an earlier one did the work; the result, or undefined. */
  alreadyDone?(error: unknown): T | undefined;
}

export interface RetryLoop<T = unknown> {
  operation: MiniMaxOperation;
  /** The protocol row behind `operation`, for `shouldRetry`. */
  request: FileOperation | undefined;
  maxRetries: number;
  signal: AbortSignal | undefined;
  logger: MiniMaxLogger | undefined;
  /** Set when the request body can be sent only once: a retry is then refused, saying why. */
  oneShotReason?: string | undefined;
  sideEffect?: SideEffectHandling<T> | undefined;
  /** The client's `retryDelay` option. */
  retryDelay?: RetryDelay | undefined;
  /** Told before each retry's wait (the client's `beforeRetry` hooks). */
  beforeRetry?:
    | ((error: MiniMaxApiError | MiniMaxConnectionError, retry: number, delayMs: number) => Promise<void>)
    | undefined;
}

/** Runs `attempt` until it succeeds or `shouldRetry` says stop; at most `1 + maxRetries` runs. */
export function withRetries<T>(loop: RetryLoop<T>, attempt: (index: number) => Promise<T>): Promise<T> {
  // The first attempt runs outside the loop: a call that succeeds pays for no retry machinery.
  const startedAt = loop.sideEffect ? Date.now() : 0;
  return attempt(0).catch((error: unknown) => retryAfter(loop, attempt, error, startedAt));
}

/**
 * The rest of `withRetries` once its first attempt (begun at `firstStartedAt`) failed with `first`:
 * for a caller that makes the first attempt itself, so that a call that succeeds builds no loop.
 */
export async function retryAfter<T>(
  loop: RetryLoop<T>,
  attempt: (index: number) => Promise<T>,
  first: unknown,
  firstStartedAt: number,
): Promise<T> {
  const { operation, maxRetries, signal, sideEffect } = loop;
  let error = first;
  let startedAt = firstStartedAt;
  // When the first attempt that may have done the work began: reconciliation looks from there.
  let workMayBeDoneSince: number | undefined;
  for (let index = 0; ; index++) {
    if (signal?.aborted) throw signal.reason;
    const context: RetryContext = {
      operation: loop.request,
      attempt: index,
      maxRetries,
      mayHaveReachedServer: mayHaveReachedServer(error),
      handlesSideEffect: sideEffect !== undefined && !loop.oneShotReason,
    };
    const doneMaybe = mayHaveDoneWork(error, context);
    if (workMayBeDoneSince !== undefined) {
      const done = sideEffect?.alreadyDone?.(error);
      if (done !== undefined) return done;
    }
    if (doneMaybe) workMayBeDoneSince ??= startedAt;
    if (!shouldRetry(error, context)) {
      if (!(error instanceof MiniMaxError) || !doneMaybe) throw error;
      if (sideEffect) error.message += ` (${sideEffect.maybeDone})`;
      else if (shouldRetry(error, { ...context, handlesSideEffect: true })) {
        error.message += " (not retried: the request may have reached MiniMax and done its work)";
      }
      throw error;
    }
    const failure = error as MiniMaxApiError | MiniMaxConnectionError;
    if (loop.oneShotReason) {
      failure.message += ` (not retried: ${loop.oneShotReason})`;
      throw failure;
    }
    const requested = requestedWaits.get(failure);
    const delayMs =
      requested === undefined
        ? backoffDelayMs(index, loop.retryDelay)
        : Math.min(retryAfterDelayMs(requested), loop.retryDelay?.maxMs ?? Number.POSITIVE_INFINITY);
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
    if (doneMaybe && sideEffect?.reconcile && workMayBeDoneSince !== undefined) {
      const found = await reconcileOrExplain(sideEffect, workMayBeDoneSince, failure, signal);
      if (found !== undefined) return found;
    }
    startedAt = Date.now();
    try {
      return await attempt(index + 1);
    } catch (next) {
      error = next;
    }
  }
}

async function reconcileOrExplain<T>(
  sideEffect: SideEffectHandling<T>,
  since: number,
  failure: MiniMaxError,
  signal: AbortSignal | undefined,
): Promise<T | undefined> {
  try {
    return await sideEffect.reconcile?.(since);
  } catch (error) {
    if (signal?.aborted) throw signal.reason;
    const why = error instanceof Error ? error.message : String(error);
    failure.message += ` (${sideEffect.maybeDone}; checking for it failed: ${why})`;
    throw failure;
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
