// Behaviour 1: MiniMax's HTTP-200 base_resp failures become MiniMaxApiError, successes return the
// payload, and bodies that are not the documented JSON become MiniMaxError subclasses.

import type { FakeOperation } from "@org/minimax-files-testing";
import { describe, expect, it } from "vitest";
import { MiniMaxApiError, MiniMaxError, MiniMaxResponseError } from "../src/index.js";
import { clientFor, rejectionOf, useFakeMiniMax } from "./helpers.js";

const ctx = useFakeMiniMax();

/** Every client operation, ready to run against a server that holds file `fileId`. */
function operations(client: ReturnType<typeof clientFor>, fileId: bigint, dir = "/tmp") {
  return {
    list: () => client.list({ purpose: "t2a_async_input" }),
    upload: () =>
      client.upload({ purpose: "t2a_async_input", file: new TextEncoder().encode("hi"), filename: "a.txt" }),
    retrieve: () => client.retrieve(fileId),
    retrieveContent: () => client.retrieveContent(fileId),
    delete: () => client.delete(fileId, { purpose: "t2a_async_input" }),
    download: () => client.download(fileId, `${dir}/minimax-envelope-${process.pid}-${Date.now()}.txt`),
  } as const;
}

describe("HTTP 200 with base_resp.status_code != 0", () => {
  const cases: Array<[FakeOperation, keyof ReturnType<typeof operations>]> = [
    ["list", "list"],
    ["upload", "upload"],
    ["retrieve", "retrieve"],
    ["retrieveContent", "retrieveContent"],
    ["delete", "delete"],
    ["retrieveContent", "download"],
  ];
  for (const [target, method] of cases) {
    it(`${method} throws MiniMaxApiError with code, message, trace id and operation`, async () => {
      const { server } = ctx;
      const seeded = server.seed({ purpose: "t2a_async_input", filename: "a.txt", content: "abc" });
      server.inject({ kind: "base-resp", code: 2013, msg: "invalid params", operation: target });
      const error = await rejectionOf(operations(clientFor(server), seeded.fileId)[method]());

      expect(error).toBeInstanceOf(MiniMaxApiError);
      expect(error).toMatchObject({
        code: 2013,
        statusMsg: "invalid params",
        httpStatus: 200,
        kind: "invalid_input",
        operation: method,
      });
      const answered = server.requests.at(-1)!;
      expect(answered.statusCode).toBe(2013);
      expect(error.traceId).toBe(answered.traceId);
      expect(error.message).toContain("2013");
    });
  }

  it("tells the kinds apart without numbers", async () => {
    const { server } = ctx;
    const client = clientFor(server, { maxRetries: 0 });
    const kinds: Record<number, string> = {};
    for (const code of [1002, 1039, 1004, 2049, 1008, 2013, 1026, 1000, 1027]) {
      server.inject({ kind: "base-resp", code });
      kinds[code] = (await rejectionOf(client.list({ purpose: "voice_clone" }))).kind;
    }
    expect(kinds).toEqual({
      1002: "rate_limit",
      1039: "rate_limit",
      1004: "authentication",
      2049: "authentication",
      1008: "insufficient_balance",
      2013: "invalid_input",
      1026: "invalid_input",
      1000: "server",
      1027: "unknown",
    });
    server.inject({ kind: "http-status", status: 401 });
    expect(await rejectionOf(client.list({ purpose: "voice_clone" }))).toMatchObject({
      kind: "authentication",
      code: undefined,
      httpStatus: 401,
    });
    server.inject({ kind: "http-status", status: 400 });
    expect(await rejectionOf(client.list({ purpose: "voice_clone" }))).toMatchObject({
      kind: "invalid_input",
      httpStatus: 400,
    });
    server.inject({ kind: "rate-limit", http: true });
    expect(await rejectionOf(client.list({ purpose: "voice_clone" }))).toMatchObject({
      kind: "rate_limit",
      httpStatus: 429,
      code: 1002,
    });
  });

  it("a wrong API key is an authentication error", async () => {
    const { server } = ctx;
    const client = clientFor(server, { apiKey: "not-the-key" });
    const error = await rejectionOf(client.list({ purpose: "voice_clone" }));
    expect(error).toBeInstanceOf(MiniMaxApiError);
    expect(error).toMatchObject({ code: 1004, kind: "authentication" });
  });
});

describe("bodies that are not the expected JSON", () => {
  it("an HTML error page becomes MiniMaxApiError with the HTTP status, not a SyntaxError", async () => {
    const { server } = ctx;
    server.inject({ kind: "http-status", status: 502 });
    const error = await rejectionOf(clientFor(server, { maxRetries: 0 }).list({ purpose: "voice_clone" }));
    expect(error).toBeInstanceOf(MiniMaxApiError);
    expect(error).toMatchObject({ httpStatus: 502, code: undefined, kind: "server", statusMsg: "Bad Gateway" });
  });

  it("truncated JSON becomes MiniMaxResponseError carrying the trace id", async () => {
    const { server } = ctx;
    server.seed({ purpose: "voice_clone", filename: "v.mp3", content: "x" });
    server.inject({ kind: "malformed-json", operation: "list" });
    const error = await rejectionOf(clientFor(server).list({ purpose: "voice_clone" }));
    expect(error).toBeInstanceOf(MiniMaxResponseError);
    expect(error).toBeInstanceOf(MiniMaxError);
    expect(error.cause).toBeInstanceOf(SyntaxError);
    expect(error.message).toMatch(/expected a JSON body/);
    expect(error.traceId).toBe(server.requests.at(-1)!.traceId);
  });

  it("a body without base_resp becomes MiniMaxResponseError", async () => {
    const { server } = ctx;
    const seeded = server.seed({ purpose: "voice_clone", filename: "v.mp3", content: "x" });
    for (const operation of ["retrieve", "delete"] as const) {
      server.inject({ kind: "missing-base-resp", operation });
    }
    const client = clientFor(server);
    const retrieveError = await rejectionOf(client.retrieve(seeded.fileId));
    expect(retrieveError).toBeInstanceOf(MiniMaxResponseError);
    expect(retrieveError.message).toMatch(/no base_resp/);
    const deleteError = await rejectionOf(client.delete(seeded.fileId, { purpose: "voice_clone" }));
    expect(deleteError).toBeInstanceOf(MiniMaxResponseError);
  });

  it("an HTML page with HTTP 200 becomes MiniMaxResponseError", async () => {
    const html = "<html><body>Maintenance</body></html>";
    const client = clientFor(ctx.server, {
      fetch: async () => new Response(html, { status: 200, headers: { "content-type": "text/html" } }),
    });
    const error = await rejectionOf(client.retrieve(1));
    expect(error).toBeInstanceOf(MiniMaxResponseError);
    expect(error.message).toContain("text/html");
    expect(error.message).toContain("Maintenance");
  });
});
