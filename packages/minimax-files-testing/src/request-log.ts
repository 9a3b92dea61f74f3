/** `server.requests`: what the fake received, with the API key redacted everywhere it could hide. */
import type { IncomingMessage } from "node:http";
import type { FakeOperation, FaultKind } from "./faults.js";

export interface RecordedRequest {
  /** The `Trace-Id` the response carried (also set when the fault sent no response). */
  readonly traceId: string;
  /** Which TCP connection carried it (1 for the first accepted): shows keep-alive reuse. */
  readonly connection: number;
  readonly method: string;
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  /** Lower-cased header names; Authorization is reduced to its scheme ("Bearer [redacted]"). */
  readonly headers: Readonly<Record<string, string>>;
  /** undefined for a path the fake does not serve (answered HTTP 404). */
  readonly operation: FakeOperation | undefined;
  /** Whether the bearer key matched; undefined when not checked (fault, unknown path, download_url). */
  readonly authorized: boolean | undefined;
  /** The injected fault this request took, if any. */
  readonly fault: FaultKind | undefined;
  /** Request body bytes received so far (final once the response is written). */
  readonly bodyBytes: number;
  /** HTTP status answered; undefined when the connection was reset before headers. */
  readonly httpStatus: number | undefined;
  /** `base_resp.status_code` answered; undefined for file bytes and non-JSON bodies. */
  readonly statusCode: number | undefined;
  /**
   * Whether the service did the work: the operation ran and succeeded (an upload stored, a file
   * deleted, a list or the content read), whatever answer then reached the client. False when a
   * fault answered instead, the key was wrong, or the operation failed (2013).
   */
  readonly performed: boolean;
  /** true for a request that reached `elsewhereUrl` (a redirect followed). */
  readonly elsewhere: boolean;
}

export type MutableRecord = { -readonly [K in keyof RecordedRequest]: RecordedRequest[K] };

const REDACTED = "[redacted]";

export function recordRequest(
  req: IncomingMessage,
  url: URL,
  traceId: string,
  apiKey: string,
  connection: number,
): MutableRecord {
  const redact = (value: string) => redactKey(value, apiKey);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    const text = Array.isArray(value) ? value.join(", ") : value;
    headers[name] = name === "authorization" ? redactAuthorization(text) : redact(text);
  }
  const query: Record<string, string> = {};
  for (const [name, value] of url.searchParams) query[redact(name)] = redact(value);
  return {
    traceId,
    connection,
    method: req.method ?? "GET",
    path: redact(url.pathname),
    query,
    headers,
    operation: undefined,
    authorized: undefined,
    fault: undefined,
    bodyBytes: 0,
    httpStatus: undefined,
    statusCode: undefined,
    performed: false,
    elsewhere: false,
  };
}

/**
 * Removes the key wherever it appears. A short test key ("k") would also match inside ordinary
 * words ("keep-alive"), so keys under 8 characters are only removed as whole tokens.
 */
function redactKey(value: string, apiKey: string): string {
  if (apiKey.length >= 8) return value.split(apiKey).join(REDACTED);
  return value
    .split(/(\s+|[,;=&])/)
    .map((token) => (token === apiKey ? REDACTED : token))
    .join("");
}

/** Keeps the scheme, which tests may assert on, and nothing of the credential. */
function redactAuthorization(value: string): string {
  const scheme = /^\s*(\S+)\s+\S/.exec(value)?.[1];
  return scheme ? `${scheme} ${REDACTED}` : REDACTED;
}
