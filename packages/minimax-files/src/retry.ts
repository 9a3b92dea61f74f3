/**
 * When to try again. Backoff is about 0.5 s·2ⁿ capped at 8 s, with up to 25% jitter so many
 * clients rate-limited together do not come back together. A server's `Retry-After` (seconds or an
 * HTTP date; also `retry-after-ms`) wins when it is reasonable (≤ 60 s); an unreasonable one is
 * ignored in favour of the backoff rather than hanging a call for minutes.
 */
const INITIAL_DELAY_MS = 500;
const MAX_DELAY_MS = 8_000;
const MAX_RETRY_AFTER_MS = 60_000;

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

export function backoffDelayMs(retryIndex: number, delay: RetryDelay = {}, random: () => number = Math.random): number {
  const base = Math.min((delay.initialMs ?? INITIAL_DELAY_MS) * 2 ** retryIndex, delay.maxMs ?? MAX_DELAY_MS);
  return Math.round(base * (1 - 0.25 * random()));
}

/** The wait before retry number `retryIndex` (0-based): the server's `Retry-After`, or the backoff. */
export function retryWaitMs(retryIndex: number, headers: Headers | undefined, delay: RetryDelay = {}): number {
  const requested = retryAfterMs(headers);
  if (requested === undefined) return backoffDelayMs(retryIndex, delay);
  return delay.maxMs === undefined ? requested : Math.min(requested, delay.maxMs);
}

/** A `RetryDelay` option's problem, or undefined when it is valid. */
export function retryDelayProblem(delay: RetryDelay | undefined): string | undefined {
  if (delay === undefined) return undefined;
  if (delay === null || typeof delay !== "object") return "retryDelay must be { initialMs?, maxMs }";
  for (const key of ["initialMs", "maxMs"] as const) {
    const value = delay[key];
    if (value !== undefined && !(Number.isFinite(value) && value >= 0)) {
      return `retryDelay.${key} must be a non-negative number of milliseconds, got ${value}`;
    }
  }
  return undefined;
}

/** The server's requested wait in milliseconds, or undefined when absent or unreasonable. */
export function retryAfterMs(headers: Headers | undefined, now: number = Date.now()): number | undefined {
  if (!headers) return undefined;
  const milliseconds = headers.get("retry-after-ms");
  if (milliseconds !== null && milliseconds.trim() !== "") {
    const value = Number(milliseconds);
    if (Number.isFinite(value) && value >= 0 && value <= MAX_RETRY_AFTER_MS) return value;
  }
  const header = headers.get("retry-after");
  if (header === null || header.trim() === "") return undefined;
  const seconds = Number(header);
  const delay = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(header) - now;
  if (!Number.isFinite(delay)) return undefined;
  const clamped = Math.max(0, delay);
  return clamped <= MAX_RETRY_AFTER_MS ? Math.round(clamped) : undefined;
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
