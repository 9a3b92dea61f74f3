import { request as httpRequest, type IncomingHttpHeaders } from "node:http";
import { afterEach, beforeEach, expect } from "vitest";
import { type FakeMiniMax, startFakeMiniMax } from "../../src/index.js";

export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  /** The body bytes as they came off the wire: neither decompressed nor checked against a length. */
  received: Buffer;
  /** node:http's verdict: false when the body ended short of its framing (length or chunks). */
  complete: boolean;
}

/** Reads a response with node:http so the exact bytes received before the connection ended are visible. */
export function rawRequest(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    let responded = false;
    const req = httpRequest(url, { method: options.method ?? "GET", headers: options.headers }, (res) => {
      responded = true;
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("error", () => {});
      res.on("close", () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          received: Buffer.concat(chunks),
          complete: res.complete,
        }),
      );
    });
    // After the headers, a reset surfaces on the request too; the response's close reports it.
    req.on("error", (error) => responded || reject(error));
    req.end(options.body);
  });
}

/** Polls a condition that a concurrent request will make true (bounded: fails after ~5 s). */
export async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(condition()).toBe(true);
}

export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.unreachable("expected a rejection"),
    (error: unknown) => error,
  );
}

/** The network error code fetch (undici) puts on its TypeError's cause. */
export function causeCode(error: unknown): string | undefined {
  return ((error as Error).cause as { code?: string } | undefined)?.code;
}

export interface FakeServerUnderTest {
  /** A fresh fake for each test. */
  readonly server: FakeMiniMax;
  /** Authorises with the key the fake was started with. */
  readonly headers: { Authorization: string };
}

/**
 * Registers hooks that give every test in the file its own fake server with `apiKey`, closed after
 * it. The returned object is refilled before each test, so read `server` inside tests.
 */
export function useFakeServer(apiKey: string): FakeServerUnderTest {
  const fake = { headers: { Authorization: `Bearer ${apiKey}` } } as {
    server: FakeMiniMax;
    headers: { Authorization: string };
  };
  beforeEach(async () => {
    fake.server = await startFakeMiniMax({ apiKey });
  });
  afterEach(async () => {
    await fake.server.close();
  });
  return fake;
}
