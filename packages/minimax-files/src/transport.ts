/**
 * The request engine: one place for timeouts and MiniMax's error model, run through retry.ts's
 * loop. Two doors lead to the same `send`: the typed methods hand it a prepared request (method,
 * URL, header object, protocol row) and get back the answer's decoded JSON and the `Response` it
 * came in; `client.api` goes through openapi-fetch, whose `fetch` this module also provides
 * (`Request` in, `Response` out), so both behave the same.
 *
 * Nothing is built "just in case" on the typed path: no `Request` (fetch builds its own), no header
 * copy (the client's header object is sent as it is unless a body adds headers), no URL parsing
 * (the method names its protocol row), no second `Response` around decoded JSON. What each of those
 * cost is measured in docs/BENCHMARKS.md.
 *
 * Per attempt:
 *   send (body rebuilt from its source) → headers → either stream the body through (file content)
 *   or read it whole and decode the envelope (everything else) → success, or a typed failure for
 *   `shouldRetry` to judge.
 *
 * The timeout is an idle timeout: it restarts whenever a chunk of the request or response body
 * moves, so a 1 GiB upload is not killed after `timeoutMs` while it is still making progress.
 */
import { type FileOperation, fileOperationAt } from "@org/minimax-files-types";
import { DEFAULT_MAX_RESPONSE_BYTES, declaredLength, peekEnvelope, readUpTo } from "./body.js";
import { type FetchOptions, insecureUrlProblem } from "./config.js";
import { decodeEnvelope, traceIdOf } from "./envelope.js";
import {
  MiniMaxApiError,
  MiniMaxConnectionError,
  MiniMaxError,
  type MiniMaxOperation,
  MiniMaxResponseError,
  MiniMaxTimeoutError,
  MiniMaxValidationError,
} from "./errors.js";
import { type CallScope, contextOf, type Hooks, inCall, isHookError, runHooks } from "./hooks.js";
import type { IdsMode } from "./ids.js";
import { createLimiter, type Limiter, type Slot } from "./limiter.js";
import {
  type BodySource,
  type CallOptions,
  checkCallOptions,
  guardCallbacks,
  type MiniMaxLogger,
  type RequestOptions,
} from "./options.js";
import { type RetryDelay, refuseRetry, rememberRetryAfter, retryAfter } from "./retry.js";

export interface TransportConfig {
  fetch: typeof fetch;
  /** `fetch` is `globalThis.fetch`: in Node (undici) it settles with the abort reason when its signal aborts. */
  platformFetch?: boolean;
  fetchOptions?: FetchOptions;
  maxRetries: number;
  timeoutMs: number;
  retryDelay?: RetryDelay;
  /**
   * No `process.versions.node`: a fetch that throws a TypeError before any response is then most
   * likely the browser hiding a CORS refusal (default: detected).
   */
  browser?: boolean;
  ids: IdsMode;
  logger: MiniMaxLogger | undefined;
  redact: (text: string) => string;
  /** Default: adaptive only, no cap or budget. */
  limiter?: Limiter;
  hooks?: Hooks;
  /** Largest JSON answer read, counted after decompression. Default 16 MiB. */
  maxResponseBytes?: number;
  allowInsecureHttp?: boolean;
}

/** A request as the typed methods make it; `headers` (lower-case names) is sent without a copy. */
export interface PreparedRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  /** The protocol row, when the caller knows it; otherwise looked up from the URL's path. */
  operation?: FileOperation | undefined;
}

/** An answer: the decoded JSON (undefined for file content, whose `response` streams it). */
export interface Answer {
  response: Response;
  value: Record<string, unknown> | undefined;
  /** The JSON body's bytes, for the one caller that must hand a readable body on (openapi-fetch). */
  bytes?: Uint8Array<ArrayBuffer>;
}

/** openapi-fetch's `fetch` (Request in, Response out), with `send` for the typed methods. */
export type Transport = ((request: Request, call?: CallOptions) => Promise<Response>) & {
  send(prepared: PreparedRequest, call?: CallOptions): Promise<Answer>;
};

