// The public types: one FileObject typed by the ids mode with its documented fields required, one
// open Purpose, the 1.0 calling convention, and `api` typed like the methods. `expectTypeOf` is
// checked by `tsc --noEmit` (the package's typecheck script); the runtime assertions below keep
// the file a real test.
import type { FileObject as SpecFileObject } from "@org/minimax-files-types";
import { describe, expect, expectTypeOf, it } from "vitest";
import {
  createMiniMaxFiles,
  type FileId,
  type FileObject,
  type KnownPurpose,
  type MiniMaxPromise,
  type Purpose,
  type WithResponse,
} from "../src/index.js";
import { clientFor, useFakeMiniMax } from "./helpers.js";

const ctx = useFakeMiniMax({ idStart: 2n ** 60n });

describe("types follow the ids mode", () => {
  it("number (default), string and bigint; documented fields required", async () => {
    const byNumber = createMiniMaxFiles({ apiKey: "k", baseUrl: ctx.server.url });
    const byString = clientFor(ctx.server, { ids: "string" });
    const byBigint = clientFor(ctx.server, { ids: "bigint" });
    expectTypeOf(byNumber.retrieve).returns.toEqualTypeOf<MiniMaxPromise<FileObject<"number">>>();
    expectTypeOf<FileObject["file_id"]>().toEqualTypeOf<number>();
    expectTypeOf<Awaited<ReturnType<typeof byString.list>>[number]["file_id"]>().toEqualTypeOf<string>();
    expectTypeOf<Awaited<ReturnType<typeof byBigint.delete>>>().toEqualTypeOf<{ file_id: bigint }>();
    expectTypeOf<FileObject["bytes"]>().toEqualTypeOf<number>();
    expectTypeOf<FileObject["created_at"]>().toEqualTypeOf<number>();
    expectTypeOf<FileObject["filename"]>().toEqualTypeOf<string>();
    expectTypeOf<FileObject["purpose"]>().toEqualTypeOf<Purpose>();
    expectTypeOf<FileObject["download_url"]>().toEqualTypeOf<string | undefined>();
    // Everything but file_id and purpose is the spec's FileObject.
    expectTypeOf<Omit<FileObject<"bigint">, "file_id" | "purpose">>().toEqualTypeOf<
      Omit<SpecFileObject, "file_id" | "purpose">
    >();

    ctx.server.seed({ purpose: "voice_clone", filename: "v.mp3", content: "x" });
    const [asString] = await byString.list({ purpose: "voice_clone" });
    const [asBigint] = await byBigint.list({ purpose: "voice_clone" });
    expect(asString?.file_id).toBe(String(2n ** 60n));
    expect(asBigint?.file_id).toBe(2n ** 60n);
  });

  it("one calling convention: the options last; one open Purpose everywhere", () => {
    const files = createMiniMaxFiles({ apiKey: "k", baseUrl: ctx.server.url });
    expectTypeOf(files.delete).parameter(0).toEqualTypeOf<FileId>();
    expectTypeOf(files.retrieve).parameter(0).toEqualTypeOf<FileId>();
    expectTypeOf(files.download).parameter(1).toEqualTypeOf<string>();
    expectTypeOf<Parameters<typeof files.list>[0]["purpose"]>().toEqualTypeOf<Purpose>();
    expectTypeOf<Parameters<typeof files.upload>[0]["purpose"]>().toEqualTypeOf<Purpose>();
    expectTypeOf<NonNullable<Parameters<typeof files.delete>[1]>["purpose"]>().toEqualTypeOf<Purpose | undefined>();
    // Known purposes autocomplete; a purpose added later type-checks; a returned file's goes back in.
    expectTypeOf<KnownPurpose>().toExtend<Purpose>();
    expectTypeOf<"video_understanding">().toExtend<Parameters<typeof files.list>[0]["purpose"]>();
    expectTypeOf<"a_purpose_added_later">().toExtend<Purpose>();
    expectTypeOf<FileObject["purpose"]>().toExtend<NonNullable<Parameters<typeof files.delete>[1]>["purpose"]>();
    expectTypeOf(files.list({ purpose: "voice_clone" }).withResponse()).resolves.toEqualTypeOf<
      WithResponse<FileObject[]>
    >();
    expect(typeof files.delete).toBe("function");
  });

  it('the raw api client is typed, and returns bigint ids, in "bigint" mode', async () => {
    ctx.server.seed({ purpose: "voice_clone", filename: "v.mp3", content: "x" });
    const { data } = await clientFor(ctx.server, { ids: "bigint" }).api.GET("/v1/files/list", {
      params: { query: { purpose: "voice_clone" } },
    });
    const id = data?.files?.[0]?.file_id;
    expectTypeOf(id).toEqualTypeOf<bigint | undefined>();
    expect(id).toBe(2n ** 60n);
  });
});
