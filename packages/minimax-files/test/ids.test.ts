// Behaviour 5: int64 file ids are never silently changed: exact in "string"/"bigint" mode, an error
// in "number" mode; ids accepted as number, bigint or digit string; big ids sent exactly.
import { describe, expect, it } from "vitest";
import { integerDigits } from "../src/ids.js";
import { fileIdToDigits, MiniMaxUnsafeIdError, MiniMaxValidationError, parseMiniMaxJson } from "../src/index.js";
import { clientFor, rejectionOf, useFakeMiniMax } from "./helpers.js";

const BIG = 2n ** 53n + 1n; // 9007199254740993: as a number it becomes ...992
const ctx = useFakeMiniMax({ idStart: BIG });

describe("parseMiniMaxJson", () => {
  const body = `{"files":[{"file_id":${BIG},"bytes":3,"filename":"n 12345678901234567890.txt"}],"base_resp":{"status_code":0}}`;

  it('"number" mode throws instead of rounding, and says which mode to use', () => {
    expect(() => parseMiniMaxJson(body)).toThrow(MiniMaxUnsafeIdError);
    expect(() => parseMiniMaxJson(body)).toThrow(
      /9007199254740993 \("file_id"\), beyond 2\^53.*ids: "string" or ids: "bigint"/,
    );
  });

  it('"string" and "bigint" modes are exact; other values and strings are untouched', () => {
    expect(parseMiniMaxJson(body, "string")).toEqual({
      files: [{ file_id: "9007199254740993", bytes: 3, filename: "n 12345678901234567890.txt" }],
      base_resp: { status_code: 0 },
    });
    expect(parseMiniMaxJson(body, "bigint")).toEqual({
      files: [{ file_id: 9007199254740993n, bytes: 3, filename: "n 12345678901234567890.txt" }],
      base_resp: { status_code: 0 },
    });
  });

  it("safe ids: number mode equals JSON.parse; exact modes type every file_id", () => {
    const safe = '{"file":{"file_id":307593383186476,"bytes":5896337},"file_id" : 42,"base_resp":{"status_code":0}}';
    expect(parseMiniMaxJson(safe)).toEqual(JSON.parse(safe));
    expect(parseMiniMaxJson(safe, "string")).toEqual({
      file: { file_id: "307593383186476", bytes: 5896337 },
      file_id: "42",
      base_resp: { status_code: 0 },
    });
    expect(parseMiniMaxJson(safe, "bigint")).toMatchObject({ file: { file_id: 307593383186476n }, file_id: 42n });
  });

  it("long digit runs inside strings, floats, and the largest safe integer are not ids to reject", () => {
    const text = `{"a":"id 9007199254740993 in text","b":"\\"file_id\\":99999999999999999","c":0.12345678901234567,"d":${Number.MAX_SAFE_INTEGER}}`;
    expect(parseMiniMaxJson(text)).toEqual(JSON.parse(text));
    expect(parseMiniMaxJson(text, "string")).toEqual(JSON.parse(text));
  });

  it("an id spelled with a zero fraction is still exact, or refused in number mode", () => {
    const text = '{"file_id":9007199254740993.0,"ratio":0.5,"big":1e300}';
    expect(parseMiniMaxJson(text, "string")).toEqual({ file_id: "9007199254740993", ratio: 0.5, big: 1e300 });
    expect(parseMiniMaxJson(text, "bigint")).toEqual({ file_id: 9007199254740993n, ratio: 0.5, big: 1e300 });
    expect(() => parseMiniMaxJson(text)).toThrow(/9007199254740993 \("file_id"\), beyond 2\^53/);
    expect(parseMiniMaxJson('{"file_id":42.0}', "string")).toEqual({ file_id: "42" });
  });

  it("the largest int64 decodes exactly; non-JSON still throws SyntaxError for the envelope to wrap", () => {
    expect(parseMiniMaxJson('{"file_id":9223372036854775807}', "bigint")).toEqual({ file_id: 2n ** 63n - 1n });
    expect(() => parseMiniMaxJson('{"file_id":1', "string")).toThrow(SyntaxError);
  });

  // Exact modes quote long `file_id` integers in the text before parsing: only real file_id keys.
  it("text that merely looks like a file_id member (in a string, or ending a longer key) is not rewritten", () => {
    const SAFE16 = 1000000000000000; // 16 digits, safe: JSON.parse keeps it as it is
    const text =
      `{"filename":"x \\"file_id\\":${BIG} and \\"file_id\\": ${SAFE16}, .txt",` +
      `"a\\"file_id":${SAFE16},"n\\\\":"file_id","file_id":${SAFE16}}`;
    const plain = JSON.parse(text);
    expect(plain.filename).toBe(`x "file_id":${BIG} and "file_id": ${SAFE16}, .txt`);
    expect(parseMiniMaxJson(text, "string")).toEqual({ ...plain, file_id: String(SAFE16) });
    expect(parseMiniMaxJson(text, "bigint")).toEqual({ ...plain, file_id: BigInt(SAFE16) });
    expect(parseMiniMaxJson(text)).toEqual(plain);
  });

  it("long file_ids: negative, beside an unsafe integer elsewhere, and spelled N.0 are all exact", () => {
    const text = `{"files":[{"file_id":-${BIG}},{"file_id" : ${BIG}.0 },{"file_id":${BIG + 2n}}],"other":${BIG + 4n}}`;
    expect(parseMiniMaxJson(text, "string")).toEqual({
      files: [{ file_id: `-${BIG}` }, { file_id: String(BIG) }, { file_id: String(BIG + 2n) }],
      other: String(BIG + 4n), // unsafe integers outside file_id are quoted as before
    });
    expect(parseMiniMaxJson(text, "bigint")).toEqual({
      files: [{ file_id: -BIG }, { file_id: BIG }, { file_id: BIG + 2n }],
      other: String(BIG + 4n),
    });
    // The first id short, a later one long: the other order of parses, the same exact result.
    const mixed = `{"files":[{"file_id":42},{"file_id":${BIG}}]}`;
    expect(parseMiniMaxJson(mixed, "string")).toEqual({ files: [{ file_id: "42" }, { file_id: String(BIG) }] });
    expect(parseMiniMaxJson(mixed, "bigint")).toEqual({ files: [{ file_id: 42n }, { file_id: BIG }] });
  });

  it("invalid JSON with a long file_id throws JSON.parse's own SyntaxError, not one about rewritten text", () => {
    for (const text of [
      `{"file_id":${BIG},}`,
      `{"file_id":0${BIG}}`,
      `["file_id":${BIG}]`,
      `{"a":"x"file_id":${BIG}}`,
    ]) {
      let expected: unknown;
      try {
        JSON.parse(text);
      } catch (error) {
        expected = error;
      }
      expect(expected, text).toBeInstanceOf(SyntaxError);
      expect(() => parseMiniMaxJson(text, "string"), text).toThrow((expected as SyntaxError).message);
    }
  });
});