/**
 * For `client.api` only: a response whose JSON was already decoded exactly (see ids.ts).
 * openapi-fetch calls `json()` when a Content-Length is present, so the raw client gets the same
 * exact ids without the body being parsed twice.
 */
class DecodedJsonResponse extends Response {
  readonly #decoded: unknown;
  constructor(body: Uint8Array<ArrayBuffer>, init: ResponseInit, decoded: unknown) {
    super(body, init);
    this.#decoded = decoded;
  }
  // biome-ignore lint/suspicious/noExplicitAny: matches Response#json's signature
  override json(): Promise<any> {
    return Promise.resolve(this.#decoded);
  }
}

const utf8 = new TextDecoder();

export function createTransport(options: TransportConfig): Transport {
  const config = { ...options, limiter: options.limiter ?? createLimiter(), hooks: options.hooks ?? {} };
  const { hooks } = config;
  // Only hooks and spans read a scope's trace id: without either it is not read per attempt.
  const observed = Boolean(hooks.beforeRequest || hooks.afterResponse || hooks.beforeRetry || hooks.onError);
  const log = config.logger;
  const maxResponseBytes = config.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  const browser = config.browser ?? !hasVersion("node");
  const clock = new IdleClock();
  // Node's own fetch rejects with the signal's reason once it aborts; any other fetch may ignore
  // the signal, so only then is the wait for an answer raced against the timeout.
  const fetchHonoursAbort = config.platformFetch === true && hasVersion("undici");

  /** A request outside a method's call (an `api` request) is a call of its own: its own span and onError. */
  const ownCall = <T>(name: MiniMaxOperation, run: (scope: CallScope) => Promise<T>) => inCall(name, hooks, run);

  async function viaRequest(request: Request, call: CallOptions = {}): Promise<Response> {
    // The raw `api` client takes a baseUrl per call: the key must not go out in clear text there
    // either. (The typed methods' URLs come from the baseUrl resolveConfig checked.)
    const insecure = insecureUrlProblem(new URL(request.url), config.allowInsecureHttp === true);
    if (insecure) {
      const operation = call.operation ?? operationName(request);
      throw new MiniMaxValidationError(`${operation}: ${insecure}`, { operation });
    }
    // A body openapi-fetch built (JSON for delete, or anything passed to `api`) is small: keep its
    // bytes so each attempt can send them again.
    const body: BodySource | undefined =
      call.body ?? (request.body ? bufferedBody(new Uint8Array(await request.arrayBuffer()), request) : undefined);
    const prepared = {
      method: request.method,
      url: request.url,
      headers: Object.fromEntries(request.headers),
    };
    const withBody = { ...call, body };
    const { response, bytes, value } = call.scope
      ? await sendInScope(prepared, withBody, call.scope)
      : await ownCall(call.operation ?? operationName(prepared), (scope) => sendInScope(prepared, withBody, scope));
    if (!bytes) return response;
    const headers = new Headers(response.headers);
    headers.delete("content-encoding");
    headers.delete("transfer-encoding");
    headers.set("content-length", String(bytes.byteLength));
    const init = { status: response.status, statusText: response.statusText, headers };
    return new DecodedJsonResponse(bytes, init, value);
  }

  function send(prepared: PreparedRequest, call: CallOptions = {}): Promise<Answer> {
    const { scope } = call;
    if (scope) return sendInScope(prepared, call, scope);
    return ownCall(call.operation ?? operationName(prepared), (own) => sendInScope(prepared, call, own));
  }

  // Not async: it runs inside a method's async call (or `viaRequest`), so what it throws there is
  // still a rejection, and one promise layer fewer per call.
  function sendInScope(prepared: PreparedRequest, given: CallOptions, scope: CallScope): Promise<Answer> {
    const call = guardCallbacks(given);
    const protocolOperation = prepared.operation ?? fileOperationAt(pathOf(prepared.url));
    const operation = call.operation ?? protocolOperation?.name ?? operationName(prepared);
    const maxRetries = call.maxRetries ?? config.maxRetries;
    const timeoutMs = call.timeoutMs ?? config.timeoutMs;
    checkCallOptions(operation, maxRetries, timeoutMs);
    const signal = call.signal;
    if (signal?.aborted) throw signal.reason;
    const body = call.body;

    // Every caller hands `send` options made for this one request: completed in place, not copied.
    const attempts = call as Attempt;
    attempts.operation = operation;
    attempts.timeoutMs = timeoutMs;
    const before = call.attemptsBefore ?? 0;
    attempts.attempt = before;
    // The first attempt is made here: a call that succeeds builds no retry loop.
    return sendOnce(prepared, protocolOperation, scope, attempts).catch((error: unknown) => {
      const loop = {
        operation,
        request: protocolOperation,
        maxRetries,
        signal,
        logger: log,
        oneShotReason: body?.oneShotReason,
        retryDelay: config.retryDelay,
        // Only a span (its resend count) or beforeRetry hooks hear of retries.
        beforeRetry: hooks.beforeRetry || scope.span ? retryHook(hooks, scope) : undefined,
      };
      const again = (index: number) => {
        attempts.attempt = index + before;
        return sendOnce(prepared, protocolOperation, scope, attempts);
      };
      return retryAfter(loop, again, error, 0);
    });
  }

  return Object.assign(viaRequest, { send });

  async function sendOnce(
    prepared: PreparedRequest,
    protocolOperation: FileOperation | undefined,
    scope: CallScope,
    call: Attempt,
  ): Promise<Answer> {
    const { operation, timeoutMs } = call;
    // Not running until its first touch: waiting for a limiter slot is not a stall.
    const idle = new IdleTimeout(timeoutMs, operation, clock);
    let slot: Slot | undefined;
    try {
      slot = config.limiter.tryAcquire() ?? (await config.limiter.acquire(call.signal ?? NEVER));
      scope.attempts++;
      scope.method = prepared.method;
      scope.url = prepared.url;
      const signal = call.signal ? AbortSignal.any([call.signal, idle.signal]) : idle.signal;

      log?.debug?.(`${operation}: ${prepared.method} ${pathOf(prepared.url)} (attempt ${call.attempt + 1})`, {
        operation,
        attempt: call.attempt + 1,
      });
      let headers: Record<string, string> | Headers = prepared.headers;
      if (hooks.beforeRequest) {
        // Hooks may log what they are given: the key is not among it.
        const given = new Headers(headers);
        const authorization = given.get("authorization");
        given.delete("authorization");
        await runHooks(hooks.beforeRequest, {
          ...contextOf(scope),
          method: prepared.method,
          url: prepared.url,
          headers: given,
        });
        if (authorization !== null) given.set("authorization", authorization);
        headers = Object.fromEntries(given);
      }
      let response: Response;
      try {
        idle.touch();
        // MiniMax does not redirect: a 3xx is a proxy's or an attacker's, and following it would send
        // the body (and custom headers) elsewhere, or turn a delete into a GET reported as success.
        const init: RequestInit & { duplex?: "half" } = {
          ...config.fetchOptions,
          method: prepared.method,
          headers,
          signal,
          redirect: "manual",
        };
        if (call.body) {
          const opened = await call.body.open(() => idle.touch(), signal);
          init.headers = { ...headers, ...opened.headers };
          init.body = opened.body;
          init.duplex = "half"; // required by fetch for a streamed request body
          // With any other redirect mode undici keeps a tee'd copy of a streamed body to replay it
          // on a redirect; nobody reads that branch, so it queues the whole file (measured: a 512 MiB
          // path upload peaked at 584 MiB RSS with "follow", 76 MiB with "error"; Node 24 alike).
          if (opened.body instanceof ReadableStream) init.redirect = "error";
        }
        const answer = config.fetch(prepared.url, init);
        // Without a caller's signal only the timer can abort: it rejects the wait it interrupts
        // directly, with no listener added to and removed from the signal.
        response = await (fetchHonoursAbort ? answer : call.signal ? untilAborted(answer, signal) : idle.until(answer));
      } catch (thrown) {
        idle.stop();
        // redirect: "error" (streamed bodies) rejects with undici's "unexpected redirect".
        if ((thrown as { cause?: { message?: unknown } })?.cause?.message === "unexpected redirect") {
          throw redirectError(operation, 0);
        }
        const error = attemptFailure(thrown, call, idle, config.redact);
        if (browser && thrown instanceof TypeError && error instanceof MiniMaxConnectionError) {
          // The browser's fetch rejects a CORS refusal with a bare TypeError ("Failed to fetch") and
          // hides why; retrying cannot change the server's CORS headers, so it is not retried.
          error.message +=
            ". No response was readable: in a browser this is most often a CORS block (MiniMax does not allow " +
            "this page's origin; call it from a server instead) or the network being offline. Not retried.";
          refuseRetry(error);
        }
        throw error;
      }
      // "manual" gives the 3xx itself in Node, an opaque status-0 answer in browsers.
      if (response.type === "opaqueredirect" || (response.status >= 300 && response.status < 400)) {
        idle.stop();
        response.body?.cancel().catch(() => {});
        throw redirectError(operation, response.status, traceIdOf(response, config));
      }

      if (observed || scope.span) scope.traceId = traceIdOf(response, config);
      scope.httpStatus = response.status;
      scope.statusCode = undefined;

      const reader = response.body?.getReader();
      // An abort (the timeout, or the caller's signal) cancels the reader, which ends a pending read
      // at once whatever the fetch (the body read so far is then refused below): no race per chunk.
      // Each read through `idle` restarts the timeout.
      const release = reader ? cancelOnAbort(reader, idle, call.signal) : noop;
      let bytes: Uint8Array<ArrayBuffer> | undefined;
      let peeked: Awaited<ReturnType<typeof peekEnvelope>> | undefined;
      try {
        if (response.ok && reader && protocolOperation?.streamed) {
          // File or error envelope: decided by the content, whatever the Content-Type says.
          peeked = await peekEnvelope(idle);
          bytes = peeked.envelope;
        } else {
          bytes = reader ? await readUpTo(idle, maxResponseBytes) : new Uint8Array(0);
        }
        if (signal.aborted) throw signal.reason;
      } catch (thrown) {
        release();
        reader?.cancel().catch(() => {});
        throw attemptFailure(thrown, call, idle, config.redact);
      } finally {
        idle.stop();
      }
      if (peeked && !peeked.envelope && reader) {
        slot.succeeded();
        const fail = (thrown: unknown) => attemptFailure(thrown, call, idle, config.redact);
        const streamed = streamThrough(response, reader, peeked, idle, { signal, release, fail }, call);
        if (hooks.afterResponse) await answered(scope, streamed);
        return { response: streamed, value: undefined };
      }
      release();
      if (bytes === undefined) {
        // Cancelling releases the connection: the rest of the answer is never read.
        reader?.cancel().catch(() => {});
        throw new MiniMaxResponseError(
          `${operation}: MiniMax's answer is larger than ${maxResponseBytes} bytes (maxResponseBytes); not read further.`,
          { operation, httpStatus: response.status, traceId: traceIdOf(response, config) },
        );
      }
      const text = utf8.decode(bytes);
      const decoded = decodeEnvelope(response, text, { operation, ids: config.ids, redact: config.redact });
      if (!decoded.ok) {
        const { error } = decoded;
        if (error instanceof MiniMaxApiError) {
          scope.statusCode = error.code;
          if (error.kind === "rate_limit") slot.rateLimited();
        }
        rememberRetryAfter(error, response.headers);
        if (hooks.afterResponse) await answered(scope, response);
        throw error;
      }
      slot.succeeded();
      scope.statusCode = statusCodeOf(decoded.value);
      if (hooks.afterResponse) await answered(scope, response);
      return { response, value: decoded.value, bytes };
    } catch (thrown) {
      idle.stop();
      throw call.signal?.aborted || isHookError(thrown)
        ? thrown
        : asMiniMaxError(thrown, call.operation, config.redact);
    } finally {
      slot?.release();
    }
  }

  function answered(scope: CallScope, response: Response): Promise<void> {
    return runHooks(hooks.afterResponse, { ...contextOf(scope), response, statusCode: scope.statusCode });
  }
}

/** A request's options once `send` has completed them for its attempts. */
type Attempt = CallOptions & { operation: MiniMaxOperation; timeoutMs: number; attempt: number };

/** What an attempt's failure is: the caller's abort, its timeout, or a typed error for `thrown`. */
function attemptFailure(thrown: unknown, call: Attempt, idle: IdleTimeout, redact: (text: string) => string): unknown {
  if (call.signal?.aborted) return call.signal.reason;
  if (idle.signal.aborted) return idle.signal.reason;
  return asMiniMaxError(thrown, call.operation, redact);
}

function pathOf(url: string): string {
  return new URL(url).pathname;
}

function operationName(prepared: Pick<PreparedRequest, "method" | "url" | "operation">): MiniMaxOperation {
  if (prepared.operation) return prepared.operation.name;
  const path = pathOf(prepared.url);
  return fileOperationAt(path)?.name ?? `${prepared.method} ${path}`;
}

function statusCodeOf(envelope: unknown): number | undefined {
  const code = (envelope as { base_resp?: { status_code?: unknown } } | null)?.base_resp?.status_code;
  return typeof code === "number" ? code : undefined;
}

/** Counts the call's retries (the span's resend count) and tells the `beforeRetry` hooks. */
export function retryHook(hooks: Hooks, scope: CallScope) {
  return (error: MiniMaxError, retryCount: number, delayMs: number) => {
    scope.retries++;
    return runHooks(hooks.beforeRetry, { ...contextOf(scope), error, retryCount, delayMs });
  };
}

// A signal that never aborts, for the limiter when a call has none.
const NEVER = new AbortController().signal;

function redirectError(operation: MiniMaxOperation, httpStatus: number, traceId?: string): MiniMaxResponseError {
  return new MiniMaxResponseError(
    `${operation}: MiniMax answered with a redirect${httpStatus ? ` (HTTP ${httpStatus})` : ""}; MiniMax's API does not redirect, so it was not followed.`,
    { operation, httpStatus, traceId },
  );
}

/** A file's body read chunk by chunk: the next chunk, or undefined at its end; and how to stop. */
export interface BodyReader {
  read(): Promise<Uint8Array | undefined>;
  cancel(reason?: unknown): Promise<void>;
}

// The reader behind each streamed Response the transport made, for a consumer inside this package
// (download) that writes the chunks itself: one stream stage fewer per chunk than reading
// `response.body`, which re-enqueues every chunk read here.
const bodyReaders = new WeakMap<Response, BodyReader>();

/** The reader behind a file's streamed Response, while its `body` has not been read. */
export function bodyReaderOf(response: Response): BodyReader | undefined {
  return response.bodyUsed ? undefined : bodyReaders.get(response);
}

/** File content: hand the body through as it arrives, with progress, the idle timeout, and typed errors. */
function streamThrough(
  response: Response,
  reader: ReadableStreamDefaultReader<Uint8Array>,
  peeked: { head: Uint8Array[]; done: boolean },
  idle: IdleTimeout,
  // The attempt's signal, the undo of its cancelOnAbort, and its error mapping.
  attempt: { signal: AbortSignal; release: () => void; fail: (thrown: unknown) => unknown },
  call: RequestOptions,
): Response {
  const { signal, release, fail } = attempt;
  idle.stop();
  const finish = () => {
    idle.stop();
    release();
  };
  const head = [...peeked.head];
  const total = declaredLength(response);
  let loaded = 0;
  const direct: BodyReader = {
    async read() {
      try {
        let chunk = head.shift();
        if (chunk === undefined && !peeked.done) {
          idle.touch();
          const result = await reader.read();
          if (signal.aborted) throw signal.reason;
          chunk = result.done ? undefined : result.value;
        }
        if (chunk === undefined) {
          finish();
          return undefined;
        }
        // Until the caller asks for more, a slow reader is not a stalled server.
        idle.pause();
        loaded += chunk.byteLength;
        call.onProgress?.({ loaded, total });
        return chunk;
      } catch (thrown) {
        finish();
        reader.cancel(thrown).catch(() => {});
        throw fail(thrown);
      }
    },
    cancel(reason) {
      finish();
      return reader.cancel(reason);
    },
  };
  const body = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          const chunk = await direct.read();
          if (chunk === undefined) controller.close();
          else controller.enqueue(chunk);
        } catch (error) {
          controller.error(error);
        }
      },
      cancel: (reason) => direct.cancel(reason),
    },
    { highWaterMark: 0 },
  );
  const streamed = new Response(body, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
  bodyReaders.set(streamed, direct);
  return streamed;
}

