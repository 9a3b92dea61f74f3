import { readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { deletePurposes, listPurposes, uploadPurposes } from "../../packages/minimax-files-types/src/index.js";
import { MERGED_SPEC } from "../src/generate.js";
import { repoRoot } from "../src/paths.js";

// The types package's runtime purpose lists are the merged spec's enums, in the spec's order: the
// one place these values are checked, read from the spec rather than restated.
const spec = parse(await readFile(path.join(repoRoot, MERGED_SPEC), "utf8"));

describe("the types package's purpose lists are the merged spec's enums", () => {
  it("list: the purpose query parameter", () => {
    const parameter = spec.paths["/v1/files/list"].get.parameters.find((p: { name: string }) => p.name === "purpose");
    expect(listPurposes).toEqual(parameter.schema.enum);
  });

  it("upload: the multipart form's purpose", () => {
    const form = spec.paths["/v1/files/upload"].post.requestBody.content["multipart/form-data"].schema;
    expect(uploadPurposes).toEqual(form.properties.purpose.enum);
  });

  it("delete: DeleteFileReq.purpose", () => {
    expect(deletePurposes).toEqual(spec.components.schemas.DeleteFileReq.properties.purpose.enum);
  });
});
