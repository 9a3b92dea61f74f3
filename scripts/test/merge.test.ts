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

  it("does not refuse pages that disagree on servers: lists every server once, in page order, and says so", () => {
    const cn = { ...doc({}, {}), servers: [{ url: "https://api.example.cn" }] };
    const notices: string[] = [];
    const merged = mergeDocuments(
      [
        { name: "upstream/a.yaml", doc: doc({}, {}) },
        { name: "upstream/b.yaml", doc: cn },
        { name: "upstream/c.yaml", doc: doc({}, {}) },
      ],
      notices,
    );
    expect(merged.servers).toEqual([{ url: "https://api.example.test" }, { url: "https://api.example.cn" }]);
    expect(notices).toEqual([
      "`servers` differs between the pages (upstream/a.yaml: [https://api.example.test]; upstream/b.yaml: " +
        "[https://api.example.cn]; upstream/c.yaml: [https://api.example.test]); the merged spec lists all of them. " +
        "Not used by the generated code: the runtime's region table sets the hosts.",
    ]);
  });

  it("keeps servers as they are, with no notice, when the pages agree", () => {
    const notices: string[] = [];
    const merged = mergeDocuments(
      [
        { name: "a", doc: doc({}, {}) },
        { name: "b", doc: doc({}, {}) },
      ],
      notices,
    );
    expect(merged.servers).toEqual([{ url: "https://api.example.test" }]);
    expect(notices).toEqual([]);
  });

  it("still refuses pages that disagree on security", () => {
    const other = { ...doc({}, {}), security: [{ apiKey: [] }] };
    expect(() =>
      mergeDocuments([
        { name: "a", doc: doc({}, {}) },
        { name: "b", doc: other },
      ]),
    ).toThrow(/`security` differs between a and b/);
  });
});
