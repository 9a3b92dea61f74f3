/**
 * Client options, their defaults, and the checks that refuse a bad configuration up front.
 */
import { DEFAULT_MAX_RESPONSE_BYTES } from "./body.js";
import { MiniMaxValidationError } from "./errors.js";
import type { Hooks } from "./hooks.js";
import { type IdsMode, idsModes } from "./ids.js";
import { checkRateLimit, type RateLimitOptions } from "./limiter.js";
import { checkCallOptions, type MiniMaxLogger, own } from "./options.js";
import { type RetryDelay, retryDelayProblem } from "./retry.js";

/**
 * Extra `fetch` options for every request, such as undici's `dispatcher` (a `ProxyAgent` for a
 * corporate proxy). The client's own method, headers, body and signal always win, and redirects are
 * never followed (MiniMax's API does not redirect).
 */
export type FetchOptions = Omit<RequestInit, "method" | "headers" | "body" | "signal" | "redirect"> & {
  /** Node's fetch (undici): the `Dispatcher` to send through, e.g. `new ProxyAgent(url)` from `undici`. */
  dispatcher?: unknown;
  /** Options other runtimes' fetch understands (Bun's `proxy`, Deno's `client`, ...). */
  [option: string]: unknown;
};

/** MiniMax's two platforms: the global one and mainland China's. */
export const regionBaseUrls = {
  global: "https://api.minimax.io",
  cn: "https://api.minimaxi.com",
} as const;

export type MiniMaxRegion = keyof typeof regionBaseUrls;

export interface ClientOptions<Ids extends IdsMode = IdsMode> {
  /** Default: `process.env.MINIMAX_API_KEY`. */
  apiKey?: string;
  /** `global` (https://api.minimax.io, the default) or `cn` (https://api.minimaxi.com). */
  region?: MiniMaxRegion;
  /**
   * Overrides `region`. Default: `process.env.MINIMAX_BASE_URL` when no region is given.
   * `http://` is accepted only for loopback hosts unless `allowInsecureHttp` is set.
   */
  baseUrl?: string;
  /** Allow `http://` to a host other than loopback (sends the API key in clear text). */
  allowInsecureHttp?: boolean;
  /** Retries after the first attempt. Default 2. */
  maxRetries?: number;
  /** Per-attempt idle timeout in milliseconds. Default 60 000; at most 2^31−1 (what timers can wait). */
  timeoutMs?: number;
  /**
   * Largest JSON answer read, in bytes after decompression. Default 16 MiB. A larger answer fails
   * with `MiniMaxResponseError` (not retried) and its connection is released. File content
   * (`retrieveContent`, `download`) is not limited by it.
   */
  maxResponseBytes?: number;
  /**
   * The waits between retries: `{ initialMs, maxMs }`. Default about 0.5 s·2ⁿ capped at 8 s (a
   * server's `Retry-After` up to 60 s); tests can set `{ initialMs: 0 }` so faults cost no time.
   */
  retryDelay?: RetryDelay;
  /** Default: `globalThis.fetch`. */
  fetch?: typeof fetch;
  /** Passed to every `fetch` call, e.g. `{ dispatcher: new ProxyAgent(url) }`. */
  fetchOptions?: FetchOptions;
  /** Extra headers sent with every request. `Authorization` is always the client's own. */
  headers?: Record<string, string>;
  logger?: MiniMaxLogger;
  /**
   * Rate-limit awareness shared by every call of this client: `{ maxConcurrency, requestsPerMinute,
   * adaptive }`. Adaptive back-off is on by default: rate-limit answers (1002, 1039, HTTP 429)
   * halve the requests in flight, and successes raise them again one at a time.
   */
  rateLimit?: RateLimitOptions;
  /** `beforeRequest`, `afterResponse`, `beforeRetry` and `onError` functions, for every call. */
  hooks?: Hooks;
  /**
   * How `file_id` values are returned: `"number"` (default; a response with an id beyond 2^53
   * throws instead of rounding it), `"string"` or `"bigint"` (always exact).
   */
  ids?: Ids;
}

export interface ResolvedConfig {
  apiKey: string;
  baseUrl: string;
  maxRetries: number;
  timeoutMs: number;
  retryDelay: RetryDelay;
  fetch: typeof fetch;
  /** `fetch` is the runtime's own (`globalThis.fetch`), whose abort behaviour the transport knows. */
  platformFetch: boolean;
  fetchOptions: FetchOptions;
  headers: Record<string, string>;
  logger: MiniMaxLogger | undefined;
  ids: IdsMode;
  rateLimit: RateLimitOptions;
  hooks: Hooks;
  maxResponseBytes: number;
  allowInsecureHttp: boolean;
}

// A URL's hostname: IPv6 comes bracketed, and 127.1 or [0:0:0:0:0:0:0:1] come normalized.
const LOOPBACK_HOSTS = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i;

