// Behaviour 2: retries with backoff and Retry-After for passing failures; never for auth, balance,
// input, or a caller's abort; upload bodies re-sent from their source; one-shot streams not retried.
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { Readable } from "node:stream";
import { fileOperations } from "@org/minimax-files-types";
import { describe, expect, it } from "vitest";
import { MiniMaxApiError, MiniMaxConnectionError, MiniMaxResponseError } from "../src/index.js";
import { backoffDelayMs, mayHaveReachedServer, retryAfterMs, shouldRetry } from "../src/retry.js";
import { clientFor, recordingLogger, rejectionOf, useFakeMiniMax, useTempDir } from "./helpers.js";

const ctx = useFakeMiniMax();
const tmp = useTempDir();

const listCalls = () => ctx.server.requests.filter((r) => r.operation === "list").length;

describe("what is retried", () => {
  for (const code of [1000, 1001, 1002, 1013, 1024, 1033, 1039]) {
    it(`base_resp ${code} is retried and the call then succeeds`, async () => {
      // base_resp faults carry no Retry-After, so this waits one real backoff (~0.5 s).
      ctx.server.inject({ kind: "base-resp", code });
      const files = await clientFor(ctx.server, { maxRetries: 2 }).list({ purpose: "voice_clone" });
      expect(files).toEqual([]);
      expect(listCalls()).toBe(2);
    });
  }

  for (const status of [408, 429, 500, 502, 503, 504] as const) {
    it(`HTTP ${status} is retried`, async () => {
      ctx.server.inject({ kind: "http-status", status, retryAfter: 0 });
      await clientFor(ctx.server).list({ purpose: "voice_clone" });
      expect(listCalls()).toBe(2);
    });
  }

  it("a connection reset before the headers is retried", async () => {
    ctx.server.inject({ kind: "reset-before-headers", operation: "list" });
    await clientFor(ctx.server).list({ purpose: "voice_clone" });
    expect(listCalls()).toBe(2);
  });

  it("a reset in the middle of a JSON body is retried", async () => {
    ctx.server.seed({ purpose: "voice_clone", filename: "a.mp3", content: "abc" });
    ctx.server.inject({ kind: "reset-mid-body", operation: "list" });
    const files = await clientFor(ctx.server).list({ purpose: "voice_clone" });
    expect(files).toHaveLength(1);
    expect(listCalls()).toBe(2);
  });

  it("gives up after maxRetries (per client, and per call)", async () => {
    ctx.server.inject({ kind: "http-status", status: 503, retryAfter: 0, times: Number.POSITIVE_INFINITY });
    const error = await rejectionOf(clientFor(ctx.server, { maxRetries: 3 }).list({ purpose: "voice_clone" }));
    expect(error).toMatchObject({ httpStatus: 503 });
    expect(listCalls()).toBe(4);

    ctx.server.clearRequests();
    await rejectionOf(clientFor(ctx.server, { maxRetries: 3 }).list({ purpose: "voice_clone" }, { maxRetries: 0 }));
    expect(listCalls()).toBe(1);
  });
});

