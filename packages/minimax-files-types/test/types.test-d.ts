import { describe, expectTypeOf, it } from "vitest";
import type {
  deleteFileReqPurposeValues,
  pathsV1FilesListGetParametersQueryPurposeValues,
  pathsV1FilesUploadPostRequestBodyContentMultipartFormDataPurposeValues,
} from "../src/generated/minimax-files.js";
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

// Invariants only: what the aliases mean, what the overlay guarantees and what the runtime relies
// on, read from the generated data. No upstream value (an enum member, a field list) is restated
// here: those live in spec/upstream/ alone, so a drift pull request that adds a purpose or an
// optional field arrives green (scripts/test/drift-pr.test.ts).

type HeaderParams<Op> = Op extends { parameters: { header?: infer H } } ? H : never;
type Element<List> = List extends ReadonlyArray<infer Item> ? Item : never;

describe("each purpose alias is its operation's enum from the merged spec", () => {
  it("list", () => {
    expectTypeOf<ListPurpose>().toEqualTypeOf<Element<typeof pathsV1FilesListGetParametersQueryPurposeValues>>();
    expectTypeOf<ListPurpose>().toEqualTypeOf<paths["/v1/files/list"]["get"]["parameters"]["query"]["purpose"]>();
  });

  it("upload", () => {
    expectTypeOf<UploadPurpose>().toEqualTypeOf<
      Element<typeof pathsV1FilesUploadPostRequestBodyContentMultipartFormDataPurposeValues>
    >();
  });

  it("delete", () => {
    expectTypeOf<DeletePurpose>().toEqualTypeOf<Element<typeof deleteFileReqPurposeValues>>();
    type Body = operations["deleteFile"]["requestBody"]["content"]["application/json"];
    expectTypeOf<Body["purpose"]>().toEqualTypeOf<DeletePurpose>();
  });

  it("every purpose is a string literal union, not string (the spec's enums survived generation)", () => {
    expectTypeOf<string>().not.toExtend<ListPurpose>();
    expectTypeOf<string>().not.toExtend<UploadPurpose>();
    expectTypeOf<string>().not.toExtend<DeletePurpose>();
  });
});

describe("what the overlay guarantees", () => {
  it("no operation has a header parameter (fetch sets Content-Type itself)", () => {
    type Headers = { [Name in keyof operations]: HeaderParams<operations[Name]> }[keyof operations];
    expectTypeOf<Headers>().toEqualTypeOf<undefined>();
  });

  it("retrieve's file is a FileObject with an optional download_url", () => {
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

  it("a file object's five always-present fields are required; download_url is not", () => {
    type Always = "file_id" | "bytes" | "created_at" | "filename" | "purpose";
    expectTypeOf<Pick<FileObject, Always>>().toEqualTypeOf<Required<Pick<FileObject, Always>>>();
    expectTypeOf<FileObject["download_url"]>().toEqualTypeOf<string | undefined>();
  });
});

describe("one Purpose", () => {
  it("is every operation's purposes and the documented extra, open to purposes added later", () => {
    expectTypeOf<KnownPurpose>().toEqualTypeOf<
      UploadPurpose | ListPurpose | DeletePurpose | "video_generation_input"
    >();
    expectTypeOf<KnownPurpose>().toExtend<Purpose>();
    expectTypeOf<"a_purpose_added_later">().toExtend<Purpose>();
    expectTypeOf<FileObject["purpose"]>().toExtend<Purpose>();
    expectTypeOf<number>().not.toExtend<Purpose>();
  });
});

describe("what the runtime relies on", () => {
  it("upload takes a multipart form with the file and one of its purposes", () => {
    type Form = operations["uploadFile"]["requestBody"]["content"]["multipart/form-data"];
    expectTypeOf<Form>().toExtend<{ purpose: UploadPurpose; file: Blob }>();
  });

  it("list filters by its purposes; delete names a numeric file_id", () => {
    expectTypeOf<operations["listFiles"]["parameters"]["query"]>().toExtend<{ purpose: ListPurpose }>();
    type Body = operations["deleteFile"]["requestBody"]["content"]["application/json"];
    expectTypeOf<Body["file_id"]>().toEqualTypeOf<number>();
  });
});
