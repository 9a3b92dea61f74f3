// Behaviour 6: the API key never shows in an error's message, util.inspect or JSON, nor in a log
// line. (Refusing http:// to a non-loopback host, which keeps it off the wire, is in config.test.ts.)
import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { createMiniMaxFiles, MiniMaxConnectionError, MiniMaxValidationError } from "../src/index.js";
import { clientFor, recordingLogger, rejectionOf, useFakeMiniMax } from "./helpers.js";

const KEY = "sk-secret-4c1d9e7f0a";
const ctx = useFakeMiniMax({ apiKey: KEY });

function expectNoKey(error: unknown) {
  expect(error).toBeInstanceOf(Error);
  const shown = [String(error), (error as Error).stack ?? "", inspect(error, { depth: 10 }), JSON.stringify(error)];
  for (const text of shown) expect(text).not.toContain(KEY);
}

describe("the API key stays secret", () => {
  it("in API errors, even when the server echoes the key", async () => {
    const { lines, logger } = recordingLogger();
    const client = clientFor(ctx.server, { logger, maxRetries: 1 });
    ctx.server.inject({ kind: "base-resp", code: 1002, msg: `rate limited for key ${KEY}`, times: 2 });
    const error = await rejectionOf(client.list({ purpose: "voice_clone" }));
    expect(error.statusMsg).toBe("rate limited for key [redacted]");
    expectNoKey(error);
    expect(JSON.parse(JSON.stringify(error))).toMatchObject({
      name: "MiniMaxApiError",
      code: 1002,
      kind: "rate_limit",
    });
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(JSON.stringify(line)).not.toContain(KEY);
  });

  it("in a wrong-key error, and in HTML and connection errors", async () => {
    const wrongKey = "sk-wrong-key-77aa";
    const wrong = await rejectionOf(clientFor(ctx.server, { apiKey: wrongKey }).list({ purpose: "voice_clone" }));
    for (const text of [String(wrong), inspect(wrong), JSON.stringify(wrong)]) expect(text).not.toContain(wrongKey);

    ctx.server.inject({ kind: "http-status", status: 500 });
    expectNoKey(await rejectionOf(clientFor(ctx.server, { maxRetries: 0 }).list({ purpose: "voice_clone" })));

    const { lines, logger } = recordingLogger();
    const refused = clientFor(ctx.server, {
      logger,
      maxRetries: 1,
      fetch: async () => Promise.reject(new TypeError(`fetch failed for ${KEY}`)),
    });
    const connection = await rejectionOf(refused.retrieve(1));
    expect(connection).toBeInstanceOf(MiniMaxConnectionError);
    expectNoKey(connection);
    for (const line of lines) expect(JSON.stringify(line)).not.toContain(KEY);
  });

  it("in the trace id, when a proxy echoes the Authorization header into Trace-Id", async () => {
    const { lines, logger } = recordingLogger();
    const fetch = async (_input: RequestInfo | URL, init?: RequestInit) => {
      const authorization = new Headers(init?.headers).get("authorization") ?? "";
      return Response.json(
        { base_resp: { status_code: 1002, status_msg: "rate limited" } },
        { headers: { "Trace-Id": `trace ${authorization}`, "Retry-After": "0" } },
      );
    };
    const error = await rejectionOf(
      clientFor(ctx.server, { fetch, logger, maxRetries: 1 }).list({ purpose: "voice_clone" }),
    );
    expect(error.traceId).toBe("trace Bearer [redacted]");
    expectNoKey(error);
    expect(lines.some((line) => line.level === "warn")).toBe(true);
    for (const line of lines) expect(JSON.stringify(line)).not.toContain(KEY);
  });

  it("the client object does not expose the key", () => {
    const client = clientFor(ctx.server);
    expect(inspect(client, { depth: 5, showHidden: true })).not.toContain(KEY);
    expect(JSON.stringify(client)).not.toContain(KEY);
  });

  it("sends the key as a bearer token, with extra headers that cannot replace it", async () => {
    await clientFor(ctx.server, { headers: { "X-Team": "speech", Authorization: "Bearer not-the-key" } }).list({
      purpose: "voice_clone",
    });
    expect(ctx.server.requests[0]).toMatchObject({ authorized: true, headers: { "x-team": "speech" } });
  });

  it("refuses a key that is not a valid header value, without quoting it", () => {
    for (const apiKey of [`${KEY}\n`, ` ${KEY}`, `${KEY}é`]) {
      const error = (() => {
        try {
          createMiniMaxFiles({ apiKey, baseUrl: ctx.server.url });
        } catch (thrown) {
          return thrown;
        }
      })();
      expect(error).toBeInstanceOf(MiniMaxValidationError);
      expectNoKey(error);
    }
  });
});
