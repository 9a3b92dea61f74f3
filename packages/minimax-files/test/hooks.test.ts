// Client-wide hooks (hooks.ts): called for every method and for client.api, with the operation,
// the attempt and MiniMax's trace id; never shown the API key; a throwing hook fails the call.
import { describe, expect, it } from "vitest";
import type { HookContext, Hooks } from "../src/index.js";
import { MiniMaxApiError } from "../src/index.js";
import { clientFor, rejectionOf, useFakeMiniMax, useTempDir } from "./helpers.js";

const ctx = useFakeMiniMax();
const temp = useTempDir();

function recordingHooks() {
  const calls: Array<{ hook: string } & HookContext & Record<string, unknown>> = [];
  const at =
    (hook: string) =>
    (context: HookContext & object): void => {
      calls.push({ hook, ...context });
    };
  const hooks: Hooks = {
    beforeRequest: [at("beforeRequest")],
    afterResponse: [at("afterResponse")],
    beforeRetry: [at("beforeRetry")],
    onError: [at("onError")],
  };
  return { calls, hooks };
}

describe("hooks", () => {
  it("run for every method and for client.api, with the operation, attempt and trace id", async () => {
    const { server } = ctx;
    const { calls, hooks } = recordingHooks();
    const client = clientFor(server, { hooks, ids: "string" });
    const file = await client.upload({ purpose: "voice_clone", file: new Uint8Array([1, 2, 3]), filename: "a.mp3" });
    await client.list({ purpose: "voice_clone" });
    await client.retrieve(file.file_id);
    await (await client.retrieveContent(file.file_id)).arrayBuffer();
    await client.download(file.file_id, `${temp.dir}/a.mp3`);
    await client.api.GET("/v1/files/list", { params: { query: { purpose: "voice_clone" } } });
    await client.delete(file.file_id); // looks the purpose up: two requests, one call

    const operations = calls.filter((c) => c.hook === "beforeRequest").map((c) => c.operation);
    // The call's operation: delete's purpose look-up is part of the delete.
    expect(operations).toEqual([
      "upload",
      "list",
      "retrieve",
      "retrieveContent",
      "download",
      "list",
      "delete",
      "delete",
    ]);
    const answers = calls.filter((c) => c.hook === "afterResponse");
    expect(answers.map((c) => c.traceId)).toEqual(server.requests.map((r) => r.traceId));
    expect(answers.map((c) => c.statusCode)).toEqual([0, 0, 0, undefined, undefined, 0, 0, 0]);
    // delete's look-up and the delete itself are attempts 1 and 2 of one call.
    expect(calls.filter((c) => c.hook === "beforeRequest").map((c) => c.attempt)).toEqual([1, 1, 1, 1, 1, 1, 1, 2]);
    expect(calls.some((c) => c.hook === "onError" || c.hook === "beforeRetry")).toBe(false);
  });

  it("beforeRequest sees the headers without the key, and what it sets is sent", async () => {
    const { server } = ctx;
    const seen: string[] = [];
    const client = clientFor(server, {
      hooks: {
        beforeRequest: [
          ({ headers }) => {
            seen.push(...headers.keys());
            headers.set("x-request-id", "job-42");
            headers.set("authorization", "Bearer stolen");
          },
        ],
      },
    });
    await client.list({ purpose: "voice_clone" });
    expect(seen).not.toContain("authorization");
    expect(JSON.stringify(seen)).not.toContain(server.apiKey);
    expect(server.requests[0]?.headers["x-request-id"]).toBe("job-42");
    expect(server.requests[0]?.authorized).toBe(true);
  });

  it("beforeRetry before each retry, onError once with the last answer's trace id", async () => {
    const { server } = ctx;
    const { calls, hooks } = recordingHooks();
    server.inject({ kind: "rate-limit", operation: "list", times: 3 });
    const client = clientFor(server, { hooks, maxRetries: 2, retryDelay: { initialMs: 0 } });
    const error = await rejectionOf(client.list({ purpose: "voice_clone" }));
    expect(error).toBeInstanceOf(MiniMaxApiError);
    const retries = calls.filter((c) => c.hook === "beforeRetry");
    expect(retries.map((c) => [c.attempt, c.retryCount, c.traceId])).toEqual([
      [1, 1, server.requests[0]?.traceId],
      [2, 2, server.requests[1]?.traceId],
    ]);
    expect(retries.every((c) => c.error instanceof MiniMaxApiError && typeof c.delayMs === "number")).toBe(true);
    const errors = calls.filter((c) => c.hook === "onError");
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ operation: "list", attempt: 3, traceId: (error as MiniMaxApiError).traceId });
    expect(errors[0]?.error).toBe(error);
  });

  it("onError also hears a failure found in an answer after the request succeeded, and a validation error", async () => {
    const { server } = ctx;
    const { calls, hooks } = recordingHooks();
    const client = clientFor(server, { hooks });
    server.inject({ kind: "missing-base-resp", operation: "retrieve" });
    await rejectionOf(client.retrieve(1));
    await rejectionOf(client.list({ purpose: "Not A Purpose" }));
    expect(calls.filter((c) => c.hook === "onError").map((c) => [c.operation, c.attempt])).toEqual([
      ["retrieve", 1],
      ["list", 0],
    ]);
  });

  it("a hook that throws fails the call with its error: not retried, not wrapped", async () => {
    const { server } = ctx;
    const boom = new Error("hook says no");
    const client = clientFor(server, { hooks: { beforeRequest: [() => Promise.reject(boom)] } });
    expect(
      await rejectionOf(client.upload({ purpose: "voice_clone", file: new Uint8Array([1]), filename: "a.mp3" })),
    ).toBe(boom);
    expect(server.requests).toHaveLength(0);

    const late = clientFor(server, {
      hooks: {
        afterResponse: [
          () => {
            throw boom;
          },
        ],
      },
    });
    expect(await rejectionOf(late.list({ purpose: "voice_clone" }))).toBe(boom);
    expect(server.requests).toHaveLength(1);
  });

  it("are checked when the client is made", () => {
    expect(() => clientFor(ctx.server, { hooks: { onError: ["no" as never] } })).toThrow(/hooks.onError/);
  });
});
