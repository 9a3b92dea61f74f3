// What a hostile server (or a proxy in the middle) can answer, and what the client makes of it:
// bounded reads, no redirects, files told from error envelopes by content, validated ids.
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { MiniMaxApiError, MiniMaxConnectionError, MiniMaxResponseError, MiniMaxUnsafeIdError } from "../src/index.js";
import { clientFor, rejectionOf, useFakeMiniMax, useTempDir } from "./helpers.js";

const ctx = useFakeMiniMax();
const tmp = useTempDir();

/** The connection that carried the over-long answer is closed: at most one (idle) is left open. */
async function released(): Promise<void> {
  for (let i = 0; i < 200 && ctx.server.connections.open > 1; i++) await new Promise((r) => setTimeout(r, 10));
  expect(ctx.server.connections.open).toBeLessThanOrEqual(1);
}

describe("answers are read up to maxResponseBytes", () => {
  it("an endless JSON answer fails at the cap: MiniMaxResponseError, not retried, connection released", async () => {
    ctx.server.inject({ kind: "endless-body", operation: "list" });
    const error = await rejectionOf(
      clientFor(ctx.server, { maxResponseBytes: 1024 * 1024 }).list({ purpose: "voice_clone" }),
    );
    expect(error).toBeInstanceOf(MiniMaxResponseError);
    expect(error.message).toContain("larger than 1048576 bytes (maxResponseBytes)");
    expect(ctx.server.requests).toHaveLength(1);
    await released();
  });

  it("a gzip bomb is counted after decompression: 4 GiB of spaces stop at the default 16 MiB", async () => {
    const seeded = ctx.server.seed({ purpose: "voice_clone", filename: "v.mp3", content: "abc" });
    ctx.server.inject({ kind: "gzip-bomb", operation: "retrieve" });
    const error = await rejectionOf(clientFor(ctx.server).retrieve(seeded.fileId));
    expect(error).toBeInstanceOf(MiniMaxResponseError);
    expect(error.message).toContain(`larger than ${16 * 1024 * 1024} bytes`);
    expect(ctx.server.requests).toHaveLength(1);
    await released();
  });

  it("an answer within the cap decodes as before; file content is not capped", async () => {
    const seeded = ctx.server.seed({ purpose: "t2a_async_input", filename: "big.zip", size: 3 * 1024 * 1024 });
    const client = clientFor(ctx.server, { maxResponseBytes: 2048 });
    expect(await client.list({ purpose: "t2a_async_input" })).toHaveLength(1);
    const result = await client.download(seeded.fileId, join(tmp.dir, "big.zip"));
    expect(result.bytes).toBe(3 * 1024 * 1024);
  });

  it("maxResponseBytes must be a positive integer", () => {
    for (const maxResponseBytes of [0, -1, 1.5, Number.NaN]) {
      expect(() => clientFor(ctx.server, { maxResponseBytes })).toThrow(/maxResponseBytes must be a positive integer/);
    }
  });
});

describe("redirects are never followed", () => {
  for (const [operation, status] of [
    ["delete", 302],
    ["upload", 307],
    ["list", 301],
    ["retrieveContent", 308],
  ] as const) {
    it(`${operation}: a ${status} is a MiniMaxResponseError; nothing reaches the other host, nothing is retried`, async () => {
      const seeded = ctx.server.seed({ purpose: "voice_clone", filename: "v.mp3", content: "abc" });
      ctx.server.inject({ kind: "redirect", status, operation });
      const client = clientFor(ctx.server, { headers: { "X-Custom": "secret-ish" } });
      const call = {
        delete: () => client.delete(seeded.fileId, { purpose: "voice_clone" }),
        upload: () => client.upload({ purpose: "voice_clone", file: new Uint8Array([1, 2, 3]), filename: "x.mp3" }),
        list: () => client.list({ purpose: "voice_clone" }),
        retrieveContent: () => client.retrieveContent(seeded.fileId),
      }[operation];
      const error = await rejectionOf(call());
      expect(error).toBeInstanceOf(MiniMaxResponseError);
      // A streamed upload body is sent with redirect: "error" (see transport.ts): Node's fetch then
      // reports the redirect without its status.
      expect(error.httpStatus).toBe(operation === "upload" ? 0 : status);
      expect(error.message).toContain("redirect");
      expect(ctx.server.requests.filter((r) => r.elsewhere)).toHaveLength(0);
      expect(ctx.server.requests).toHaveLength(1);
    });
  }
});

