// The typed methods (client.ts): each returns the payload. Purposes: purpose.test.ts.
import { describe, expect, it } from "vitest";
import { clientFor, useFakeMiniMax } from "./helpers.js";

const ctx = useFakeMiniMax();

describe("success returns the payload, not the envelope", () => {
  it("list returns the files array, retrieve and upload the file object, delete { file_id }", async () => {
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

    expect(await client.delete(seeded.fileId, { purpose: "t2a_async_input" })).toEqual({
      file_id: Number(seeded.fileId),
    });
    expect(server.files.map((f) => f.filename)).toEqual(["h.txt"]);
  });
});
