/**
 * The client-wide gate every request attempt passes before it is sent: an optional cap on requests
 * in flight, an optional requests-per-minute budget (MiniMax limits by RPM), and an adaptive window
 * that halves when MiniMax answers "rate limited" (1002, 1039, HTTP 429) and grows back by one
 * request per window of successes (additive increase, multiplicative decrease, as TCP does), so a
 * bulk job settles just under the server's limit instead of hammering it through retries.
 *
 * A slot is held from before the body is opened until the answer is read (for file content: until
 * its headers, since the caller may read that body slowly or never).
 */
import { MiniMaxValidationError } from "./errors.js";
import { sleep } from "./retry.js";

export interface RateLimitOptions {
  /** Most requests in flight at once across every call of this client. Default: no cap. */
  maxConcurrency?: number;
  /** Most requests started in any 60-second window. Default: no budget. */
  requestsPerMinute?: number;
  /**
   * Lower the number of requests in flight when rate-limit answers arrive and raise it again as
   * calls succeed (never above `maxConcurrency`). Default true.
   */
  adaptive?: boolean;
}

/** A held slot: report how its answer went, then release it (both at most once). */
export interface Slot {
  rateLimited(): void;
  succeeded(): void;
  release(): void;
}

export interface Limiter {
  acquire(signal: AbortSignal): Promise<Slot>;
  /** A slot at once when one is free and no budget needs checking; else undefined (then `acquire`). */
  tryAcquire(): Slot | undefined;
  /** The adaptive window now (Infinity until the first rate-limit answer when there is no cap). */
  readonly window: number;
}

const MINUTE_MS = 60_000;

export function checkRateLimit(options: RateLimitOptions | undefined): void {
  if (options === undefined) return;
  if (options === null || typeof options !== "object") {
    throw new MiniMaxValidationError("rateLimit must be { maxConcurrency?, requestsPerMinute?, adaptive? }.");
  }
  for (const key of ["maxConcurrency", "requestsPerMinute"] as const) {
    const value = options[key];
    if (value !== undefined && !(Number.isInteger(value) && value > 0)) {
      throw new MiniMaxValidationError(`rateLimit.${key} must be a positive integer, got ${value}.`);
    }
  }
}

export function createLimiter(options: RateLimitOptions = {}): Limiter {
  const ceiling = options.maxConcurrency ?? Number.POSITIVE_INFINITY;
  const adaptive = options.adaptive !== false;
  const budget = options.requestsPerMinute;
  let window = ceiling;
  let growth = 0;
  let active = 0;
  // Requests started before the latest decrease were sent at the old window: their rate-limit
  // answers are the same overshoot, not a new one, so they do not halve the window again.
  let started = 0;
  let decreasedAt = 0;
  const starts: number[] = [];
  const queue: Array<() => void> = [];

  const wake = () => {
    while (queue.length > 0 && active < window) {
      active++; // taken on the waiter's behalf, so that a later caller cannot overtake it
      queue.shift()?.();
    }
  };

  // A free slot handed over synchronously: most attempts never wait, and an await costs each one.
  function tryAcquire(): Slot | undefined {
    if (!(active < window && queue.length === 0 && budget === undefined)) return undefined;
    active++;
    return new LimiterSlot();
  }

  async function acquire(signal: AbortSignal): Promise<Slot> {
    if (active < window && queue.length === 0) active++;
    else await new Promise<void>((resolve, reject) => waitInQueue(resolve, reject, signal));
    try {
      if (budget !== undefined) await withinBudget(budget, signal);
    } catch (error) {
      active--;
      wake();
      throw error;
    }
    return new LimiterSlot();
  }

  // One object per attempt, its methods shared: an attempt that never waits allocates nothing else here.
  class LimiterSlot implements Slot {
    readonly sequence = ++started;
    open = true;
    rateLimited() {
      if (!adaptive || this.sequence <= decreasedAt) return;
      decreasedAt = started;
      window = Math.max(1, Math.floor(Math.min(window, active) / 2));
      growth = 0;
    }
    succeeded() {
      if (!adaptive || window >= ceiling) return;
      growth += 1 / window;
      if (growth >= 1) {
        growth = 0;
        window++;
        wake();
      }
    }
    release() {
      if (!this.open) return;
      this.open = false;
      active--;
      wake();
    }
  }

  function waitInQueue(resolve: () => void, reject: (reason: unknown) => void, signal: AbortSignal): void {
    const entry = () => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    };
    const onAbort = () => {
      const index = queue.indexOf(entry);
      if (index >= 0) queue.splice(index, 1);
      reject(signal.reason);
    };
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    signal.addEventListener("abort", onAbort, { once: true });
    queue.push(entry);
  }

  async function withinBudget(perMinute: number, signal: AbortSignal): Promise<void> {
    for (;;) {
      const now = Date.now();
      while (starts.length > 0 && (starts[0] as number) <= now - MINUTE_MS) starts.shift();
      if (starts.length < perMinute) {
        starts.push(now);
        return;
      }
      await sleep((starts[0] as number) + MINUTE_MS - now, signal);
    }
  }

  return {
    acquire,
    tryAcquire,
    get window() {
      return window;
    },
  };
}
