// `.withResponse()`: a successful call's raw Response and Trace-Id beside its data.
import { describe, expect, it } from "vitest";
import { MiniMaxApiError } from "../src/index.js";
import { clientFor, rejectionOf, useFakeMiniMax, useTempDir } from "./helpers.js";

const ctx = useFakeMiniMax();
const tmp = useTempDir();
const lastTraceId = () => ctx.server.requests.at(-1)?.traceId;

describe("withResponse", () => {
  it("every method resolves { data, response, traceId } for the request that produced the data", async () => {
    const client = clientFor(ctx.server);
    const upload = await client
      .upload({ file: new Blob(["hello"]), filename: "h.txt", purpose: "t2a_async_input" })
      .withResponse();
    expect(upload.data).toMatchObject({ filename: "h.txt", bytes: 5 });
    expect(upload.response.status).toBe(200);
    expect(upload.traceId).toBe(lastTraceId());
    const id = upload.data.file_id;

    const list = await client.list({ purpose: "t2a_async_input" }).withResponse();
    expect(list.data).toEqual([upload.data]);
    expect(list.traceId).toBe(lastTraceId());

    const retrieve = await client.retrieve(id).withResponse();
    expect(retrieve.data.file_id).toBe(id);
    expect(retrieve.response.headers.get("content-type")).toMatch(/json/);

    const content = await client.retrieveContent(id).withResponse();
    expect(content.data).toBe(content.response);
    expect(await content.data.text()).toBe("hello");
    expect(content.traceId).toBe(lastTraceId());

    const download = await client.download(id, `${tmp.dir}/h.txt`).withResponse();
    expect(download.data).toEqual({ path: `${tmp.dir}/h.txt`, bytes: 5 });
    expect(download.traceId).toBe(lastTraceId());

    // Without a purpose, delete makes two requests: the response is the delete's own.
    const deleted = await client.delete(id).withResponse();
    expect(deleted.data).toEqual({ file_id: id });
    expect(ctx.server.requests.slice(-2).map((r) => r.operation)).toEqual(["retrieve", "delete"]);
    expect(deleted.traceId).toBe(lastTraceId());
    expect(new Set(ctx.server.requests.map((r) => r.traceId)).size).toBe(ctx.server.requests.length);
  });

  it("awaiting the call itself still gives just the data", async () => {
    const files = await clientFor(ctx.server).list({ purpose: "voice_clone" });
    expect(files).toEqual([]);
  });

  it("a failed call rejects withResponse() with the same typed error, and nothing goes unhandled", async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on("unhandledRejection", onUnhandled);
    try {
      ctx.server.inject({ kind: "base-resp", code: 1004 });
      const error = await rejectionOf(clientFor(ctx.server).list({ purpose: "voice_clone" }).withResponse());
      expect(error).toBeInstanceOf(MiniMaxApiError);
      expect(error.traceId).toBe(lastTraceId());
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(unhandled).toEqual([]);
    } finally {
      process.off("unhandledRejection", onUnhandled);
    }
  });
});
