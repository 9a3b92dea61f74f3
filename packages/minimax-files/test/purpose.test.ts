// One Purpose for every operation: no per-operation refusal of a purpose documented elsewhere, a
// purpose MiniMax adds later is sent (the server decides), and delete finds a file's purpose itself.
import { describe, expect, it } from "vitest";
import { MiniMaxApiError, MiniMaxValidationError } from "../src/index.js";
import { clientFor, rejectionOf, useFakeMiniMax } from "./helpers.js";

const ctx = useFakeMiniMax();
const operations = () => ctx.server.requests.map((r) => r.operation);

describe("purposes", () => {
  it("a file uploaded as video_understanding is listed and deleted with that purpose", async () => {
    const client = clientFor(ctx.server);
    const file = await client.upload({ file: new Blob(["x"]), filename: "clip.mp4", purpose: "video_understanding" });
    expect(await client.list({ purpose: "video_understanding" })).toEqual([file]);
    // The returned purpose goes back in as it is.
    expect(await client.delete(file.file_id, { purpose: file.purpose })).toEqual({ file_id: file.file_id });
    expect(ctx.server.files).toEqual([]);
  });

  it("a well-formed purpose no page lists is sent, and MiniMax's answer decides", async () => {
    const client = clientFor(ctx.server);
    const error = await rejectionOf(client.list({ purpose: "purpose_added_next_year" }));
    expect(error).toBeInstanceOf(MiniMaxApiError);
    expect(error).toMatchObject({ code: 2013, kind: "invalid_input", operation: "list" });
    expect(ctx.server.requests[0]?.query.purpose).toBe("purpose_added_next_year");
    // The China site's documented extra is accepted by the fake, as MiniMax documents it.
    const file = await client.upload({ file: new Blob(["x"]), filename: "in.mp4", purpose: "video_generation_input" });
    expect(file.purpose).toBe("video_generation_input");
  });

  it("malformed purposes are refused before sending, by every operation", async () => {
    const client = clientFor(ctx.server);
    for (const purpose of ["", "Voice_Clone", "voice clone", "x".repeat(65), 7]) {
      for (const call of [
        () => client.list({ purpose: purpose as never }),
        () => client.delete(1, { purpose: purpose as never }),
        () => client.upload({ file: new Blob(["x"]), filename: "a.txt", purpose: purpose as never }),
      ]) {
        const error = await rejectionOf(call());
        expect(error).toBeInstanceOf(MiniMaxValidationError);
        expect(error.message).toMatch(/purpose must be a lower-case identifier/);
      }
    }
    expect(ctx.server.requests).toHaveLength(0);
  });

  it("a purpose that is an Object.prototype key is sent, not mistaken for an extension list", async () => {
    const error = await rejectionOf(
      clientFor(ctx.server).upload({ file: new Blob(["x"]), filename: "a.txt", purpose: "constructor" }),
    );
    expect(error).toBeInstanceOf(MiniMaxApiError);
    expect(operations()).toEqual(["upload"]);
  });
});

describe("delete without a purpose", () => {
  it("retrieves the file to read its purpose, then deletes it", async () => {
    const seeded = ctx.server.seed({ purpose: "video_generation", filename: "out.mp4", content: "x" });
    const result = await clientFor(ctx.server).delete(seeded.fileId);
    expect(result).toEqual({ file_id: Number(seeded.fileId) });
    expect(operations()).toEqual(["retrieve", "delete"]);
    // The fake refuses a delete whose purpose differs from the file's: the looked-up one was sent.
    expect(ctx.server.files).toEqual([]);
  });

  it("a file that does not exist fails at the look-up, and no delete is sent", async () => {
    const error = await rejectionOf(clientFor(ctx.server).delete(424242));
    expect(error).toBeInstanceOf(MiniMaxApiError);
    expect(error).toMatchObject({ operation: "retrieve", kind: "invalid_input" });
    expect(operations()).toEqual(["retrieve"]);
  });

  it("the look-up is retried like any retrieve, and the delete then happens once", async () => {
    const seeded = ctx.server.seed({ purpose: "voice_clone", filename: "v.mp3", content: "x" });
    ctx.server.inject({ kind: "reset-before-headers", operation: "retrieve" });
    await clientFor(ctx.server, { retryDelay: { initialMs: 0 } }).delete(seeded.fileId);
    expect(operations()).toEqual(["retrieve", "retrieve", "delete"]);
    expect(ctx.server.files).toEqual([]);
  });

  it("the server deleted the file but the answer was lost: the retry's 'not found' means it was deleted", async () => {
    const seeded = ctx.server.seed({ purpose: "voice_clone", filename: "v.mp3", content: "x" });
    ctx.server.inject({ kind: "reset-mid-body", operation: "delete" });
    const result = await clientFor(ctx.server, { ids: "bigint", retryDelay: { initialMs: 0 } }).delete(seeded.fileId);
    // The first delete did the work; its retry finds nothing (MiniMax answers 2013), which after an
    // answer that may have followed the work means done (side-effects.test.ts has the other ways).
    expect(result).toEqual({ file_id: seeded.fileId });
    expect(ctx.server.files).toEqual([]);
    expect(operations()).toEqual(["retrieve", "delete", "delete"]);
  });
});
