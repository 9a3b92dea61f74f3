/**
 * Hooks in the style of ky: plain functions in arrays, called in order and awaited, for every
 * method and for `client.api`. A hook that throws fails the call with its error. And the call's
 * scope: what one method call (or one `api` request) has seen so far, from which its hooks'
 * context and its OpenTelemetry span are made.
 */
import type { MiniMaxError, MiniMaxOperation } from "./errors.js";
import {
  loadedTracer,
  loadTracer,
  type OtelSpan,
  type OtelTracer,
  SPAN_KIND_CLIENT,
  SPAN_STATUS_ERROR,
} from "./tracing.js";

/** What every hook is told. */
export interface HookContext {
  /** The method (`upload`, `delete`, …), or `METHOD /path` for an `api` request elsewhere. */
  operation: MiniMaxOperation;
  /** The request attempt this is about, from 1; a call's retries and look-ups count on. */
  attempt: number;
  /** MiniMax's `Trace-Id` of the latest answer in this call; undefined before the first. */
  traceId: string | undefined;
}

export interface BeforeRequestContext extends HookContext {
  method: string;
  url: string;
  /** The request's headers, which the hook may change. `Authorization` is not shown and stays the client's. */
  headers: Headers;
}

export interface AfterResponseContext extends HookContext {
  /** The answer. Its body was already read, except file content's, which is the caller's to read. */
  response: Response;
  /** `base_resp.status_code` (0 on success); undefined for file content or an answer without one. */
  statusCode: number | undefined;
}

export interface BeforeRetryContext extends HookContext {
  /** Why the attempt failed. */
  error: MiniMaxError;
  /** Which retry is about to happen, from 1. */
  retryCount: number;
  /** How long the client waits before it. */
  delayMs: number;
}

export interface OnErrorContext extends HookContext {
  /** The call's final failure (after retries): a `MiniMaxError`, a caller's abort reason, or a hook's error. */
  error: unknown;
}

/** One hook: a plain function, awaited; what it throws fails the call. */
export type Hook<Context> = (context: Context) => void | Promise<void>;

/** Client-wide hooks: `createMiniMaxFiles({ hooks: { beforeRequest: [(c) => …] } })`. */
export interface Hooks {
  /** Before each request attempt is sent (after any wait for the rate limiter). */
  beforeRequest?: Hook<BeforeRequestContext>[];
  /** After each answer arrives, success or not. */
  afterResponse?: Hook<AfterResponseContext>[];
  /** Before each retry's wait. */
  beforeRetry?: Hook<BeforeRetryContext>[];
  /** Once per call that fails. */
  onError?: Hook<OnErrorContext>[];
}

// A hook's error fails the call as it is: not wrapped as a connection error, not retried.
const hookErrors = new WeakSet<object>();

export function isHookError(error: unknown): boolean {
  return typeof error === "object" && error !== null && hookErrors.has(error);
}

export async function runHooks<Context>(hooks: Hook<Context>[] | undefined, context: Context): Promise<void> {
  if (!hooks) return;
  for (const hook of hooks) {
    try {
      await hook(context);
    } catch (error) {
      if (typeof error === "object" && error !== null) hookErrors.add(error);
      throw error;
    }
  }
}

/** One call's running record. */
export interface CallScope {
  operation: MiniMaxOperation;
  /** Requests sent so far (a look-up included). */
  attempts: number;
  /** Retries so far. */
  retries: number;
  traceId: string | undefined;
  method?: string;
  /** The latest request's URL (parsed only for the span). */
  url?: string;
  httpStatus?: number;
  statusCode?: number | undefined;
  span: OtelSpan | undefined;
}

export function contextOf(scope: CallScope): HookContext {
  return { operation: scope.operation, attempt: scope.attempts, traceId: scope.traceId };
}

export function beginCall(operation: MiniMaxOperation): CallScope | Promise<CallScope> {
  // After the first call the tracer is known: no await per call for it.
  const known = loadedTracer();
  return known ? scopeOf(operation, known.tracer) : loadTracer().then((tracer) => scopeOf(operation, tracer));
}

function scopeOf(operation: MiniMaxOperation, tracer: OtelTracer | undefined): CallScope {
  const started = tracer?.startSpan(`minimax.files ${operation}`, {
    kind: SPAN_KIND_CLIENT,
    attributes: { "minimax.files.operation": operation },
  });
  // A span nobody records (the API without an SDK, or sampled out) is dropped here: ending it and
  // setting its attributes would do nothing at a cost on every call.
  const span = started?.isRecording?.() === false ? undefined : started;
  return { operation, attempts: 0, retries: 0, traceId: undefined, span };
}

/**
 * Runs one call (a method, or an `api` request made outside one) in its scope: one span, `onError`
 * once. A success without a span has nothing to end, and is not made to wait for it.
 */
export function inCall<T>(operation: MiniMaxOperation, hooks: Hooks, run: (scope: CallScope) => Promise<T>) {
  const begun = beginCall(operation);
  if (begun instanceof Promise || begun.span || hooks.onError) return observedCall(begun, hooks, run);
  // Nothing to end and nobody to tell: the call is `run` itself (what it throws, a rejection).
  try {
    return run(begun);
  } catch (error) {
    return Promise.reject(error);
  }
}

async function observedCall<T>(
  begun: CallScope | Promise<CallScope>,
  hooks: Hooks,
  run: (scope: CallScope) => Promise<T>,
): Promise<T> {
  const scope = await begun;
  try {
    const result = await run(scope);
    if (scope.span) await endCall(scope, hooks, false);
    return result;
  } catch (error) {
    await endCall(scope, hooks, true, error);
    throw error;
  }
}

/** Ends the call: `onError` hooks on failure, then the span with what the call saw. */
export async function endCall(scope: CallScope, hooks: Hooks, failed: boolean, error?: unknown): Promise<void> {
  const { span } = scope;
  try {
    if (failed) await runHooks(hooks.onError, { ...contextOf(scope), error });
  } finally {
    if (span) {
      // Stable HTTP client semantic conventions, plus what MiniMax support asks for.
      if (scope.method) span.setAttribute("http.request.method", scope.method);
      if (scope.url) {
        const url = new URL(scope.url);
        span.setAttribute("server.address", url.hostname);
        span.setAttribute("server.port", Number(url.port) || (url.protocol === "http:" ? 80 : 443));
      }
      if (scope.httpStatus !== undefined) span.setAttribute("http.response.status_code", scope.httpStatus);
      if (scope.retries > 0) span.setAttribute("http.request.resend_count", scope.retries);
      if (scope.traceId !== undefined) span.setAttribute("minimax.trace_id", scope.traceId);
      if (scope.statusCode !== undefined) span.setAttribute("minimax.base_resp.status_code", scope.statusCode);
      if (failed) {
        const name = error instanceof Error ? error.name : typeof error;
        span.setAttribute("error.type", name);
        span.setStatus({ code: SPAN_STATUS_ERROR, message: error instanceof Error ? error.message : String(error) });
        if (error instanceof Error) span.recordException(error);
      }
      span.end();
    }
  }
}
