// fetchOptions reach every request (a corporate proxy through undici's ProxyAgent, as the README's
// recipe does it), and retryDelay shortens the waits between attempts.
import { once } from "node:events";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { connect } from "node:net";
import { ProxyAgent } from "undici";
import { afterEach, describe, expect, it } from "vitest";
import { MiniMaxValidationError } from "../src/index.js";
import { clientFor, recordingLogger, rejectionOf, useFakeMiniMax } from "./helpers.js";

const ctx = useFakeMiniMax();
let proxy: Server | undefined;

afterEach(async () => {
  proxy?.closeAllConnections();
  await new Promise((resolve) => proxy?.close(resolve) ?? resolve(undefined));
  proxy = undefined;
});

/** A tunnelling (CONNECT) proxy on 127.0.0.1 that records which host:port each tunnel went to. */
async function startConnectProxy(): Promise<{ url: string; tunnels: string[] }> {
  const tunnels: string[] = [];
  proxy = createServer((_req, res) => res.writeHead(405).end());
  proxy.on("connect", (req, client, head) => {
    tunnels.push(req.url ?? "");
    const [host, port] = (req.url ?? "").split(":");
    const upstream = connect(Number(port), host, () => {
      client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.on("error", () => client.destroy());
    client.on("error", () => upstream.destroy());
  });
  proxy.listen(0, "127.0.0.1");
  await once(proxy, "listening");
  return { url: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`, tunnels };
}

describe("fetchOptions", () => {
  it("an undici ProxyAgent as dispatcher sends every request through the proxy", async () => {
    const { url, tunnels } = await startConnectProxy();
    const dispatcher = new ProxyAgent(url);
    try {
      const client = clientFor(ctx.server, { fetchOptions: { dispatcher } });
      const file = await client.upload({ file: new Blob(["hi"]), filename: "a.txt", purpose: "t2a_async_input" });
      await client.list({ purpose: "t2a_async_input" });
      await client.delete(file.file_id, { purpose: file.purpose });
      const fakeHost = new URL(ctx.server.url).host;
      expect(tunnels.length).toBeGreaterThan(0);
      expect(new Set(tunnels)).toEqual(new Set([fakeHost]));
      expect(ctx.server.requests.map((r) => r.operation)).toEqual(["upload", "list", "delete"]);
    } finally {
      await dispatcher.close();
    }
  });

  it("is passed to a custom fetch on every attempt; the client's own method, headers and signal win", async () => {
    const seen: RequestInit[] = [];
    ctx.server.inject({ kind: "reset-before-headers", operation: "list" });
    const client = clientFor(ctx.server, {
      retryDelay: { initialMs: 0 },
      fetchOptions: { keepalive: false, marker: "proxy-1", method: "DELETE" } as never,
      fetch: (input, init) => {
        seen.push(init ?? {});
        return fetch(input, init);
      },
    });
    await client.list({ purpose: "voice_clone" });
    expect(seen).toHaveLength(2);
    for (const init of seen) {
      expect(init).toMatchObject({ keepalive: false, marker: "proxy-1", method: "GET" });
      expect(init.signal).toBeInstanceOf(AbortSignal);
    }
  });

  it("anything but an object is refused when the client is created", () => {
    expect(() => clientFor(ctx.server, { fetchOptions: "proxy" as never })).toThrow(MiniMaxValidationError);
  });
});

describe("retryDelay", () => {
  it("sets the first backoff and caps every wait, a server's Retry-After included", async () => {
    const { lines, logger } = recordingLogger();
    ctx.server.inject({ kind: "base-resp", code: 1000, times: 2 });
    ctx.server.inject({ kind: "rate-limit", retryAfter: 30 });
    await clientFor(ctx.server, { logger, maxRetries: 3, retryDelay: { initialMs: 4, maxMs: 6 } }).list({
      purpose: "voice_clone",
    });
    const delays = lines.filter((l) => l.level === "warn").map((l) => (l.meta as { delayMs: number }).delayMs);
    expect(delays).toHaveLength(3);
    expect(delays[0]).toBeGreaterThanOrEqual(3); // 4 ms minus at most 25% jitter
    expect(delays[0]).toBeLessThanOrEqual(4);
    expect(delays[1]).toBeGreaterThanOrEqual(5); // 8 ms capped at 6, minus jitter
    expect(delays[1]).toBeLessThanOrEqual(6);
    expect(delays[2]).toBe(6); // Retry-After: 30 s, capped
  });

  it("without maxMs, a Retry-After up to 60 s is still honoured", async () => {
    const { lines, logger } = recordingLogger();
    ctx.server.inject({ kind: "rate-limit", retryAfter: "0.05" });
    await clientFor(ctx.server, { logger, retryDelay: { initialMs: 0 } }).list({ purpose: "voice_clone" });
    // The server's 50 ms, never less, plus jitter of up to 250 ms (see retry.ts).
    const { delayMs } = lines.find((l) => l.level === "warn")!.meta as { delayMs: number };
    expect(delayMs).toBeGreaterThanOrEqual(50);
    expect(delayMs).toBeLessThanOrEqual(300);
  });

  it("negative or non-numeric values are refused when the client is created", async () => {
    for (const retryDelay of [{ initialMs: -1 }, { maxMs: Number.NaN }, { initialMs: "5" }, "fast"]) {
      const error = await rejectionOf(Promise.resolve().then(() => clientFor(ctx.server, { retryDelay } as never)));
      expect(error).toBeInstanceOf(MiniMaxValidationError);
      expect(error.message).toMatch(/retryDelay/);
    }
  });
});
