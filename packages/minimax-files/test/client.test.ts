// The typed methods (client.ts): each returns the payload, and refuses what its own spec page
// does not accept before anything is sent.
import { describe, expect, it } from "vitest";
import { MiniMaxApiError, MiniMaxValidationError } from "../src/index.js";
import { clientFor, rejectionOf, useFakeMiniMax } from "./helpers.js";

const ctx = useFakeMiniMax();

describe("success returns the payload, not the envelope", () => {
  it("list returns the files array, retrieve and upload the file object, delete { fileId }", async () => {
    const { server } = ctx;
    const seeded = server.seed({ purpose: "t2a_async_input", filename: "story.txt", content: "once upon a time" });
    const client = clientFor(server);

    const files = await client.list({ purpose: "t2a_async_input" });
    expect(files).toEqual([
      {
        file_id: Number(seeded.fileId),
        bytes: 16,
        created_at: seeded.createdAt,
        filename: "story.txt",
        purpose: "t2a_async_input",
      },
    ]);
    const file = await client.retrieve(seeded.fileId);
    expect(file).toMatchObject({ file_id: Number(seeded.fileId), filename: "story.txt", bytes: 16 });
    expect(file).not.toHaveProperty("base_resp");

    const uploaded = await client.upload({ purpose: "t2a_async_input", file: new Blob(["hello"]), filename: "h.txt" });
    expect(uploaded).toMatchObject({ filename: "h.txt", bytes: 5, purpose: "t2a_async_input" });
    expect(typeof uploaded.file_id).toBe("number");

    expect(await client.delete({ fileId: seeded.fileId, purpose: "t2a_async_input" })).toEqual({
      fileId: Number(seeded.fileId),
    });
    expect(server.files.map((f) => f.filename)).toEqual(["h.txt"]);
  });
});

describe("purposes, per operation", () => {
  it("list and delete refuse a purpose their own page does not list, naming the ones it does", async () => {
    const client = clientFor(ctx.server);
    const list = await rejectionOf(client.list({ purpose: "video_understanding" as never }));
    expect(list).toBeInstanceOf(MiniMaxValidationError);
    expect(list.message).toBe(
      'list: unknown purpose "video_understanding"; list accepts voice_clone, prompt_audio, t2a_async_input.',
    );
    const deletion = await rejectionOf(client.delete({ fileId: 1, purpose: "video_understanding" as never }));
    expect(deletion).toBeInstanceOf(MiniMaxValidationError);
    expect(deletion.message).toMatch(
      /delete accepts voice_clone, prompt_audio, t2a_async, t2a_async_input, video_generation/,
    );
    expect(ctx.server.requests).toHaveLength(0);

    // An output of another MiniMax API: only delete's page lists it, and the request goes out.
    const missing = await rejectionOf(client.delete({ fileId: 1, purpose: "video_generation" }));
    expect(missing).toBeInstanceOf(MiniMaxApiError);
    expect(ctx.server.requests).toHaveLength(1);
  });
});