/**
 * Cancels `reader` when the attempt aborts, which ends a pending read at once: on its timeout
 * (through the idle timer, with no listener) and on the caller's signal (one listener until the
 * returned undo is called).
 */
function cancelOnAbort(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  idle: IdleTimeout,
  callerSignal: AbortSignal | undefined,
): () => void {
  idle.cancels(reader);
  if (!callerSignal) return noop;
  const onAbort = () => reader.cancel(callerSignal.reason).catch(() => {});
  if (callerSignal.aborted) onAbort();
  else callerSignal.addEventListener("abort", onAbort, { once: true });
  return () => callerSignal.removeEventListener("abort", onAbort);
}

const noop = () => {};

/**
 * `promise`, or the signal's reason once it aborts. fetch rejects on abort by itself; this covers a
 * custom `fetch` (or a body stream) that ignores the signal, which would otherwise hang the call.
 */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    promise.catch(() => {}); // it will reject with the same abort: that is not news
    return Promise.reject(signal.reason);
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}

/**
 * The idle timeouts of every attempt in flight, on one timer set for the earliest deadline. A
 * timer per attempt (created, re-armed, cleared) cost a `list` call about as much as all the rest of
 * its bookkeeping; here an attempt's start and each chunk only note the time. The timer holds the
 * process open only while some attempt is running.
 */
