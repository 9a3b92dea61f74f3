// The protocol facts (@org/minimax-files-types, protocol.ts) against the spec they describe.
import { readFile } from "node:fs/promises";
import {
  baseRespCodes,
  baseRespMessages,
  errorHint,
  fileIdDigits,
  fileOperationAt,
  fileOperations,
  isPurposeOf,
  parseFileId,
  writeJson,
} from "@org/minimax-files-types";
import { describe, expect, it } from "vitest";
import { retryableStatusCodes } from "../src/index.js";

// Read as text: the lines needed are plain, and the client has no YAML parser to depend on.
const spec = await readFile(new URL("../../../spec/minimax-files.openapi.yaml", import.meta.url), "utf8");

describe("base_resp codes", () => {
  it("the table covers every code the spec's status_code descriptions list", () => {
    // The descriptions list codes as "- 1000, Unknown error;".
    const listed = new Set([...spec.matchAll(/^\s+- (\d+), /gm)].map((match) => Number(match[1])));
    expect(listed.size).toBeGreaterThanOrEqual(10);
    const missing = [...listed].filter((code) => baseRespCodes[code] === undefined);
    expect(missing, "codes the spec lists but protocol.ts does not describe").toEqual([]);
  });

  it("retryable codes are the table's, and every code has a kind, a message and a hint", () => {
    const retryable = Object.entries(baseRespCodes).filter(([, row]) => row.retryable);
    expect([...retryableStatusCodes]).toEqual(retryable.map(([code]) => Number(code)));
    for (const [code, row] of Object.entries(baseRespCodes)) {
      expect(baseRespMessages[Number(code)], `code ${code}`).toMatch(/\S/);
      expect(errorHint({ code: Number(code), kind: row.kind }), `code ${code}`).not.toBe("");
    }
    expect(Object.keys(baseRespMessages), "a message for no code, or a code without one").toEqual(
      Object.keys(baseRespCodes),
    );
    expect(errorHint({ code: 1039, kind: "rate_limit" })).toMatch(/TPM/);
    expect(errorHint({ code: 1002, kind: "rate_limit" })).toMatch(/requests per minute/);
  });
});

describe("operations", () => {
  it("each row's method and path are an operation of the spec, with its purposes", () => {
    const specOperations = [...spec.matchAll(/^ {2}(\/\S+):\n {4}(get|post):/gm)].map(
      ([, path, method]) => `${method?.toUpperCase()} ${path}`,
    );
    expect(specOperations.sort()).toEqual(
      Object.values(fileOperations)
        .map((o) => `${o.method} ${o.path}`)
        .sort(),
    );
    for (const operation of Object.values(fileOperations)) {
      expect(fileOperationAt(`/proxy${operation.path}`)).toBe(operation);
    }
    expect(fileOperationAt("/v1/files/retrieve")?.name).toBe("retrieve");
    expect(fileOperationAt("/v1/files/retrieve_content")?.streamed).toBe(true);
    expect(
      Object.values(fileOperations)
        .filter((o) => o.sideEffect)
        .map((o) => o.name),
    ).toEqual(["upload", "delete"]);
    expect(isPurposeOf("list", "t2a_async_input")).toBe(true);
    expect(isPurposeOf("list", "video_understanding")).toBe(false);
    expect(isPurposeOf("delete", "video_generation")).toBe(true);
    expect(isPurposeOf("retrieve", "voice_clone")).toBe(false);
  });
});

describe("int64 ids and JSON", () => {
  it("reads digits exactly up to 2^63-1 and refuses everything else", () => {
    expect(parseFileId("9223372036854775807")).toBe(2n ** 63n - 1n);
    for (const text of ["9223372036854775808", "-1", "1.0", "", " 1", "12ab", "1".repeat(20), null]) {
      expect(parseFileId(text), String(text)).toBeUndefined();
    }
    expect(fileIdDigits(2n ** 63n - 1n)).toEqual({ digits: "9223372036854775807" });
    expect(fileIdDigits("007")).toEqual({ digits: "7" });
    expect(fileIdDigits(2 ** 53)).toEqual({ problem: expect.stringMatching(/beyond 2\^53/) });
  });

  it("writes bigints as bare digits and otherwise matches JSON.stringify, compact and indented", () => {
    const value = { a: [1, "x", null, true, undefined, { b: [] }], c: {}, d: "\u0000é", e: undefined };
    expect(writeJson(value)).toBe(JSON.stringify(value));
    expect(writeJson(value, "  ")).toBe(JSON.stringify(value, null, 2));
    expect(writeJson({ file_id: 2n ** 63n - 1n, ids: [1n] })).toBe('{"file_id":9223372036854775807,"ids":[1]}');
  });
});
