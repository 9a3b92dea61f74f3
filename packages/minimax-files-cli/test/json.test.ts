import { describe, expect, it } from "vitest";
import { toJson } from "../src/json.js";

describe("toJson", () => {
  it("writes bigint ids as their exact digits", () => {
    const id = 2n ** 63n - 1n;
    const text = toJson([{ file_id: id, bytes: 5, filename: 'a"b', missing: undefined }]);
    expect(text).toContain('"file_id": 9223372036854775807,');
    expect(text).not.toContain("missing");
    // Everything but the big id is ordinary JSON.
    expect(JSON.parse(text)).toEqual([{ file_id: Number(id), bytes: 5, filename: 'a"b' }]);
  });

  it("matches JSON.stringify on values without bigints", () => {
    const value = { a: [1, "x", null, true, { b: [] }], c: {}, d: "\u0000é" };
    expect(toJson(value)).toBe(JSON.stringify(value, null, 2));
  });
});
