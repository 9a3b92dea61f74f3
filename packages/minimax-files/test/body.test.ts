// body.ts: what an answer's headers say of its length.
import { describe, expect, it } from "vitest";
import { declaredLength } from "../src/body.js";

const answer = (headers: Record<string, string>) => new Response(null, { headers });

describe("declaredLength", () => {
  it("is the Content-Length of an uncompressed body", () => {
    expect(declaredLength(answer({ "content-length": "1234" }))).toBe(1234);
    expect(declaredLength(answer({ "content-length": "0", "content-encoding": "identity" }))).toBe(0);
  });

  it("is unknown for a compressed body (fetch inflates it; the header counts compressed bytes)", () => {
    expect(declaredLength(answer({ "content-length": "1234", "content-encoding": "gzip" }))).toBeUndefined();
  });

  it("is unknown without a usable Content-Length", () => {
    expect(declaredLength(answer({}))).toBeUndefined();
    for (const value of ["", "abc", "-1", "1.5", "1e3", "9".repeat(16)]) {
      expect(declaredLength(answer({ "content-length": value }))).toBeUndefined();
    }
  });
});
