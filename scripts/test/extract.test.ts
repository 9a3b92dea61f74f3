import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { ExtractError, extractEmbeddedSpec } from "../src/extract.js";
import { specDir } from "../src/paths.js";
import { loadSources } from "../src/sources.js";

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

  it("reproduces every vendored file from its page (copies of ../shared/upstream/global)", async () => {
    const pages = fileURLToPath(new URL("./fixtures/upstream-pages/", import.meta.url));
    for (const source of await loadSources()) {
      const markdown = await readFile(path.join(pages, path.basename(new URL(source.page).pathname)), "utf8");
      const vendored = await readFile(path.join(specDir, source.file), "utf8");
      expect(extractEmbeddedSpec(markdown, source.page).yaml, source.file).toBe(vendored);
    }
  });
});
