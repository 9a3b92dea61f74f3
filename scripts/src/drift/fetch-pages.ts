/**
 * Fetches the upstream docs pages. `origin` (from `--upstream` or MINIMAX_DOCS_ORIGIN) replaces
 * each page's scheme, host and port and keeps its path, so a test server, a mirror or a proxy can
 * stand in for platform.minimax.io. Each fetch has a timeout and is retried once, because the docs
 * site is a CDN that occasionally drops a request and a daily job should not page anyone for that.
 */
import type { SourceOperation } from "../sources.js";

export class UpstreamError extends Error {
  override name = "UpstreamError";
}

export interface FetchOptions {
  origin?: string;
  /** Per attempt. */
  timeoutMs?: number;
  retryDelayMs?: number;
}

export const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_RETRY_DELAY_MS = 1_000;

/** Validates an `--upstream` value: an http(s) origin, nothing after the host and port. */
export function parseOrigin(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UpstreamError(
      `--upstream / MINIMAX_DOCS_ORIGIN: "${value}" is not a URL (expected e.g. http://127.0.0.1:8080)`,
    );
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new UpstreamError(`--upstream / MINIMAX_DOCS_ORIGIN: "${value}" must be http:// or https://`);
  }
  if (url.pathname !== "/" || url.search || url.hash || url.username || url.password) {
    throw new UpstreamError(
      `--upstream / MINIMAX_DOCS_ORIGIN: "${value}" must be an origin only (scheme, host, port); page paths are kept from spec/sources.yaml`,
    );
  }
  return url.origin;
}

export function pageUrl(page: string, origin?: string): string {
  if (!origin) return page;
  const url = new URL(page);
  return `${origin}${url.pathname}${url.search}`;
}

export interface FetchedPage {
  source: SourceOperation;
  /** Where the page was actually fetched from (after the origin override). */
  url: string;
  markdown: string;
}

/** Fetches every page; if any fails, one error lists every failing page. */
export async function fetchPages(sources: SourceOperation[], options: FetchOptions = {}): Promise<FetchedPage[]> {
  const results = await Promise.allSettled(
    sources.map(async (source) => {
      const url = pageUrl(source.page, options.origin);
      return { source, url, markdown: await fetchPage(url, options) };
    }),
  );
  const failures = results.flatMap((result) =>
    result.status === "rejected" ? [String(result.reason?.message ?? result.reason)] : [],
  );
  if (failures.length > 0) throw new UpstreamError(failures.join("\n"));
  return results.map((result) => (result as PromiseFulfilledResult<FetchedPage>).value);
}

async function fetchPage(url: string, options: FetchOptions): Promise<string> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  for (let attempt = 1; ; attempt++) {
    const outcome = await attemptFetch(url, timeoutMs);
    if (outcome.ok) return outcome.body;
    if (attempt === 2 || !outcome.retryable)
      throw new UpstreamError(`${url}: ${outcome.reason}${attempt === 2 ? " (after one retry)" : ""}`);
    await new Promise((resolve) => setTimeout(resolve, options.retryDelayMs ?? DEFAULT_RETRY_DELAY_MS));
  }
}

type Attempt = { ok: true; body: string } | { ok: false; retryable: boolean; reason: string };

async function attemptFetch(url: string, timeoutMs: number): Promise<Attempt> {
  try {
    const response = await fetch(url, {
      signal: AbortSignal.timeout(timeoutMs),
      headers: { accept: "text/markdown, text/plain;q=0.9, */*;q=0.1" },
      redirect: "follow",
    });
    // The body read shares the timeout's signal: a stalled body fails like a stalled connect.
    const body = await response.text();
    if (response.ok) return { ok: true, body };
    // 4xx other than 408/429 will not get better on a second try.
    const retryable = response.status >= 500 || response.status === 408 || response.status === 429;
    return { ok: false, retryable, reason: `HTTP ${response.status} ${response.statusText}`.trim() };
  } catch (error) {
    if (error instanceof DOMException && error.name === "TimeoutError") {
      return { ok: false, retryable: true, reason: `no answer within ${timeoutMs} ms` };
    }
    const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : "";
    return { ok: false, retryable: true, reason: `${error instanceof Error ? error.message : String(error)}${cause}` };
  }
}
