// The transport (transport.ts), the \`fetch\` openapi-fetch is given: idle timeouts per attempt,
// and the same auth, retries and typed errors for the raw \`api\` client as for the methods.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { describe, expect, it } from "vitest";
import { MiniMaxApiError, MiniMaxConnectionError, MiniMaxTimeoutError } from "../src/index.js";
import { clientFor, rejectionOf, useFakeMiniMax } from "./helpers.js";

const ctx = useFakeMiniMax();

const listCalls = () => ctx.server.requests.filter((r) => r.operation === "list").length;

describe("idle timeouts", () => {
  it("an attempt that exceeds timeoutMs fails with MiniMaxTimeoutError and is retried", async () => {
    ctx.server.inject({ kind: "slow-headers", delayMs: 5_000, operation: "list" });
    const files = await clientFor(ctx.server, { timeoutMs: 200 }).list({ purpose: "voice_clone" });
    expect(files).toEqual([]);
    expect(listCalls()).toBe(2);

    ctx.server.clearRequests();
    ctx.server.inject({ kind: "slow-headers", delayMs: 5_000, operation: "list", times: 2 });
    const error = await rejectionOf(
      clientFor(ctx.server, { timeoutMs: 200, maxRetries: 1 }).list({ purpose: "voice_clone" }),
    );
    expect(error).toBeInstanceOf(MiniMaxTimeoutError);
    expect(error).toBeInstanceOf(MiniMaxConnectionError);
    expect(listCalls()).toBe(2);
  });

  it("a custom fetch that never answers and ignores the abort signal still times out", async () => {
    let calls = 0;
    const silent = clientFor(ctx.server, {
      fetch: () => {
        calls++;
        return new Promise<Response>(() => {});
      },
      timeoutMs: 150,
      maxRetries: 1,
    });
    expect(await rejectionOf(silent.list({ purpose: "voice_clone" }))).toBeInstanceOf(MiniMaxTimeoutError);
    expect(calls).toBe(2);
  });

  it("a body that stalls times out even when a custom fetch ignores the abort signal", async () => {
    let calls = 0;
    const stalled = (contentType: string) => async () => {
      calls++;
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new TextEncoder().encode(contentType.includes("json") ? '{"files":[' : "abc"));
          // …and nothing more, ever.
        },
      });
      return new Response(body, { headers: { "content-type": contentType } });
    };
    const json = clientFor(ctx.server, { fetch: stalled("application/json"), timeoutMs: 150, maxRetries: 1 });
    expect(await rejectionOf(json.list({ purpose: "voice_clone" }))).toBeInstanceOf(MiniMaxTimeoutError);
    expect(calls).toBe(2);

    calls = 0;
    const bytes = clientFor(ctx.server, { fetch: stalled("application/octet-stream"), timeoutMs: 150 });
    const response = await bytes.retrieveContent(1);
    expect(await rejectionOf(response.arrayBuffer())).toBeInstanceOf(MiniMaxTimeoutError);
    expect(calls).toBe(1);
  });
});

describe("a caller's abort", () => {
  it("ends a stalled body at once, JSON or file content, even when a custom fetch ignores the signal", async () => {
    const stalled = (contentType: string) => async () => {
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new TextEncoder().encode(contentType.includes("json") ? '{"files":[' : "abc"));
        },
      });
      return new Response(body, { headers: { "content-type": contentType } });
    };
    const reason = new Error("caller gave up");

    const json = clientFor(ctx.server, { fetch: stalled("application/json"), timeoutMs: 60_000 });
    const listing = new AbortController();
    setTimeout(() => listing.abort(reason), 100);
    expect(await rejectionOf(json.list({ purpose: "voice_clone" }, { signal: listing.signal }))).toBe(reason);

    const bytes = clientFor(ctx.server, { fetch: stalled("application/octet-stream"), timeoutMs: 60_000 });
    const reading = new AbortController();
    const response = await bytes.retrieveContent(1, { signal: reading.signal });
    setTimeout(() => reading.abort(reason), 100);
    expect(await rejectionOf(response.arrayBuffer())).toBe(reason);
  });
});

