import { describe, expect, it } from "vitest";
import { MergeError, mergeDocuments, type OpenApiDocument } from "../src/merge.js";

const doc = (paths: OpenApiDocument["paths"], schemas: Record<string, unknown>): OpenApiDocument => ({
  openapi: "3.1.0",
  info: { title: "t", version: "1" },
  servers: [{ url: "https://api.example.test" }],
  paths,
  components: { schemas },
});

describe("mergeDocuments", () => {
  it("unions paths and shares identical components", () => {
    const merged = mergeDocuments([
      { name: "a", doc: doc({ "/a": { get: { operationId: "a" } } }, { Shared: { type: "string" } }) },
      { name: "b", doc: doc({ "/b": { post: { operationId: "b" } } }, { Shared: { type: "string" }, B: {} }) },
    ]);
    expect(Object.keys(merged.paths ?? {})).toEqual(["/a", "/b"]);
    expect(Object.keys(merged.components?.schemas ?? {})).toEqual(["Shared", "B"]);
  });

  it("refuses a component the pages define differently, naming both pages", () => {
    const merge = () =>
      mergeDocuments([
        { name: "upstream/a.yaml", doc: doc({}, { Shared: { type: "string" } }) },
        { name: "upstream/b.yaml", doc: doc({}, { Shared: { type: "integer" } }) },
      ]);
    expect(merge).toThrow(MergeError);
    expect(merge).toThrow(/components.schemas "Shared" differs between upstream\/a.yaml and upstream\/b.yaml/);
  });

  it("refuses pages that disagree on the server", () => {
    const other = { ...doc({}, {}), servers: [{ url: "https://elsewhere.test" }] };
    expect(() =>
      mergeDocuments([
        { name: "a", doc: doc({}, {}) },
        { name: "b", doc: other },
      ]),
    ).toThrow(/servers/);
  });
});