describe("file or error envelope: decided by content", () => {
  it("an error envelope sent without Content-Type is an error, not a downloaded file", async () => {
    const seeded = ctx.server.seed({ purpose: "voice_clone", filename: "v.mp3", content: "abc" });
    ctx.server.inject({ kind: "base-resp", code: 1004, contentType: null, operation: "retrieveContent" });
    const error = await rejectionOf(clientFor(ctx.server).download(seeded.fileId, join(tmp.dir, "v.mp3")));
    expect(error).toBeInstanceOf(MiniMaxApiError);
    expect(error.code).toBe(1004);
    expect(await readdir(tmp.dir)).toEqual([]);
  });

  it("a file whose content is JSON (no base_resp) downloads byte-exact, whatever its Content-Type", async () => {
    const content = ' {"a": 1, "list": [1, 2, 3]}\n';
    const seeded = ctx.server.seed({
      purpose: "t2a_async_input",
      filename: "data.txt",
      content,
      contentType: "application/json",
    });
    const result = await clientFor(ctx.server).download(seeded.fileId, join(tmp.dir, "data.json"));
    expect(await readFile(result.path, "utf8")).toBe(content);
  });

  it("a large JSON file is streamed, not held to be checked", async () => {
    const content = `{"items":[${'"x",'.repeat(300_000)}"end"]}`;
    const seeded = ctx.server.seed({
      purpose: "t2a_async_input",
      filename: "data.txt",
      content,
      contentType: "application/json",
    });
    const client = clientFor(ctx.server, { maxResponseBytes: 1024 });
    const result = await client.download(seeded.fileId, join(tmp.dir, "data.json"));
    expect(result.bytes).toBe(content.length);
  });
});

describe("the expected length when Content-Length cannot tell: retrieve's bytes", () => {
  for (const kind of ["no-length-cut", "gzip-cut"] as const) {
    it(`${kind}: a body that looks complete but is short fails and leaves nothing`, async () => {
      const seeded = ctx.server.seed({ purpose: "t2a_async_input", filename: "a.zip", size: 256 * 1024 });
      ctx.server.inject({ kind, operation: "retrieveContent" });
      const error = await rejectionOf(
        clientFor(ctx.server, { maxRetries: 0 }).download(seeded.fileId, join(tmp.dir, "a.zip")),
      );
      expect(error).toBeInstanceOf(MiniMaxConnectionError);
      expect(error.message).toMatch(/ended after \d+ of 262144 bytes/);
      expect(await readdir(tmp.dir)).toEqual([]);
    });
  }

  it("retried after a cut, the whole file arrives", async () => {
    const seeded = ctx.server.seed({ purpose: "t2a_async_input", filename: "a.zip", size: 256 * 1024 });
    ctx.server.inject({ kind: "gzip-cut", operation: "retrieveContent" });
    const result = await clientFor(ctx.server).download(seeded.fileId, join(tmp.dir, "a.zip"));
    expect(result.bytes).toBe(256 * 1024);
  });
});

describe("server ids are validated", () => {
  const hostile = ["null", '""', "true", '"0x10"', '" 12 "', "-1", "1.5", '"abc"', '"007"', "9223372036854775808"];
  for (const ids of ["number", "string", "bigint"] as const) {
    it(`ids: "${ids}": every non-int64 file_id is a MiniMaxResponseError, never converted`, async () => {
      const seeded = ctx.server.seed({ purpose: "voice_clone", filename: "v.mp3", content: "abc" });
      const client = clientFor(ctx.server, { ids });
      for (const json of hostile) {
        for (const call of [
          () => client.list({ purpose: "voice_clone" }),
          () => client.retrieve(seeded.fileId),
          () => client.upload({ purpose: "voice_clone", file: new Uint8Array([1]), filename: "x.mp3" }),
        ]) {
          ctx.server.inject({ kind: "hostile-id", json });
          const error = await rejectionOf(call());
          // 2^63 as a bare number in number mode: the decoder says why it cannot be a number.
          const Expected =
            ids === "number" && json === "9223372036854775808" ? MiniMaxUnsafeIdError : MiniMaxResponseError;
          expect(error, `${json} in ${ids} mode`).toBeInstanceOf(Expected);
        }
      }
    });
  }

  it("a digit string is accepted as an id in number mode", async () => {
    ctx.server.seed({ purpose: "voice_clone", filename: "v.mp3", content: "abc" });
    ctx.server.inject({ kind: "hostile-id", json: '"12"' });
    expect((await clientFor(ctx.server).list({ purpose: "voice_clone" }))[0]!.file_id).toBe(12);
  });

  it("a list entry that is not an object is a MiniMaxResponseError", async () => {
    ctx.server.inject({ kind: "non-object-entry", operation: "list" });
    const error = await rejectionOf(clientFor(ctx.server).list({ purpose: "voice_clone" }));
    expect(error).toBeInstanceOf(MiniMaxResponseError);
    expect(error.message).toContain("has no file object");
  });

  it("a delete echo naming another file is a MiniMaxResponseError", async () => {
    const seeded = ctx.server.seed({ purpose: "voice_clone", filename: "v.mp3", content: "abc" });
    ctx.server.inject({ kind: "hostile-id", json: "999", operation: "delete" });
    const error = await rejectionOf(clientFor(ctx.server).delete(seeded.fileId, { purpose: "voice_clone" }));
    expect(error).toBeInstanceOf(MiniMaxResponseError);
    expect(error.message).toContain(`names file 999, not ${seeded.fileId}`);
  });
});
