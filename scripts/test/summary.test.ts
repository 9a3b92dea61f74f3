import { describe, expect, it } from "vitest";
import { buildSpec } from "../src/generate.js";
import { summarize } from "../src/summary.js";

describe("summary", () => {
  it("lists the five operations with their parameters and media types", async () => {
    const lines = summarize(await buildSpec());
    expect(lines).toHaveLength(5);
    expect(lines.find((l) => l.startsWith("listFiles"))).toMatch(/GET +\/v1\/files\/list .*query:purpose\b/);
    expect(lines.find((l) => l.startsWith("uploadFile"))).toMatch(/params\[\] body\[multipart\/form-data\]/);
    expect(lines.find((l) => l.startsWith("retrieveFileContent"))).toMatch(/→ application\/octet-stream$/);
  });
});
