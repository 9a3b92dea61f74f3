// `client.api`: the raw openapi-fetch client, typed like the methods (ids by mode, any purpose, a
// Blob/File as upload's file) with no casts in the calls below.
import { describe, expect, expectTypeOf, it } from "vitest";
import { clientFor, useFakeMiniMax } from "./helpers.js";

const ctx = useFakeMiniMax({ idStart: 2n ** 60n });

describe("the raw api client", () => {
  it("uploads a File as multipart form data", async () => {
    const files = clientFor(ctx.server, { ids: "string" });
    const { data } = await files.api.POST("/v1/files/upload", {
      body: { purpose: "voice_clone", file: new File(["RIFF"], "sample.wav", { type: "audio/wav" }) },
    });
    expect(data?.file).toMatchObject({ file_id: String(2n ** 60n), filename: "sample.wav", bytes: 4 });
    expect(ctx.server.files[0]?.content?.toString()).toBe("RIFF");
  });

  it('"bigint" mode: ids come back as bigints and go out as exact digits, query and JSON body alike', async () => {
    const seeded = ctx.server.seed({ purpose: "video_understanding", filename: "c.mp4", content: "x" });
    const files = clientFor(ctx.server, { ids: "bigint" });
    const listed = await files.api.GET("/v1/files/list", { params: { query: { purpose: "video_understanding" } } });
    const id = listed.data?.files?.[0]?.file_id;
    expectTypeOf(id).toEqualTypeOf<bigint | undefined>();
    if (id === undefined) throw new Error("the seeded file is not listed");
    expect(id).toBe(seeded.fileId);

    const retrieved = await files.api.GET("/v1/files/retrieve", { params: { query: { file_id: id } } });
    expect(retrieved.data?.file?.file_id).toBe(id);
    const deleted = await files.api.POST("/v1/files/delete", { body: { file_id: id, purpose: "video_understanding" } });
    expect(deleted.data?.file_id).toBe(id);
    expect(ctx.server.files).toEqual([]);
  });

  it('"string" mode: a digit-string id goes into delete\'s JSON body as a number', async () => {
    const seeded = ctx.server.seed({ purpose: "voice_clone", filename: "v.mp3", content: "x" });
    const files = clientFor(ctx.server, { ids: "string" });
    // The fake refuses a string file_id in delete's body (the spec types it int64).
    const { data } = await files.api.POST("/v1/files/delete", {
      body: { file_id: String(seeded.fileId), purpose: "voice_clone" },
    });
    expect(data?.file_id).toBe(String(seeded.fileId));
    expect(ctx.server.files).toEqual([]);
  });
});
