/**
 * The options a caller passes (per client in config.ts, per call here), what a call carries below
 * openapi-fetch to the transport, and the checks of a call's arguments made before sending.
 */
import { knownPurposes, type Purpose } from "@org/minimax-files-types";
import { type MiniMaxOperation, MiniMaxValidationError } from "./errors.js";
import type { CallScope } from "./hooks.js";

/** Where log lines go. Lines never contain the API key or request headers. */
export interface MiniMaxLogger {
  debug?(message: string, meta?: object): void;
  info?(message: string, meta?: object): void;
  warn?(message: string, meta?: object): void;
  error?(message: string, meta?: object): void;
}

/** Byte progress of an upload's file or a download's body. `total` is unknown for streams of unknown length. */
export interface Progress {
  loaded: number;
  total?: number | undefined;
}

/** The last argument of every method. */
export interface RequestOptions {
  /** Abort the call; it then rejects with `signal.reason` and is not retried. */
  signal?: AbortSignal;
  /** Per attempt, idle time allowed before the attempt fails with `MiniMaxTimeoutError`. */
  timeoutMs?: number;
  /** Retries after the first attempt. */
  maxRetries?: number;
  /** Upload or download byte progress. Restarts from 0 when an attempt is retried. */
  onProgress?: (progress: Progress) => void;
}

/** A request body that is rebuilt for every attempt (an upload re-reads its source). */
export interface BodySource {
  /** `signal` aborts with the attempt: the source must then let go of files and sockets. */
  open(touch: () => void, signal: AbortSignal): Promise<{ body: BodyInit; headers: Record<string, string> }>;
  /** Set when the body can be sent only once; says why in the error when a retry was needed. */
  oneShotReason?: string | undefined;
  /** An upload's name and size (undefined for a stream), to find it if an answer is lost. */
  upload?: { filename: string; purpose: string; bytes: number | undefined };
}

/** A method's options plus what the method adds for the transport. */
export interface CallOptions extends RequestOptions {
  body?: BodySource;
  operation?: MiniMaxOperation;
  /** Attempts already made by a caller that retries around the transport (download), for the log. */
  attemptsBefore?: number;
  /** The method call this request belongs to; without it (`api`), the request is a call of its own. */
  scope?: CallScope;
}

/** The longest a timer can wait: setTimeout fires at once (after 1 ms) for anything longer. */
export const MAX_TIMEOUT_MS = 2 ** 31 - 1;

/**
 * A copy of an options object with exactly `keys`, each set from the object's own property or to
 * undefined. Set explicitly, so that no later read (of this copy, or of a `{ ...copy }` made from
 * it) falls through to a polluted `Object.prototype` (`baseUrl`, `fetch`, `signal`…).
 */
export function own<T extends object>(options: T | null | undefined, keys: readonly string[]): T {
  const copy = {} as T;
  for (const key of keys) {
    (copy as Record<string, unknown>)[key] =
      options != null && Object.hasOwn(options, key) ? (options as Record<string, unknown>)[key] : undefined;
  }
  return copy;
}

/** The keys `own` keeps of a method's last argument. */
export const requestOptionKeys = [
  "signal",
  "timeoutMs",
  "maxRetries",
  "onProgress",
  "expectedBytes",
  "overwrite",
] as const;

/**
 * A caller's callback that throws ends the call with what it threw, as an abort would: nothing is
 * retried (it is not a network error), and the file and socket in use are released.
 */
export function guardCallbacks<Call extends RequestOptions>(call: Call): Call {
  const { onProgress } = call;
  if (!onProgress || (onProgress as { guarded?: true }).guarded) return call;
  const stop = new AbortController();
  const guarded = Object.assign(
    (progress: Progress) => {
      try {
        onProgress(progress);
      } catch (error) {
        stop.abort(error);
        throw error;
      }
    },
    { guarded: true as const },
  );
  const signal = call.signal ? AbortSignal.any([call.signal, stop.signal]) : stop.signal;
  return { ...call, signal, onProgress: guarded };
}

const prefix = (operation: MiniMaxOperation | undefined) => (operation === undefined ? "" : `${operation}: `);

/**
 * The retry count and idle timeout, checked before anything is sent: the client's (no operation)
 * when it is created, a call's own when it overrides them.
 */
export function checkCallOptions(operation: MiniMaxOperation | undefined, maxRetries: number, timeoutMs: number): void {
  if (!Number.isInteger(maxRetries) || maxRetries < 0) {
    throw new MiniMaxValidationError(
      `${prefix(operation)}maxRetries must be a non-negative integer, got ${maxRetries}.`,
      {
        operation,
      },
    );
  }
  if (!(timeoutMs > 0 && timeoutMs <= MAX_TIMEOUT_MS)) {
    throw new MiniMaxValidationError(
      `${prefix(operation)}timeoutMs must be a positive number of milliseconds up to ${MAX_TIMEOUT_MS}, got ${timeoutMs}.`,
      { operation },
    );
  }
}

// Every documented purpose is a lower-case identifier; anything else is a mistake worth a clear
// error before sending (an empty value, an enum key such as "VoiceClone", stray whitespace). The
// pages' per-operation enums are not checked: they disagree (a file uploaded as
// `video_understanding` could not be listed by list's), and MiniMax adds purposes before the pages
// catch up, so whether an operation takes a purpose is MiniMax's answer to give.
const PURPOSE_FORMAT = /^[a-z][a-z0-9_]{0,63}$/;

/** The purpose, if it is shaped like one. */
export function checkPurpose(operation: MiniMaxOperation, purpose: unknown): Purpose {
  if (typeof purpose === "string" && PURPOSE_FORMAT.test(purpose)) return purpose;
  const got = typeof purpose === "string" ? JSON.stringify(purpose.slice(0, 80)) : typeof purpose;
  throw new MiniMaxValidationError(
    `${operation}: purpose must be a lower-case identifier (one of ${knownPurposes.join(", ")}, or one MiniMax ` +
      `added since), got ${got}.`,
    { operation },
  );
}
