// In a browser a cross-origin refusal reaches fetch's caller as a bare TypeError with no response:
// then the error names a possible CORS block and is not retried (retrying cannot change the
// server's CORS headers). Outside browsers the same TypeError is an ordinary, retried, connection error.
import { describe, expect, it } from "vitest";
import { MiniMaxConnectionError } from "../src/index.js";
import { createTransport } from "../src/transport.js";
import { clientFor, rejectionOf, useFakeMiniMax } from "./helpers.js";

const ctx = useFakeMiniMax();

/** A fetch that fails as browsers fail a CORS refusal, counting its calls. */
function failingFetch() {
  const calls = { count: 0 };
  const fetch = async () => {
    calls.count++;
    throw new TypeError("Failed to fetch");
  };
  return { calls, fetch: fetch as typeof globalThis.fetch };
}

function transport(browser: boolean, fetch: typeof globalThis.fetch) {
  return createTransport({
    fetch,
    maxRetries: 2,
    timeoutMs: 1_000,
    retryDelay: { initialMs: 0 },
    ids: "number",
    logger: undefined,
    redact: (t) => t,
    browser,
  });
}

describe("a TypeError from fetch before any response", () => {
  it("in a browser: MiniMaxConnectionError naming a possible CORS block, one attempt", async () => {
    const { calls, fetch } = failingFetch();
    const error = await rejectionOf(transport(true, fetch)(new Request("https://api.minimax.io/v1/files/list")));
    expect(error).toBeInstanceOf(MiniMaxConnectionError);
    expect(error.message).toMatch(/^list: connection failed: Failed to fetch\. .*CORS block.*Not retried\.$/);
    expect(error.operation).toBe("list");
    expect(calls.count).toBe(1);
  });

  it("outside a browser: an ordinary connection error, retried, with no CORS talk", async () => {
    const { calls, fetch } = failingFetch();
    const error = await rejectionOf(transport(false, fetch)(new Request("https://api.minimax.io/v1/files/list")));
    expect(error).toBeInstanceOf(MiniMaxConnectionError);
    expect(error.message).not.toMatch(/CORS/);
    expect(calls.count).toBe(3);
  });

  it("in a browser, an answer that did arrive (HTTP 503) is still retried as usual", async () => {
    let calls = 0;
    const fetch = (async () => {
      calls++;
      return new Response("busy", { status: 503 });
    }) as typeof globalThis.fetch;
    await rejectionOf(transport(true, fetch)(new Request("https://api.minimax.io/v1/files/list")));
    expect(calls).toBe(3);
  });

  it("the client detects a browser by the absence of process.versions.node", async () => {
    const { calls, fetch } = failingFetch();
    const versions = Object.getOwnPropertyDescriptor(process, "versions");
    if (!versions) throw new Error("process.versions is not an own property here");
    let client: ReturnType<typeof clientFor>;
    try {
      Object.defineProperty(process, "versions", { ...versions, value: { ...process.versions, node: undefined } });
      client = clientFor(ctx.server, { fetch, retryDelay: { initialMs: 0 } });
    } finally {
      Object.defineProperty(process, "versions", versions);
    }
    const error = await rejectionOf(client.list({ purpose: "voice_clone" }));
    expect(error.message).toMatch(/CORS block/);
    expect(calls.count).toBe(1);

    const inNode = failingFetch();
    const nodeError = await rejectionOf(
      clientFor(ctx.server, { fetch: inNode.fetch, retryDelay: { initialMs: 0 } }).list({ purpose: "voice_clone" }),
    );
    expect(nodeError.message).not.toMatch(/CORS/);
    expect(inNode.calls.count).toBe(3);
  });
});