export function resolveConfig(given: ClientOptions): ResolvedConfig {
  // Own properties only: a polluted Object.prototype must not choose the baseUrl or the fetch.
  const options = own(given, [
    "apiKey",
    "region",
    "baseUrl",
    "allowInsecureHttp",
    "maxRetries",
    "timeoutMs",
    "maxResponseBytes",
    "retryDelay",
    "fetch",
    "fetchOptions",
    "headers",
    "logger",
    "rateLimit",
    "hooks",
    "ids",
  ]);
  const env = readEnv();
  const apiKey = options.apiKey ?? env.MINIMAX_API_KEY;
  if (!apiKey) {
    throw new MiniMaxValidationError(
      "No MiniMax API key: pass { apiKey } to createMiniMaxFiles() or set the MINIMAX_API_KEY environment variable.",
    );
  }
  // A key that is not a valid header value would make fetch throw a TypeError quoting it.
  if (typeof apiKey !== "string" || !/^[\x21-\x7e]+$/.test(apiKey)) {
    throw new MiniMaxValidationError(
      "The MiniMax API key contains whitespace or non-ASCII characters (check for a trailing newline in MINIMAX_API_KEY).",
    );
  }
  if (options.region !== undefined && !Object.hasOwn(regionBaseUrls, options.region)) {
    throw new MiniMaxValidationError(`region must be "global" or "cn", got ${JSON.stringify(options.region)}.`);
  }
  const baseUrl =
    options.baseUrl ??
    (options.region ? regionBaseUrls[options.region] : undefined) ??
    env.MINIMAX_BASE_URL ??
    regionBaseUrls.global;
  const allowInsecureHttp = options.allowInsecureHttp === true;
  checkBaseUrl(baseUrl, allowInsecureHttp);

  const maxRetries = options.maxRetries ?? 2;
  const timeoutMs = options.timeoutMs ?? 60_000;
  checkCallOptions(undefined, maxRetries, timeoutMs);
  const maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  if (!Number.isSafeInteger(maxResponseBytes) || maxResponseBytes <= 0) {
    throw new MiniMaxValidationError(`maxResponseBytes must be a positive integer, got ${maxResponseBytes}.`);
  }
  const headers: Record<string, string> = Object.fromEntries(Object.entries(options.headers ?? {}));
  for (const [name, value] of Object.entries(headers)) {
    // fetch would throw a TypeError quoting the value; a CR/LF value is a header injection attempt.
    if (typeof value !== "string" || /[\r\n\0]/.test(value)) {
      throw new MiniMaxValidationError(
        `headers: the value of ${JSON.stringify(name)} must be a string without CR, LF or NUL.`,
      );
    }
  }
  const delayProblem = retryDelayProblem(options.retryDelay);
  if (delayProblem) throw new MiniMaxValidationError(`${delayProblem}.`);
  if (
    options.fetchOptions !== undefined &&
    (options.fetchOptions === null || typeof options.fetchOptions !== "object")
  ) {
    throw new MiniMaxValidationError("fetchOptions must be an object of fetch options.");
  }
  const ids = options.ids ?? "number";
  if (!idsModes.includes(ids)) {
    throw new MiniMaxValidationError(`ids must be one of ${idsModes.join(", ")}, got ${JSON.stringify(ids)}.`);
  }
  checkRateLimit(options.rateLimit);
  const hooks = { ...options.hooks };
  for (const [name, list] of Object.entries(hooks)) {
    if (!Array.isArray(list) || !list.every((hook) => typeof hook === "function")) {
      throw new MiniMaxValidationError(`hooks.${name} must be an array of functions.`);
    }
  }
  const fetchImpl = options.fetch ?? globalThis.fetch;
  if (typeof fetchImpl !== "function") {
    throw new MiniMaxValidationError("No fetch implementation: this runtime has no global fetch; pass { fetch }.");
  }
  return {
    apiKey,
    baseUrl: baseUrl.replace(/\/+$/, ""),
    maxRetries,
    timeoutMs,
    retryDelay: { ...options.retryDelay },
    fetchOptions: { ...options.fetchOptions },
    // Called unbound: some runtimes' fetch throws "Illegal invocation" when called as a method.
    fetch: (input, init) => fetchImpl(input, init),
    platformFetch: fetchImpl === globalThis.fetch,
    headers,
    logger: options.logger,
    ids,
    rateLimit: { ...options.rateLimit },
    hooks,
    maxResponseBytes,
    allowInsecureHttp,
  };
}

function checkBaseUrl(baseUrl: string, allowInsecureHttp: boolean): void {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    // Not quoted: the text may hold a password.
    throw new MiniMaxValidationError("baseUrl is not a valid URL.");
  }
  if (url.username || url.password) {
    throw new MiniMaxValidationError(
      "baseUrl must not contain credentials (user:password@); the API key is the credential.",
    );
  }
  if (url.search || url.hash || baseUrl.includes("?") || baseUrl.includes("#")) {
    throw new MiniMaxValidationError(
      "baseUrl must not have a query (?…) or a fragment (#…): paths are appended to it.",
    );
  }
  const insecure = insecureUrlProblem(url, allowInsecureHttp);
  if (insecure) throw new MiniMaxValidationError(insecure);
}

/**
 * Whether `url` names this machine (`localhost`, 127.0.0.0/8 or `[::1]`): the hosts the client
 * sends its API key to over `http://` without `allowInsecureHttp`. For tools that check a URL
 * before creating a client (the CLI does, to name its own flag). Text that is not a URL throws
 * a `TypeError`, as `new URL` does.
 */
export function isLoopbackUrl(url: URL | string): boolean {
  return LOOPBACK_HOSTS.test(new URL(url).hostname);
}

/** Why a request must not go to `url` with the key, or undefined when it may. */
export function insecureUrlProblem(url: URL, allowInsecureHttp: boolean): string | undefined {
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    return `only https:// (or http:// to loopback) is used, got ${url.protocol}//.`;
  }
  if (url.protocol === "http:" && !allowInsecureHttp && !LOOPBACK_HOSTS.test(url.hostname)) {
    return (
      `Refusing http://${url.host}: the API key would travel unencrypted. Use https://, or pass ` +
      "allowInsecureHttp: true if this network is trusted."
    );
  }
  return undefined;
}

function readEnv(): Record<string, string | undefined> {
  // `process` may not exist (browsers, some edge runtimes).
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  return env ?? {};
}
