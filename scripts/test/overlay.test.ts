import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { buildSpec } from "../src/generate.js";
import { copySpec } from "./helpers.js";

describe("overlay", () => {
  it("fails generation naming the action whose target was removed upstream", async () => {
    const dir = await copySpec();
    const file = path.join(dir, "upstream/retrieve.yaml");
    const text = await readFile(file, "utf8");
    // Upstream fixes (or drops) the example the overlay patches: the action matches nothing.
    await writeFile(file, text.replace(/\n {6}example:\n {8}file:[\s\S]*?status_msg: success\n/, "\n"));
    await expect(buildSpec({ specDir: dir })).rejects.toThrow(/retrieve example's \$\{file_id\} placeholder/);
  });

  it("fails naming the Content-Type action when upload no longer declares the header", async () => {
    const dir = await copySpec();
    const file = path.join(dir, "upstream/upload.yaml");
    const text = await readFile(file, "utf8");
    const without = text.replace(/ {6}parameters:\n[\s\S]*?default: multipart\/form-data\n/, "");
    expect(without).not.toBe(text);
    await writeFile(file, without);
    await expect(buildSpec({ specDir: dir })).rejects.toThrow(/upload's required Content-Type header parameter/);
  });

  it("removes every defect it names", async () => {
    const fixed = (await buildSpec()) as any;
    const raw = (await buildSpec({ withoutOverlay: true })) as any;
    const headerParams = (doc: any, route: string) =>
      (doc.paths[route].post.parameters ?? []).filter((p: { in: string }) => p.in === "header");
    expect(headerParams(raw, "/v1/files/upload")).toHaveLength(1);
    expect(headerParams(fixed, "/v1/files/upload")).toHaveLength(0);
    expect(headerParams(fixed, "/v1/files/delete")).toHaveLength(0);
    expect(Object.keys(fixed.paths["/v1/files/retrieve_content"].get.responses["200"].content)).toEqual([
      "application/octet-stream",
    ]);
    expect(fixed.components.schemas.FileObject.properties.download_url).toMatchObject({ type: "string" });
    expect(JSON.stringify(fixed)).not.toContain("${file_id}");
    expect(JSON.stringify(raw)).toContain("${file_id}");
  });
});