describe("one idle timer per client", () => {
  it("a body the caller reads slowly does not time out: the timer runs only while a chunk is awaited", async () => {
    const size = 4 * 1024 * 1024;
    const file = ctx.server.seed({ purpose: "t2a_async_input", filename: "slow.bin", size });
    const response = await clientFor(ctx.server, { timeoutMs: 150 }).retrieveContent(file.fileId);
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    let read = 0;
    let pauses = 0;
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
      read += chunk.value.byteLength;
      // Three pauses, each twice the timeout, while nothing is asked of the server.
      if (pauses < 3) {
        pauses++;
        await new Promise((resolve) => setTimeout(resolve, 300));
      }
    }
    expect(pauses).toBe(3);
    expect(read).toBe(size);
  });

  it("timeouts of calls in flight together each fire on their own", async () => {
    ctx.server.inject({ kind: "slow-headers", delayMs: 5_000, operation: "list", times: 1 });
    const client = clientFor(ctx.server, { maxRetries: 0 });
    const [stalled, quick] = await Promise.allSettled([
      client.list({ purpose: "voice_clone" }, { timeoutMs: 200 }),
      client.list({ purpose: "voice_clone" }, { timeoutMs: 60_000 }),
    ]);
    expect(stalled.status === "rejected" && stalled.reason).toBeInstanceOf(MiniMaxTimeoutError);
    expect(quick).toEqual({ status: "fulfilled", value: [] });
  });

  it("does not keep the process alive once no call is running", async () => {
    // A child process makes one call with a 10-minute timeout, then has nothing left to do: it must
    // exit at once, not when the shared timer would have fired.
    const script = `
      const { createMiniMaxFiles } = await import(${JSON.stringify(new URL("../dist/index.js", import.meta.url).href)});
      const client = createMiniMaxFiles({ apiKey: ${JSON.stringify(ctx.server.apiKey)}, baseUrl: ${JSON.stringify(ctx.server.url)}, timeoutMs: 600000 });
      await client.list({ purpose: "voice_clone" });
      console.log("listed");
    `;
    const child = spawn(process.execPath, ["--input-type=module", "-e", script], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      out += chunk;
    });
    // Far longer than the call takes, far shorter than the timeout; a child still running is killed.
    const killer = setTimeout(() => child.kill(), 20_000);
    const [code, signal] = (await once(child, "exit")) as [number | null, string | null];
    clearTimeout(killer);
    expect(out.trim()).toBe("listed");
    expect({ code, signal }).toEqual({ code: 0, signal: null });
  }, 30_000);
});

describe("the raw api client", () => {
  it("carries the same auth, retries and typed errors", async () => {
    const client = clientFor(ctx.server);
    ctx.server.seed({ purpose: "voice_clone", filename: "v.mp3", content: "x" });
    ctx.server.inject({ kind: "rate-limit", operation: "list", retryAfter: 0 });
    const { data } = await client.api.GET("/v1/files/list", { params: { query: { purpose: "voice_clone" } } });
    expect(data?.files).toHaveLength(1);
    expect(listCalls()).toBe(2);
    expect(ctx.server.requests.at(-1)).toMatchObject({
      authorized: true,
      headers: { authorization: "Bearer [redacted]" },
    });

    ctx.server.inject({ kind: "base-resp", code: 1008, operation: "list" });
    const error = await rejectionOf(
      client.api.GET("/v1/files/list", { params: { query: { purpose: "voice_clone" } } }),
    );
    expect(error).toBeInstanceOf(MiniMaxApiError);
    expect(error).toMatchObject({ code: 1008, kind: "insufficient_balance", operation: "list" });
    expect(listCalls()).toBe(3);
  });

  it("re-sends a JSON body on retry", async () => {
    const seeded = ctx.server.seed({ purpose: "voice_clone", filename: "v.mp3", content: "x" });
    // A rate limit is answered before any work: safe to repeat even for a delete.
    ctx.server.inject({ kind: "rate-limit", retryAfter: 0, operation: "delete" });
    const { data } = await clientFor(ctx.server).api.POST("/v1/files/delete", {
      body: { file_id: Number(seeded.fileId), purpose: "voice_clone" },
    });
    expect(data?.file_id).toBe(Number(seeded.fileId));
    expect(ctx.server.files).toHaveLength(0);
    const deletes = ctx.server.requests.filter((r) => r.operation === "delete");
    expect(deletes).toHaveLength(2);
    expect(deletes[1]!.bodyBytes).toBe(deletes[0]!.bodyBytes);
  });
});
