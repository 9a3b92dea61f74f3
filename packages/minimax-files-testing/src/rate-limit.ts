/**
 * The fake's rate-limit mode: a token bucket over authenticated API requests, as MiniMax limits a
 * key. A request that finds the bucket empty is answered like MiniMax answers one over its RPM
 * limit (HTTP 200, base_resp 1002) and is not performed.
 */
export interface FakeRateLimit {
  /** Tokens added per second. */
  perSecond: number;
  /** Most tokens the bucket holds, i.e. the largest burst. Default: `perSecond`. */
  burst?: number;
  /** The answer's base_resp code: 1002 (RPM, default), 1039 (TPM); or 429 for an HTTP 429 answer. */
  code?: 1002 | 1039 | 429;
}

export interface TokenBucket {
  /** Takes a token if there is one. */
  take(): boolean;
}

export function tokenBucket(limit: FakeRateLimit, now: () => number = () => performance.now()): TokenBucket {
  const { perSecond } = limit;
  const burst = limit.burst ?? perSecond;
  if (!(perSecond > 0) || !Number.isFinite(perSecond)) throw new TypeError("rateLimit.perSecond must be > 0");
  if (!(burst >= 1) || !Number.isFinite(burst)) throw new TypeError("rateLimit.burst must be >= 1");
  let tokens = burst;
  let filledAt = now();
  return {
    take() {
      const time = now();
      tokens = Math.min(burst, tokens + ((time - filledAt) / 1000) * perSecond);
      filledAt = time;
      if (tokens < 1) return false;
      tokens -= 1;
      return true;
    },
  };
}
