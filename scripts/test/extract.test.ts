import { readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ExtractError, extractEmbeddedSpec } from "../src/extract.js";
import { specDir } from "../src/paths.js";

const page = "https://example.test/page.md";

describe("extractEmbeddedSpec", () => {
  it("returns the block between the ````yaml line and the closing fence, verbatim", () => {
    const md = "# Title\n\n````yaml /api.json GET /v1/files/list\nopenapi: 3.1.0\n  x: 'a'\n````\ntrailer\n";
    expect(extractEmbeddedSpec(md, page)).toEqual({
      label: "/api.json GET /v1/files/list",
      yaml: "openapi: 3.1.0\n  x: 'a'\n",
    });
  });

  it("keeps triple-backtick fences inside the block", () => {
    const md = "````yaml x\na: |\n  ```js\n  code\n  ```\n````\n";
    expect(extractEmbeddedSpec(md, page).yaml).toBe("a: |\n  ```js\n  code\n  ```\n");
  });

  it("names the page when there is no yaml block", () => {
    expect(() => extractEmbeddedSpec("# nothing here\n", page)).toThrow(ExtractError);
    expect(() => extractEmbeddedSpec("# nothing here\n", page)).toThrow(page);
  });

  it("names the page when the block is never closed", () => {
    expect(() => extractEmbeddedSpec("````yaml x\nopenapi: 3.1.0\n", page)).toThrow(/never closed/);
  });

  it("reproduces the vendored list.yaml from the offline copy of its page", async () => {
    const copy = path.resolve(specDir, "../../shared/upstream/global/file-management-list.md");
    const markdown = await readFile(copy, "utf8").catch(() => null);
    // The vendored file is the authority; the offline copy must agree with it when present.
    const vendored = await readFile(path.join(specDir, "upstream/list.yaml"), "utf8");
    expect(markdown, `offline page copy expected at ${copy}`).not.toBeNull();
    expect(extractEmbeddedSpec(markdown as string, page).yaml).toBe(vendored);
  });
});