describe("what is never retried", () => {
  for (const code of [1004, 2049, 1008, 2013, 1026]) {
    it(`base_resp ${code}`, async () => {
      ctx.server.inject({ kind: "base-resp", code });
      const error = await rejectionOf(clientFor(ctx.server).list({ purpose: "voice_clone" }));
      expect(error).toBeInstanceOf(MiniMaxApiError);
      expect(error.code).toBe(code);
      expect(listCalls()).toBe(1);
    });
  }

  for (const status of [400, 401] as const) {
    it(`HTTP ${status}`, async () => {
      ctx.server.inject({ kind: "http-status", status });
      await rejectionOf(clientFor(ctx.server).list({ purpose: "voice_clone" }));
      expect(listCalls()).toBe(1);
    });
  }

  it("a caller's abort rejects with the signal's reason and is not retried", async () => {
    ctx.server.inject({ kind: "slow-headers", delayMs: 5_000, operation: "list", times: 3 });
    const controller = new AbortController();
    const reason = new Error("user pressed cancel");
    const call = rejectionOf(clientFor(ctx.server).list({ purpose: "voice_clone" }, { signal: controller.signal }));
    // Abort once the server holds the request (a fixed delay may fire before it arrives, under load).
    while (listCalls() === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    controller.abort(reason);
    const error = await call;
    expect(error).toBe(reason);
    expect(listCalls()).toBe(1);
  });

  it("an abort during the backoff wait rejects with the reason", async () => {
    ctx.server.inject({ kind: "http-status", status: 503, retryAfter: 30, times: 3 });
    const controller = new AbortController();
    const { lines, logger } = recordingLogger();
    const call = clientFor(ctx.server, { logger }).list({ purpose: "voice_clone" }, { signal: controller.signal });
    await expect.poll(() => lines.filter((l) => l.level === "warn").length).toBe(1);
    controller.abort(new Error("stop waiting"));
    expect((await rejectionOf(call)).message).toBe("stop waiting");
    expect(listCalls()).toBe(1);
  });

  it("an already aborted signal sends nothing", async () => {
    const error = await rejectionOf(
      clientFor(ctx.server).list({ purpose: "voice_clone" }, { signal: AbortSignal.abort(new Error("early")) }),
    );
    expect(error.message).toBe("early");
    expect(ctx.server.requests).toHaveLength(0);
  });
});

describe("backoff and Retry-After", () => {
  it("backs off about 0.5 s·2ⁿ, capped at 8 s, with jitter of at most 25%", () => {
    expect([0, 1, 2, 3, 4, 5, 10].map((n) => backoffDelayMs(n, {}, () => 0))).toEqual([
      500, 1000, 2000, 4000, 8000, 8000, 8000,
    ]);
    expect(backoffDelayMs(1, {}, () => 1)).toBe(750);
    expect(backoffDelayMs(1, {}, () => 0.5)).toBe(875);
  });

  it("reads Retry-After as seconds, HTTP date, or retry-after-ms, ignoring unreasonable values", () => {
    const now = Date.parse("2026-01-01T00:00:00Z");
    expect(retryAfterMs(new Headers({ "retry-after": "3" }), now)).toBe(3000);
    expect(retryAfterMs(new Headers({ "retry-after": "0.25" }), now)).toBe(250);
    expect(retryAfterMs(new Headers({ "retry-after": "Thu, 01 Jan 2026 00:00:05 GMT" }), now)).toBe(5000);
    expect(retryAfterMs(new Headers({ "retry-after": "Wed, 31 Dec 2025 23:00:00 GMT" }), now)).toBe(0);
    expect(retryAfterMs(new Headers({ "retry-after-ms": "120" }), now)).toBe(120);
    expect(retryAfterMs(new Headers({ "retry-after": "3600" }), now)).toBeUndefined();
    expect(retryAfterMs(new Headers({ "retry-after": "soon" }), now)).toBeUndefined();
    expect(retryAfterMs(new Headers(), now)).toBeUndefined();
  });

  it("waits what the server's Retry-After asks (seconds and HTTP date), else the backoff", async () => {
    const { lines, logger } = recordingLogger();
    const client = clientFor(ctx.server, { logger, maxRetries: 3 });
    ctx.server.inject({ kind: "rate-limit", http: true, retryAfter: 1 });
    ctx.server.inject({ kind: "rate-limit", code: 1039, retryAfter: new Date(Date.now() + 1_000).toUTCString() });
    ctx.server.inject({ kind: "rate-limit" });
    await client.list({ purpose: "voice_clone" });
    const delays = lines.filter((l) => l.level === "warn").map((l) => (l.meta as { delayMs: number }).delayMs);
    expect(delays).toHaveLength(3);
    // Never shorter than asked; jitter adds up to max(25%, 250 ms).
    expect(delays[0]).toBeGreaterThanOrEqual(1000);
    expect(delays[0]).toBeLessThanOrEqual(1250);
    // An HTTP date has one-second resolution: anything up to 1 s is the server's answer.
    expect(delays[1]).toBeGreaterThanOrEqual(0);
    expect(delays[1]).toBeLessThanOrEqual(1250);
    expect(delays[2]).toBeGreaterThanOrEqual(1500); // third retry: 2 s minus at most 25% jitter
    expect(delays[2]).toBeLessThanOrEqual(2000);
    expect(listCalls()).toBe(4);
  });
});

describe("shouldRetry, the one policy", () => {
  const context = { operation: fileOperations.list, attempt: 0, maxRetries: 2, mayHaveReachedServer: true };
  const api = (httpStatus: number, code?: number) => new MiniMaxApiError("x", { httpStatus, code });

  it("retries what can pass, by the protocol's table and the HTTP status, while retries are left", () => {
    expect(shouldRetry(api(200, 1002), context)).toBe(true);
    expect(shouldRetry(api(200, 1004), context)).toBe(false);
    expect(shouldRetry(api(503), context)).toBe(true);
    expect(shouldRetry(api(404), context)).toBe(false);
    expect(shouldRetry(new MiniMaxConnectionError("reset"), context)).toBe(true);
    expect(shouldRetry(new MiniMaxResponseError("html", { httpStatus: 200 }), context)).toBe(false);
    expect(shouldRetry(new MiniMaxConnectionError("reset"), { ...context, attempt: 2 })).toBe(false);
  });

  it("is told whether the request may have reached MiniMax: not when the connection was refused", async () => {
    const refused = Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" });
    const fetch = async () => {
      throw new TypeError("fetch failed", { cause: refused });
    };
    const client = clientFor(ctx.server, { fetch, maxRetries: 1 });
    const error = await rejectionOf(client.list({ purpose: "voice_clone" }));
    expect(error).toBeInstanceOf(MiniMaxConnectionError);
    expect(mayHaveReachedServer(error)).toBe(false);
    expect(mayHaveReachedServer(new MiniMaxConnectionError("reset", { cause: new Error("socket hang up") }))).toBe(
      true,
    );
    expect(mayHaveReachedServer(api(200, 1002))).toBe(true);
  });
});

describe("upload bodies on retry", () => {
  it("re-reads a path from disk for each attempt, so the stored file is whole", async () => {
    const path = join(tmp.dir, "speech.txt");
    const content = "a".repeat(200_000);
    await writeFile(path, content);
    ctx.server.inject({ kind: "reset-before-headers", operation: "upload" });
    ctx.server.inject({ kind: "http-status", status: 500, operation: "upload", retryAfter: 0 });
    const file = await clientFor(ctx.server).upload({ purpose: "t2a_async_input", file: path });
    const uploads = ctx.server.requests.filter((r) => r.operation === "upload");
    expect(uploads.map((r) => r.bodyBytes)).toEqual(Array(3).fill(uploads[0]!.bodyBytes));
    expect(uploads[0]!.bodyBytes).toBeGreaterThan(content.length);
    expect(ctx.server.files).toHaveLength(1);
    expect(Buffer.from(ctx.server.files[0]!.content!).toString()).toBe(content);
    expect(file.bytes).toBe(content.length);
  });

  it("re-sends bytes and Blobs", async () => {
    ctx.server.inject({ kind: "rate-limit", operation: "upload", retryAfter: 0, times: 2 });
    await clientFor(ctx.server).upload({ purpose: "voice_clone", file: new Uint8Array([1, 2, 3]), filename: "a.wav" });
    await clientFor(ctx.server).upload({ purpose: "voice_clone", file: new File([new Uint8Array([4, 5])], "b.mp3") });
    expect(ctx.server.files.map((f) => [...f.content!])).toEqual([
      [1, 2, 3],
      [4, 5],
    ]);
  });

  it("does not retry a one-shot stream, and the error says why", async () => {
    for (const file of [new Blob(["hello"]).stream(), Readable.from([Buffer.from("hello")])]) {
      ctx.server.clearRequests();
      ctx.server.inject({ kind: "rate-limit", operation: "upload", retryAfter: 0 });
      const error = await rejectionOf(
        clientFor(ctx.server).upload({ purpose: "t2a_async_input", file, filename: "s.txt" }),
      );
      expect(error).toBeInstanceOf(MiniMaxApiError);
      expect(error.kind).toBe("rate_limit");
      expect(error.message).toMatch(/not retried: a (web ReadableStream|Node Readable) can be read only once/);
      expect(ctx.server.requests.filter((r) => r.operation === "upload")).toHaveLength(1);
    }
    expect(ctx.server.files).toHaveLength(0);
  });
});