class IdleClock {
  readonly #running = new Set<IdleTimeout>();
  #timer: ReturnType<typeof setTimeout> | undefined;
  /** When the timer fires (monotonic ms). */
  #at = Number.POSITIVE_INFINITY;

  watch(idle: IdleTimeout): void {
    if (this.#running.size === 0) refTimer(this.#timer, true);
    this.#running.add(idle);
  }

  unwatch(idle: IdleTimeout): void {
    if (this.#running.delete(idle) && this.#running.size === 0) refTimer(this.#timer, false);
  }

  /** Makes sure the timer fires by `at`. */
  due(at: number): void {
    if (at >= this.#at) return;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#at = at;
    this.#timer = setTimeout(() => this.#sweep(), Math.max(0, at - performance.now()));
  }

  /** Fails the attempts past their deadline, and sets the timer for the next one. */
  #sweep(): void {
    this.#timer = undefined;
    this.#at = Number.POSITIVE_INFINITY;
    const now = performance.now();
    let next = Number.POSITIVE_INFINITY;
    for (const idle of this.#running) {
      if (idle.deadline <= now) {
        this.#running.delete(idle);
        idle.expire();
      } else if (idle.deadline < next) next = idle.deadline;
    }
    if (next !== Number.POSITIVE_INFINITY) this.due(next);
  }
}

/** Node's timers keep the process alive unless unref'd; a browser's timer id has neither method. */
function refTimer(timer: unknown, ref: boolean): void {
  const handle = timer as { ref?(): void; unref?(): void } | undefined;
  if (ref) handle?.ref?.();
  else handle?.unref?.();
}

/** Aborts its signal with a `MiniMaxTimeoutError` after `ms` without a `touch()`. */
class IdleTimeout {
  readonly #controller = new AbortController();
  readonly signal = this.#controller.signal;
  /** Monotonic ms past which the attempt has stalled; infinite while paused or stopped. */
  deadline = Number.POSITIVE_INFINITY;
  #watched = false;
  // Its own flag: `signal.aborted` is a getter with a brand check, and `touch` runs per chunk.
  #expired = false;
  /** Rejects the step in progress (see `until`) when the timeout fires. */
  #interrupt: ((reason: unknown) => void) | undefined;
  #reader: ReadableStreamDefaultReader<Uint8Array> | undefined;

  constructor(
    readonly ms: number,
    readonly operation: MiniMaxOperation,
    readonly clock: IdleClock,
  ) {}

  /** Progress (or the start of a step that waits on the server): the timeout restarts. */
  touch(): void {
    if (this.#expired) return;
    if (!this.#watched) {
      this.#watched = true;
      this.clock.watch(this);
    }
    this.deadline = performance.now() + this.ms;
    this.clock.due(this.deadline);
  }

  /** Nothing is awaited from the server for now (a body the caller has not asked more of). */
  pause(): void {
    this.deadline = Number.POSITIVE_INFINITY;
  }

  /** The attempt is over. */
  stop(): void {
    this.deadline = Number.POSITIVE_INFINITY;
    if (!this.#watched) return;
    this.#watched = false;
    this.clock.unwatch(this);
  }

  /** A reader to cancel when the timeout fires, ending its pending read. */
  cancels(reader: ReadableStreamDefaultReader<Uint8Array>): void {
    this.#reader = reader;
  }

  /** The next chunk of the reader it `cancels`: the timeout restarts while it is awaited. */
  pull(): Promise<ReadableStreamReadResult<Uint8Array>> {
    this.touch();
    return (this.#reader as ReadableStreamDefaultReader<Uint8Array>).read();
  }

  expire(): void {
    this.#expired = true;
    this.deadline = Number.POSITIVE_INFINITY;
    this.#watched = false;
    this.#controller.abort(
      new MiniMaxTimeoutError(`${this.operation}: no progress for ${this.ms} ms`, { operation: this.operation }),
    );
    this.#interrupt?.(this.signal.reason);
    this.#reader?.cancel(this.signal.reason).catch(() => {});
  }

  /**
   * `promise`, or the timeout once it fires. fetch rejects on abort by itself; this covers a custom
   * `fetch` (or a body stream) that ignores the signal, which would otherwise hang the call.
   */
  until<T>(promise: Promise<T>): Promise<T> {
    if (this.signal.aborted) {
      promise.catch(() => {}); // it will reject with the same abort: that is not news
      return Promise.reject(this.signal.reason);
    }
    return new Promise<T>((resolve, reject) => {
      this.#interrupt = reject;
      promise.then(resolve, reject);
    });
  }
}

function bufferedBody(bytes: Uint8Array<ArrayBuffer>, request: Request): BodySource {
  const contentType = request.headers.get("content-type");
  return {
    open: async () => ({
      body: bytes,
      headers: contentType ? { "content-type": contentType } : ({} as Record<string, string>),
    }),
  };
}

/** Whether `process.versions` names this component (`node`, `undici`): false outside Node-like runtimes. */
function hasVersion(name: "node" | "undici"): boolean {
  return (
    typeof (globalThis as { process?: { versions?: Record<string, unknown> } }).process?.versions?.[name] === "string"
  );
}

/** Anything thrown while talking to the server becomes a connection error (MiniMax errors pass through). */
function asMiniMaxError(thrown: unknown, operation: MiniMaxOperation, redact: (text: string) => string): MiniMaxError {
  if (thrown instanceof MiniMaxError) return thrown;
  const description = describeThrown(thrown);
  const redacted = redact(description);
  // A cause that mentions the key is dropped: util.inspect would print it.
  return new MiniMaxConnectionError(`${operation}: connection failed: ${redacted}`, {
    operation,
    cause: redacted === description ? thrown : undefined,
  });
}

function describeThrown(thrown: unknown): string {
  if (!(thrown instanceof Error)) return String(thrown);
  const cause = thrown.cause as { code?: unknown; message?: unknown } | undefined;
  const detail = cause && typeof cause === "object" ? [cause.code, cause.message].filter(Boolean).join(": ") : "";
  return detail ? `${thrown.message} (${detail})` : thrown.message;
}
