import { describe, expect, it } from "vitest";
import {
  deleteFileReqPurposeValues,
  pathsV1FilesListGetParametersQueryPurposeValues,
  pathsV1FilesUploadPostRequestBodyContentMultipartFormDataPurposeValues,
} from "../src/generated/minimax-files.js";
import { deletePurposes, documentedExtraPurposes, knownPurposes, listPurposes, uploadPurposes } from "../src/index.js";

// The values themselves live in the spec alone (scripts/test/spec-values.test.ts compares these
// arrays with the merged spec's enums); here: each alias is its own operation's generated list.
describe("runtime enum values come from the spec", () => {
  it("each operation's purposes are the list generated for that operation", () => {
    expect(listPurposes).toBe(pathsV1FilesListGetParametersQueryPurposeValues);
    expect(uploadPurposes).toBe(pathsV1FilesUploadPostRequestBodyContentMultipartFormDataPurposeValues);
    expect(deletePurposes).toBe(deleteFileReqPurposeValues);
  });

  it("each list is a non-empty set of strings", () => {
    for (const values of [listPurposes, uploadPurposes, deletePurposes]) {
      expect(values.length).toBeGreaterThan(0);
      expect(new Set(values).size).toBe(values.length);
      for (const value of values) expect(value).toMatch(/^[a-z0-9_]+$/);
    }
  });
});

describe("knownPurposes", () => {
  it("is every operation's purposes plus the documented extra, each once, in page order", () => {
    const all = [...uploadPurposes, ...listPurposes, ...deletePurposes, ...documentedExtraPurposes];
    expect(knownPurposes).toEqual([...new Set(all)]);
    expect(new Set(knownPurposes).size).toBe(knownPurposes.length);
    expect(knownPurposes).toContain("video_generation_input");
  });
});
