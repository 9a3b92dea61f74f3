// The public types: ids typed by mode, payloads rather than envelopes, the spec's purposes.
// `expectTypeOf` is checked by `tsc --noEmit` (the package's typecheck script); the runtime
// assertions below keep the file a real test.
import { describe, expect, expectTypeOf, it } from "vitest";
import {
  createMiniMaxFiles,
  type DeletePurpose,
  type FileObject,
  type ListPurpose,
  type MiniMaxFileObject,
  type UploadPurpose,
} from "../src/index.js";
import { clientFor, useFakeMiniMax } from "./helpers.js";

const ctx = useFakeMiniMax({ idStart: 2n ** 60n });

describe("types follow the ids mode", () => {
  it("number (default), string and bigint", async () => {
    const byNumber = createMiniMaxFiles({ apiKey: "k", baseUrl: ctx.server.url });
    const byString = clientFor(ctx.server, { ids: "string" });
    const byBigint = clientFor(ctx.server, { ids: "bigint" });
    expectTypeOf<Awaited<ReturnType<typeof byNumber.retrieve>>>().toEqualTypeOf<MiniMaxFileObject<"number">>();
    expectTypeOf<MiniMaxFileObject<"number">["file_id"]>().toEqualTypeOf<number | undefined>();
    expectTypeOf<Awaited<ReturnType<typeof byString.list>>[number]["file_id"]>().toEqualTypeOf<string | undefined>();
    expectTypeOf<Awaited<ReturnType<typeof byBigint.delete>>["fileId"]>().toEqualTypeOf<bigint>();
    // Everything but file_id is the spec's FileObject.
    expectTypeOf<Omit<MiniMaxFileObject<"bigint">, "file_id">>().toEqualTypeOf<Omit<FileObject, "file_id">>();

    type ListParams = Parameters<typeof byNumber.list>[0];
    type UploadParams = Parameters<typeof byNumber.upload>[0];
    type DeleteParams = Parameters<typeof byNumber.delete>[0];
    // Purposes are the spec's, per operation.
    expectTypeOf<ListParams["purpose"]>().toEqualTypeOf<ListPurpose>();
    expectTypeOf<UploadParams["purpose"]>().toEqualTypeOf<UploadPurpose>();
    expectTypeOf<DeleteParams["purpose"]>().toEqualTypeOf<DeletePurpose>();
    expectTypeOf<"video_generation">().toMatchTypeOf<DeletePurpose>();
    expectTypeOf<"video_generation">().not.toMatchTypeOf<UploadPurpose>();

    ctx.server.seed({ purpose: "voice_clone", filename: "v.mp3", content: "x" });
    const [asString] = await byString.list({ purpose: "voice_clone" });
    const [asBigint] = await byBigint.list({ purpose: "voice_clone" });
    expect(asString!.file_id).toBe(String(2n ** 60n));
    expect(asBigint!.file_id).toBe(2n ** 60n);
  });

  it('the raw api client returns bigint ids in "bigint" mode', async () => {
    ctx.server.seed({ purpose: "voice_clone", filename: "v.mp3", content: "x" });
    const { data } = await clientFor(ctx.server, { ids: "bigint" }).api.GET("/v1/files/list", {
      params: { query: { purpose: "voice_clone" } },
    });
    expect(data?.files?.[0]?.file_id).toBe(2n ** 60n);
  });
});