describe('integerDigits (the "string" mode\'s conversion of a safe integer)', () => {
  it("gives String(n) at every boundary of its two halves, for negatives and across the safe range", () => {
    const edges = [0, -0, 1, -1, 99_999_999, 1e8, 1e8 + 1, -1e8, 307593383186476, 2 ** 53 - 1, -(2 ** 53 - 1)];
    // Every high half times 10^8, plus a low half of 0, 1 or 10^8 - 1 (where the division rounds).
    for (let high = 1; high < 90_071_992; high += 104_729) {
      for (const low of [-1, 0, 1, 99_999_999]) edges.push(high * 1e8 + low);
    }
    // A fixed pseudo-random sample (a linear congruential generator): the same numbers every run.
    let seed = 12_345;
    for (let i = 0; i < 20_000; i++) {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      edges.push(Math.floor((seed / 2 ** 31) * 2 ** 53) * (i % 2 ? 1 : -1));
    }
    const wrong = edges.filter((n) => Number.isSafeInteger(n) && integerDigits(n) !== String(n));
    expect(wrong).toEqual([]);
    expect(edges.length).toBeGreaterThan(23_000);
  });
});

describe("ids the caller passes", () => {
  it("accepts number, bigint and digit strings; sends canonical digits", () => {
    expect(fileIdToDigits(42)).toBe("42");
    expect(fileIdToDigits(BIG)).toBe("9007199254740993");
    expect(fileIdToDigits("9007199254740993")).toBe("9007199254740993");
    expect(fileIdToDigits("007")).toBe("7");
  });

  it("rejects unsafe numbers, negatives, fractions, non-digits and out-of-range values", () => {
    const bad: unknown[] = [
      2 ** 53 + 2,
      -1,
      1.5,
      Number.NaN,
      "12a",
      "-5",
      "",
      " 1",
      "1e5",
      -1n,
      2n ** 63n,
      "9223372036854775808",
      null,
    ];
    for (const id of bad) expect(() => fileIdToDigits(id as never), String(id)).toThrow(MiniMaxValidationError);
    expect(() => fileIdToDigits(2 ** 53 + 2)).toThrow(
      /may already be a rounded id. Pass the id as a digit string or a bigint/,
    );
  });

  it("an invalid id is refused before anything is sent", async () => {
    const client = clientFor(ctx.server);
    for (const call of [
      () => client.retrieve("abc"),
      () => client.retrieveContent(-1),
      () => client.delete(2 ** 60, { purpose: "voice_clone" }),
      () => client.delete(undefined as never),
      () => client.list(undefined as never),
    ]) {
      expect(await rejectionOf(call())).toBeInstanceOf(MiniMaxValidationError);
    }
    expect(ctx.server.requests).toHaveLength(0);
  });
});

