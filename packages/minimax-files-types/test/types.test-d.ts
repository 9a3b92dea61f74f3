import { describe, expectTypeOf, it } from "vitest";
import type {
  DeletePurpose,
  FileObject,
  KnownPurpose,
  ListPurpose,
  operations,
  Purpose,
  paths,
  UploadPurpose,
} from "../src/index.js";

type HeaderParams<Op> = Op extends { parameters: { header?: infer H } } ? H : never;

describe("generated types pin the API's shape", () => {
  it("list's purpose is the list page's three values", () => {
    expectTypeOf<ListPurpose>().toEqualTypeOf<"voice_clone" | "prompt_audio" | "t2a_async_input">();
    expectTypeOf<operations["listFiles"]["parameters"]["query"]>().toEqualTypeOf<{ purpose: ListPurpose }>();
  });

  it("delete requires file_id and purpose, with delete's own five purposes", () => {
    type Body = operations["deleteFile"]["requestBody"]["content"]["application/json"];
    expectTypeOf<Body>().toEqualTypeOf<{ file_id: number; purpose: DeletePurpose }>();
    expectTypeOf<DeletePurpose>().toEqualTypeOf<
      "voice_clone" | "prompt_audio" | "t2a_async" | "t2a_async_input" | "video_generation"
    >();
  });

  it("upload is multipart with a required file and purpose", () => {
    type Content = operations["uploadFile"]["requestBody"]["content"];
    expectTypeOf<keyof Content>().toEqualTypeOf<"multipart/form-data">();
    expectTypeOf<Content["multipart/form-data"]>().toEqualTypeOf<{ purpose: UploadPurpose; file: Blob }>();
  });

  it("no operation requires a header parameter (fetch sets Content-Type itself)", () => {
    expectTypeOf<HeaderParams<operations["uploadFile"]>>().toEqualTypeOf<undefined>();
    expectTypeOf<HeaderParams<operations["deleteFile"]>>().toEqualTypeOf<undefined>();
    expectTypeOf<HeaderParams<operations["listFiles"]>>().toEqualTypeOf<undefined>();
    expectTypeOf<HeaderParams<operations["retrieveFile"]>>().toEqualTypeOf<undefined>();
    expectTypeOf<HeaderParams<operations["retrieveFileContent"]>>().toEqualTypeOf<undefined>();
  });

  it("retrieve's file carries an optional download_url", () => {
    type Retrieved = NonNullable<
      paths["/v1/files/retrieve"]["get"]["responses"][200]["content"]["application/json"]["file"]
    >;
    expectTypeOf<Retrieved>().toEqualTypeOf<FileObject>();
    expectTypeOf<FileObject["download_url"]>().toEqualTypeOf<string | undefined>();
  });

  it("retrieve_content's body is binary, not JSON", () => {
    type Content = operations["retrieveFileContent"]["responses"][200]["content"];
    expectTypeOf<keyof Content>().toEqualTypeOf<"application/octet-stream">();
  });

  it("a file object's documented fields are required; download_url is not", () => {
    expectTypeOf<FileObject>().toEqualTypeOf<{
      file_id: number;
      bytes: number;
      created_at: number;
      filename: string;
      purpose: string;
      download_url?: string;
    }>();
  });

  it("Purpose is every operation's values and the China site's extra, open to new ones", () => {
    expectTypeOf<KnownPurpose>().toEqualTypeOf<
      UploadPurpose | ListPurpose | DeletePurpose | "video_generation_input"
    >();
    expectTypeOf<"video_generation_input">().toExtend<Purpose>();
    expectTypeOf<"a_purpose_added_later">().toExtend<Purpose>();
    expectTypeOf<FileObject["purpose"]>().toExtend<Purpose>();
    expectTypeOf<number>().not.toExtend<Purpose>();
  });
});
