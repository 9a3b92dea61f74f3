// What a careless caller can pass, and what a leaked key would look like: refused before sending,
// with typed errors that hold no secret.
import { writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { inspect } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { createMiniMaxFiles, MiniMaxResponseError, MiniMaxValidationError } from "../src/index.js";
import { retryAfterDelayMs } from "../src/retry.js";
import { clientFor, recordingLogger, rejectionOf, useFakeMiniMax, useTempDir } from "./helpers.js";

const ctx = useFakeMiniMax();
const tmp = useTempDir();

describe("caller input is checked before anything is sent", () => {
  it("timeoutMs above 2^31-1 (which timers cannot wait) is refused, per client and per call", async () => {
    // One check for both (options.ts checkCallOptions): the same words, a call's prefixed by its operation.
    const wording = "timeoutMs must be a positive number of milliseconds up to 2147483647, got 2147483648.";
    expect(() => clientFor(ctx.server, { timeoutMs: 2 ** 31 })).toThrow(new MiniMaxValidationError(wording));
    const error = await rejectionOf(clientFor(ctx.server).list({ purpose: "voice_clone" }, { timeoutMs: 2 ** 31 }));
    expect(error).toBeInstanceOf(MiniMaxValidationError);
    expect((error as MiniMaxValidationError).message).toBe(`list: ${wording}`);
    expect((error as MiniMaxValidationError).operation).toBe("list");
    expect(clientFor(ctx.server, { timeoutMs: 2 ** 31 - 1 })).toBeDefined();
    expect(ctx.server.requests).toHaveLength(0);
  });

  it("a baseUrl with credentials, a query or a fragment is refused, without echoing the password", () => {
    for (const baseUrl of [
      "https://user:hunter2-password@api.minimax.io",
      "https://user:hunter2-password@:bad",
      "https://api.minimax.io/?region=x",
      "https://api.minimax.io/#top",
      "https://api.minimax.io/?",
    ]) {
      let error: unknown;
      try {
        createMiniMaxFiles({ apiKey: "k", baseUrl });
      } catch (thrown) {
        error = thrown;
      }
      expect(error, baseUrl).toBeInstanceOf(MiniMaxValidationError);
      expect(inspect(error)).not.toContain("hunter2");
    }
  });

  it("CR or LF in a header value is a MiniMaxValidationError, not fetch's TypeError", () => {
    for (const value of ["a\r\nX-Injected: 1", "a\nb", "a\rb"]) {
      expect(() => clientFor(ctx.server, { headers: { "X-Trace": value } })).toThrow(MiniMaxValidationError);
    }
  });

  it("the raw api client refuses http:// to a non-loopback host given per call, before sending", async () => {
    let sent = 0;
    const client = clientFor(ctx.server, {
      fetch: async () => {
        sent++;
        return new Response("{}");
      },
    });
    const error = await rejectionOf(
      client.api.GET("/v1/files/list", {
        baseUrl: "http://files.example.com",
        params: { query: { purpose: "voice_clone" } },
      }),
    );
    expect(error).toBeInstanceOf(MiniMaxValidationError);
    expect(error.message).toContain("http://files.example.com");
    expect(sent).toBe(0);
  });

  it("options come from own properties only: a polluted Object.prototype injects nothing", async () => {
    const seen: string[] = [];
    const polluted = {
      fetch: async (url: string) => {
        seen.push(url);
        return new Response("{}");
      },
      baseUrl: "https://evil.example",
      timeoutMs: 1,
      maxRetries: 1.5,
      maxResponseBytes: 1,
      expectedBytes: 1,
      onProgress: () => {
        throw new Error("polluted");
      },
    };
    const proto = Object.prototype as Record<string, unknown>;
    // Not enumerable, so that only a read of an inherited option can see them (openapi-fetch's own
    // for-in over query objects would trip over enumerable ones before the client is involved).
    // No `signal`: Node's fetch reads its own internal options that way, which no client can prevent.
    for (const [key, value] of Object.entries(polluted)) {
      Object.defineProperty(proto, key, { value, configurable: true, writable: true, enumerable: false });
    }
    try {
      const client = createMiniMaxFiles({ apiKey: ctx.server.apiKey, baseUrl: ctx.server.url });
      ctx.server.seed({ purpose: "voice_clone", filename: "v.mp3", content: "abc" });
      expect(await client.list({ purpose: "voice_clone" })).toHaveLength(1);
      const file = await client.upload({ purpose: "voice_clone", file: new Uint8Array([1, 2]), filename: "x.mp3" });
      expect(file.bytes).toBe(2);
    } finally {
      for (const key of Object.keys(polluted)) delete proto[key];
    }
    expect(seen).toEqual([]);
  });
});

describe("an onProgress that throws ends the call with its error, nothing retried", () => {
  const mistake = new Error("caller's bug in onProgress");
  const throwing = () => {
    throw mistake;
  };

  it("upload from a path", async () => {
    const path = join(tmp.dir, "a.mp3");
    await writeFile(path, Buffer.alloc(256 * 1024, 1));
    const error = await rejectionOf(
      clientFor(ctx.server).upload({ purpose: "voice_clone", file: path }, { onProgress: throwing }),
    );
    expect(error).toBe(mistake);
    expect(ctx.server.requests.filter((r) => r.operation === "upload").length).toBeLessThanOrEqual(1);
    expect(ctx.server.requests.filter((r) => r.operation === "list")).toHaveLength(0);
  });

  it("download", async () => {
    const seeded = ctx.server.seed({ purpose: "t2a_async_input", filename: "a.zip", size: 1024 * 1024 });
    const error = await rejectionOf(
      clientFor(ctx.server).download(seeded.fileId, join(tmp.dir, "a.zip"), { onProgress: throwing }),
    );
    expect(error).toBe(mistake);
    expect(ctx.server.requests).toHaveLength(1);
  });
});

describe("Retry-After waits get jitter", () => {
  it("never shorter than asked, spread by up to max(25%, 250 ms)", () => {
    expect(retryAfterDelayMs(1000, () => 0)).toBe(1000);
    expect(retryAfterDelayMs(1000, () => 1)).toBe(1250);
    expect(retryAfterDelayMs(0, () => 1)).toBe(250);
    expect(retryAfterDelayMs(20_000, () => 1)).toBe(25_000);
  });

  it("retries told 'Retry-After: 0' together do not all come back at once", async () => {
    const { lines, logger } = recordingLogger();
    ctx.server.inject({ kind: "rate-limit", retryAfter: 0, operation: "list", times: 10 });
    await clientFor(ctx.server, { logger, maxRetries: 10 }).list({ purpose: "voice_clone" });
    const delays = lines.filter((l) => l.level === "warn").map((l) => (l.meta as { delayMs: number }).delayMs);
    expect(delays).toHaveLength(10);
    expect(Math.max(...delays) - Math.min(...delays)).toBeGreaterThan(50);
  });
});

describe("the key never appears, not even in part", () => {
  let echo: Server | undefined;
  afterEach(async () => {
    await new Promise((resolve) => (echo ? echo.close(resolve) : resolve(undefined)));
    echo = undefined;
  });

  it("a 200 HTML page echoing the Authorization header: no 12-character window of a long key anywhere", async () => {
    const apiKey = `mmx-${"0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ".repeat(2)}-end`;
    echo = createServer((req, res) => {
      // The key lands across the point where an error message is cut (120 characters).
      const page = `<html><body>${"x".repeat(90)} ${req.headers.authorization} ${"y".repeat(300)}</body></html>`;
      res.writeHead(200, { "Content-Type": "text/html", "Trace-Id": String(req.headers.authorization) });
      res.end(page);
    });
    await new Promise<void>((resolve) => echo!.listen(0, "127.0.0.1", resolve));
    const { lines, logger } = recordingLogger();
    const client = createMiniMaxFiles({
      apiKey,
      baseUrl: `http://127.0.0.1:${(echo.address() as AddressInfo).port}`,
      logger,
    });
    const error = await rejectionOf(client.list({ purpose: "voice_clone" }));
    expect(error).toBeInstanceOf(MiniMaxResponseError);
    const texts = [
      error.message,
      String(error.stack),
      inspect(error, { depth: null, showHidden: true }),
      JSON.stringify(error),
      ...lines.map((l) => `${l.message} ${inspect(l.meta, { depth: null })}`),
    ].join("\n");
    expect(texts).toContain("[redacted]");
    for (let i = 0; i + 12 <= apiKey.length; i++) expect(texts).not.toContain(apiKey.slice(i, i + 12));
  });
});
