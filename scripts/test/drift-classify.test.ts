import { readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { bumpFor, type Change, formatChange } from "../src/drift/changes.js";
import { compareDocuments, ruleVariants } from "../src/drift/classify/index.js";
import { specDir } from "../src/paths.js";
import {
  compareSynthetic,
  type Edit,
  RULE_CASES,
  synthetic,
  type Variant,
  variantDocuments,
} from "./fixtures/drift-cases.js";

// The classification rules (README, "Keeping up with MiniMax's docs"), one by one.

const vendored = async (name: string) => readFile(path.join(specDir, "upstream", `${name}.yaml`), "utf8");

/** Compare a vendored document with an edited copy of itself. */
async function changesAfter(name: string, edit: (doc: any) => void): Promise<Change[]> {
  const text = await vendored(name);
  const doc = parse(text);
  edit(doc);
  return compareDocuments(name, { text, doc: parse(text) }, { text: stringify(doc), doc });
}

const summary = (changes: Change[]) => changes.map(({ kind, severity }) => `${kind} ${severity}`);

function compareVariant(variant: Variant, edit: Edit): Change[] {
  const { before, after } = variantDocuments(variant, edit);
  return compareDocuments("orders", { text: stringify(before), doc: before }, { text: stringify(after), doc: after });
}

describe("every rule of RULES, one edit each", () => {
  it.each(RULE_CASES)("%s", (variant, edit, expected) => {
    const changes = compareVariant(variant, edit);
    expect(summary(changes).sort()).toEqual([...expected].sort());
    // The record of the variant's own kind carries the severity RULES gives that variant.
    const [kind, ...qualifiers] = variant.split(" / ");
    const rule = ruleVariants().find(
      (v) =>
        v.kind === kind &&
        (v.case ?? "") === (qualifiers.find((q) => q !== "request" && q !== "response") ?? "") &&
        (v.side ?? "") === (qualifiers.find((q) => q === "request" || q === "response") ?? ""),
    );
    expect(rule, `no variant ${variant} in RULES`).toBeDefined();
    expect(changes.find((change) => change.kind === kind)?.severity).toBe(rule?.severity);
  });

  it("formatting: different bytes, same document", async () => {
    const text = await vendored("list");
    const reformatted = stringify(parse(text), { lineWidth: 0 });
    expect(
      summary(compareDocuments("list", { text, doc: parse(text) }, { text: reformatted, doc: parse(reformatted) })),
    ).toEqual(["formatting non-breaking"]);
  });

  it("every variant of RULES has a row", () => {
    const covered = new Set([...RULE_CASES.map(([variant]) => variant), "formatting"]);
    const variants = ruleVariants().map((v) => [v.kind, v.case, v.side].filter(Boolean).join(" / "));
    expect(variants.filter((variant) => !covered.has(variant))).toEqual([]);
    expect([...covered].filter((variant) => !variants.includes(variant))).toEqual([]);
    // All 30 kinds, each at least once.
    expect(new Set(ruleVariants().map((v) => v.kind)).size).toBe(30);
  });
});

describe("enum values", () => {
  it("names the schema, its side and the value", () => {
    const removed = compareSynthetic((d) => d.components.schemas.Order.properties.kind.enum.pop());
    expect(removed[0]?.message).toBe('schema Order (request) property "kind": enum value removed: "b"');
    const added = compareSynthetic((d) => d.components.schemas.Status.enum.push("pending"));
    expect(added[0]?.message).toBe('schema Status (response): enum value added: "pending"');
  });

  it("a schema both sent and read gets the stricter reading either way", () => {
    expect(summary(compareSynthetic((d) => d.components.schemas.Shared.enum.push("z")))).toEqual([
      "enum-value-added breaking",
    ]);
    expect(summary(compareSynthetic((d) => d.components.schemas.Shared.enum.pop()))).toEqual([
      "enum-value-removed breaking",
    ]);
  });

  it("a schema referenced from nowhere gets the stricter reading too", () => {
    const loose = (d: any) => (d.components.schemas.Loose = { type: "string", enum: ["p", "q"] });
    const unreferenced = (edit: Edit) => {
      const before = synthetic(loose);
      const after = synthetic((d) => {
        loose(d);
        edit(d);
      });
      return compareDocuments(
        "orders",
        { text: stringify(before), doc: before },
        { text: stringify(after), doc: after },
      );
    };
    expect(summary(unreferenced((d) => d.components.schemas.Loose.enum.push("r")))).toEqual([
      "enum-value-added breaking",
    ]);
    expect(summary(unreferenced((d) => d.components.schemas.Loose.enum.pop()))).toEqual([
      "enum-value-removed breaking",
    ]);
  });

  it("names several values in one record", async () => {
    const changes = await changesAfter("delete", (doc) => {
      doc.components.schemas.DeleteFileReq.properties.purpose.enum = ["voice_clone", "prompt_audio"];
    });
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({ kind: "enum-value-removed", severity: "breaking" });
    expect(changes[0]?.message).toMatch(/enum value removed: "t2a_async", "t2a_async_input", "video_generation"$/);
  });
});

describe("properties and required-ness", () => {
  it("a property added to a response is non-breaking; removed from it is breaking", () => {
    expect(
      summary(compareSynthetic((d) => (d.components.schemas.Result.properties.extra = { type: "string" }))),
    ).toEqual(["property-added non-breaking"]);
    const removed = compareSynthetic((d) => delete d.components.schemas.Result.properties.shared);
    expect(removed).toEqual([
      {
        operation: "orders",
        path: "/components/schemas/Result/properties/shared",
        kind: "property-removed",
        severity: "breaking",
        message: 'schema Result (response) property "shared" removed',
      },
    ]);
  });

  it("a changed format is a type change, named with old and new", async () => {
    const changes = await changesAfter("retrieve", (doc) => {
      doc.components.schemas.FileObject.properties.created_at.format = "int32";
    });
    expect(changes).toEqual([
      expect.objectContaining({
        kind: "property-type-changed",
        severity: "breaking",
        message: 'schema FileObject (response) property "created_at": format "int64" → "int32"',
      }),
    ]);
  });
});

describe("parameters", () => {
  it("an optional parameter added is non-breaking, a required one breaking; becoming required breaks", async () => {
    const optional = await changesAfter("list", (doc) => {
      doc.paths["/v1/files/list"].get.parameters.push({ name: "limit", in: "query", schema: { type: "integer" } });
    });
    expect(optional).toEqual([
      {
        operation: "list",
        path: "/paths/~1v1~1files~1list/get/parameters/1",
        kind: "parameter-added",
        severity: "non-breaking",
        message: 'GET /v1/files/list: optional query parameter "limit" added',
      },
    ]);
    const required = await changesAfter("list", (doc) => {
      doc.paths["/v1/files/list"].get.parameters.push({
        name: "page",
        in: "query",
        required: true,
        schema: { type: "integer" },
      });
    });
    expect(summary(required)).toEqual(["parameter-added breaking"]);
    const relaxed = await changesAfter("list", (doc) => {
      doc.paths["/v1/files/list"].get.parameters[0].required = false;
    });
    expect(summary(relaxed)).toEqual(["parameter-required-changed non-breaking"]);
  });

  it("a parameter's type change is a parameter-type-changed, breaking", async () => {
    const changes = await changesAfter("retrieve-content", (doc) => {
      doc.paths["/v1/files/retrieve_content"].get.parameters[0].schema.type = "string";
    });
    expect(changes).toEqual([
      expect.objectContaining({
        kind: "parameter-type-changed",
        severity: "breaking",
        path: "/paths/~1v1~1files~1retrieve_content/get/parameters/0/schema/type",
        message: 'GET /v1/files/retrieve_content query parameter "file_id": type "integer" → "string"',
      }),
    ]);
  });
});

describe("operations, media types, servers, documentation", () => {
  it("one media type swapped for another is one breaking media-type-changed record", async () => {
    const changes = await changesAfter("retrieve-content", (doc) => {
      const content = doc.paths["/v1/files/retrieve_content"].get.responses["200"].content;
      content["application/octet-stream"] = content["application/json"];
      delete content["application/json"];
    });
    expect(changes).toEqual([
      {
        operation: "retrieve-content",
        path: "/paths/~1v1~1files~1retrieve_content/get/responses/200/content",
        kind: "media-type-changed",
        severity: "breaking",
        message: "GET /v1/files/retrieve_content 200 response: media type application/json → application/octet-stream",
      },
    ]);
  });

  it("server URL: names old and new", async () => {
    const changes = await changesAfter("upload", (doc) => {
      doc.servers[0].url = "https://api.minimaxi.com";
    });
    expect(changes).toEqual([
      {
        operation: "upload",
        path: "/servers",
        kind: "server-url-changed",
        severity: "breaking",
        message: "server URL changed: https://api.minimax.io → https://api.minimaxi.com",
      },
    ]);
  });

  it("descriptions and examples are documentation: non-breaking, their own kinds", async () => {
    const changes = await changesAfter("retrieve", (doc) => {
      doc.components.schemas.FileObject.properties.filename.description = "The file's name.";
      doc.components.schemas.RetrieveFileResp.example.file.bytes = 1;
    });
    expect(summary(changes).sort()).toEqual(["description-changed non-breaking", "example-changed non-breaking"]);
    expect(bumpFor(changes)).toBe("patch");
  });

  it("different bytes, same document: one formatting record and no release", async () => {
    const text = await vendored("list");
    const reformatted = stringify(parse(text), { lineWidth: 0 });
    expect(reformatted).not.toBe(text);
    const changes = compareDocuments(
      "list",
      { text, doc: parse(text) },
      { text: reformatted, doc: parse(reformatted) },
    );
    expect(changes).toEqual([expect.objectContaining({ kind: "formatting", path: "", severity: "non-breaking" })]);
    expect(bumpFor(changes)).toBe("none");
  });

  it("identical text: no change at all", async () => {
    const text = await vendored("delete");
    expect(compareDocuments("delete", { text, doc: parse(text) }, { text, doc: parse(text) })).toEqual([]);
  });
});

describe("bump", () => {
  const change = (kind: Change["kind"], severity: Change["severity"]): Change => ({
    operation: "x",
    path: "",
    kind,
    severity,
    message: "",
  });
  it("breaking → major, additions → minor, documentation → patch, formatting → none", () => {
    expect(bumpFor([change("description-changed", "non-breaking"), change("parameter-removed", "breaking")])).toBe(
      "major",
    );
    expect(bumpFor([change("description-changed", "non-breaking"), change("enum-value-added", "non-breaking")])).toBe(
      "minor",
    );
    expect(bumpFor([change("formatting", "non-breaking"), change("example-changed", "non-breaking")])).toBe("patch");
    expect(bumpFor([change("formatting", "non-breaking")])).toBe("none");
  });

  it("prints severity, operation, kind, message and pointer on one line", () => {
    expect(formatChange({ ...change("parameter-removed", "breaking"), path: "/a~1b", message: "gone" })).toMatch(
      /^breaking +x +parameter-removed +gone — at \/a~1b$/,
    );
  });
});