describe("round trips against a server whose ids are above 2^53", () => {
  for (const ids of ["string", "bigint"] as const) {
    it(`ids: "${ids}" — upload → list → retrieve → retrieveContent → delete keeps the exact id`, async () => {
      const client = clientFor(ctx.server, { ids });
      const uploaded = await client.upload({ purpose: "voice_clone", file: new Uint8Array([1, 2]), filename: "v.wav" });
      const expected = ids === "string" ? String(BIG) : BIG;
      expect(uploaded.file_id).toBe(expected);

      const [listed] = await client.list({ purpose: "voice_clone" });
      expect(listed?.file_id).toBe(expected);
      expect((await client.retrieve(uploaded.file_id)).file_id).toBe(expected);
      expect(new Uint8Array(await (await client.retrieveContent(uploaded.file_id)).arrayBuffer())).toEqual(
        new Uint8Array([1, 2]),
      );
      expect(await client.delete(uploaded.file_id, { purpose: uploaded.purpose })).toEqual({ file_id: expected });

      expect(ctx.server.files).toHaveLength(0);
      const sent = ctx.server.requests.filter((r) => r.query.file_id !== undefined).map((r) => r.query.file_id);
      expect(sent).toEqual([String(BIG), String(BIG)]);
    });
  }

  it('the raw api client is exact too in "string" mode', async () => {
    ctx.server.seed({ purpose: "voice_clone", filename: "v.mp3", content: "x" });
    const { data } = await clientFor(ctx.server, { ids: "string" }).api.GET("/v1/files/list", {
      params: { query: { purpose: "voice_clone" } },
    });
    expect(data?.files?.[0]?.file_id).toBe(String(BIG));
  });

  it('"number" mode fails with an error that says so, instead of rounding', async () => {
    ctx.server.seed({ purpose: "voice_clone", filename: "v.mp3", content: "x" });
    const client = clientFor(ctx.server);
    const error = await rejectionOf(client.list({ purpose: "voice_clone" }));
    expect(error).toBeInstanceOf(MiniMaxUnsafeIdError);
    expect(error).toMatchObject({ name: "MiniMaxUnsafeIdError", operation: "list" });
    expect(error.message).toMatch(/ids: "string" or ids: "bigint"/);
    expect(ctx.server.requests.filter((r) => r.operation === "list")).toHaveLength(1); // not retried
    // delete's answer echoes an id "number" mode cannot hold: refused before anything is sent,
    // so the file is not deleted behind an error.
    const deleteError = await rejectionOf(client.delete(BIG, { purpose: "voice_clone" }));
    expect(deleteError).toBeInstanceOf(MiniMaxUnsafeIdError);
    expect(deleteError.message).toMatch(/ids: "string" or ids: "bigint"/);
    expect(ctx.server.requests.filter((r) => r.operation === "delete")).toHaveLength(0);
    expect(ctx.server.files).toHaveLength(1);
  });
});
