import { describe, expect, it } from "vitest";
import { pageUrl, parseOrigin, UpstreamError } from "../src/drift/fetch-pages.js";

describe("--upstream origin", () => {
  const page = "https://platform.minimax.io/docs/api-reference/file-management-list.md";

  it("replaces scheme, host and port and keeps the page's path and query", () => {
    expect(pageUrl(page, parseOrigin("http://127.0.0.1:8080"))).toBe(
      "http://127.0.0.1:8080/docs/api-reference/file-management-list.md",
    );
    expect(pageUrl(`${page}?lang=en`, parseOrigin("https://mirror.internal/"))).toBe(
      "https://mirror.internal/docs/api-reference/file-management-list.md?lang=en",
    );
    expect(pageUrl(page, undefined)).toBe(page);
  });

  it("refuses what is not an http(s) origin", () => {
    expect(() => parseOrigin("127.0.0.1:8080")).toThrow(UpstreamError);
    expect(() => parseOrigin("ftp://127.0.0.1")).toThrow(/must be http/);
    expect(() => parseOrigin("http://127.0.0.1:8080/docs")).toThrow(/origin only/);
    expect(() => parseOrigin("http://user:secret@127.0.0.1:8080")).toThrow(/origin only/);
  });
});
