/**
 * Property tests (fast-check). Run counts are fixed here and reported in docs/RELIABILITY.md; a
 * failure prints fast-check's seed and shrunk counterexample, which reproduce it.
 *
 * - decoding: arbitrary bodies and statuses give a value or a MiniMaxError, never anything else;
 *   int64 ids of any size round-trip exactly (string and bigint modes) or fail clearly (number mode).
 * - input validation: arbitrary purposes and filenames are accepted exactly when documented, and a
 *   rejection is a MiniMaxValidationError before anything is sent.
 * - download names: any server filename saves directly inside the chosen folder (see downloads.test.ts
 *   for the CLI's sanitizer; here, the client's own exact-id and validation paths).
 */
import {
  createMiniMaxFiles,
  MiniMaxApiError,
  MiniMaxError,
  MiniMaxValidationError,
  parseMiniMaxJson,
  uploadExtensions,
} from "@org/minimax-files";
import { type FakeMiniMax, startFakeMiniMax } from "@org/minimax-files-testing";
import { knownPurposes, uploadPurposes } from "@org/minimax-files-types";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type ScriptedServer, startScriptedServer } from "../src/scripted-server.js";
import { createCollector, SECRET_API_KEY } from "../src/secrets.js";

const collector = createCollector("properties");
export const RUNS = { bodies: 300, idsParse: 500, idsRoundTrip: 80, purposes: 200, filenames: 300 } as const;

const INT64_MAX = 2n ** 63n - 1n;
const SAFE_MAX = BigInt(Number.MAX_SAFE_INTEGER);
/** int64 ids, weighted toward the edges that matter: around 2^53 and at the int64 limits. */
const int64Id = fc.oneof(
  fc.bigInt({ min: 0n, max: SAFE_MAX }),
  fc.bigInt({ min: SAFE_MAX - 1_000n, max: SAFE_MAX + 1_000n }),
  fc.bigInt({ min: SAFE_MAX + 1n, max: INT64_MAX }),
  fc.constantFrom(0n, 1n, SAFE_MAX, SAFE_MAX + 1n, SAFE_MAX + 2n, INT64_MAX),
);

/** Serializes JSON with bigints written as bare digits, the way MiniMax writes int64 ids. */
function toJsonText(value: unknown, idSuffix = ""): string {
  const write = (member: unknown) => toJsonText(member, idSuffix);
  if (typeof value === "bigint") return `${value}${idSuffix}`;
  if (Array.isArray(value)) return `[${value.map(write).join(",")}]`;
  if (value !== null && typeof value === "object") {
    return `{${Object.entries(value)
      .map(([key, member]) => `${JSON.stringify(key)}:${write(member)}`)
      .join(",")}}`;
  }
  return JSON.stringify(value);
}

/** What a body decodes to in an exact mode: every bigint `file_id` as digits or bigint, the rest unchanged. */
function expectedExact(value: unknown, mode: "string" | "bigint"): unknown {
  if (typeof value === "bigint") return mode === "string" ? value.toString() : value;
  if (Array.isArray(value)) return value.map((item) => expectedExact(item, mode));
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([key, member]) => [key, expectedExact(member, mode)]));
  }
  return value;
}

function hasUnsafeId(value: unknown): boolean {
  if (typeof value === "bigint") return value > SAFE_MAX;
  if (value !== null && typeof value === "object") return Object.values(value).some(hasUnsafeId);
  return false;
}

/** A MiniMax-like body: file objects with int64 ids, nested in arrays and objects, next to other JSON. */
const fileObject = fc.record({
  file_id: int64Id,
  bytes: fc.integer({ min: 0, max: 2 ** 40 }),
  created_at: fc.integer({ min: 0, max: 2 ** 32 }),
  // Strings that look like ids or like a `"file_id": n` member must come back untouched.
  filename: fc.oneof(fc.string(), fc.constant('"file_id": 12345678901234567890'), int64Id.map(String)),
  purpose: fc.constantFrom(...uploadPurposes),
});
const otherJson = fc.oneof(
  fc.string(),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e15, max: 1e15 }).filter((x) => !Object.is(x, -0)),
);
const minimaxBody = fc.record({
  files: fc.array(fileObject, { maxLength: 5 }),
  file: fileObject,
  file_id: int64Id,
  extra: fc.dictionary(fc.string(), otherJson, { maxKeys: 3 }),
  base_resp: fc.record({ status_code: fc.constant(0), status_msg: fc.constant("success") }),
});

describe("parseMiniMaxJson over arbitrary bodies and id sizes", () => {
  test(`exact modes return every id exactly, also when written with a zero fraction (${RUNS.idsParse} runs each)`, () => {
    for (const mode of ["string", "bigint"] as const) {
      fc.assert(
        fc.property(minimaxBody, fc.constantFrom("", ".0", ".000"), (body, idSuffix) => {
          expect(parseMiniMaxJson(toJsonText(body, idSuffix), mode)).toStrictEqual(expectedExact(body, mode));
        }),
        { numRuns: RUNS.idsParse },
      );
    }
  });

  test(`number mode is exact or throws a MiniMaxError naming the fix, never rounds (${RUNS.idsParse} runs)`, () => {
    fc.assert(
      fc.property(minimaxBody, fc.constantFrom("", ".0"), (body, idSuffix) => {
        const text = toJsonText(body, idSuffix);
        if (hasUnsafeId(body)) {
          let thrown: unknown;
          try {
            parseMiniMaxJson(text, "number");
          } catch (error) {
            thrown = error;
          }
          expect(thrown).toBeInstanceOf(MiniMaxError);
          expect((thrown as Error).message).toMatch(/ids: "string" or ids: "bigint"/);
        } else {
          const parsed = parseMiniMaxJson(text, "number");
          expect(parsed).toStrictEqual(JSON.parse(text));
          expect(toJsonText(parsed)).toBe(toJsonText(body));
        }
      }),
      { numRuns: RUNS.idsParse },
    );
  });
});

describe("client over arbitrary HTTP answers", () => {
  let server: ScriptedServer;
  beforeAll(async () => {
    server = await startScriptedServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  const status = fc.oneof(
    { weight: 3, arbitrary: fc.constant(200) },
    { weight: 2, arbitrary: fc.constantFrom(201, 204, 400, 401, 404, 408, 429, 500, 502, 503) },
  );
  /** `value` is set when the text is a well-formed MiniMax success body. */
  const body: fc.Arbitrary<{ text: string; value?: unknown }> = fc.oneof(
    fc.string({ unit: "binary" }).map((text) => ({ text })),
    fc.jsonValue().map((value) => ({ text: JSON.stringify(value) })),
    { weight: 4, arbitrary: minimaxBody.map((value) => ({ text: toJsonText(value), value })) },
    fc
      .record({ code: fc.integer({ min: -5, max: 100_000 }), msg: fc.string() })
      .map(({ code, msg }) => ({ text: JSON.stringify({ base_resp: { status_code: code, status_msg: msg } }) })),
    minimaxBody.map((value) => ({ text: toJsonText(value).slice(0, -3) })),
  );
  const contentType = fc.constantFrom("application/json", "application/json; charset=utf-8", "text/html", "text/plain");

  test(`list, retrieve and delete settle with a value or a MiniMaxError (${RUNS.bodies} runs)`, async () => {
    const seen = { values: 0, apiErrors: 0, otherErrors: 0 };
    const client = createMiniMaxFiles({
      apiKey: SECRET_API_KEY,
      baseUrl: server.url,
      maxRetries: 0,
      ids: "string",
      logger: collector.logger,
    });
    await fc.assert(
      fc.asyncProperty(
        status,
        body,
        contentType,
        fc.constantFrom("list", "retrieve", "delete"),
        async (code, { text, value }, type, operation) => {
          server.reply = { status: code, headers: { "content-type": type }, body: text };
          const call =
            operation === "list"
              ? client.list({ purpose: "voice_clone" })
              : operation === "retrieve"
                ? client.retrieve("307593383186476")
                : client.delete("307593383186476", { purpose: "voice_clone" });
          const outcome = await call.then(
            (value) => ({ ok: true as const, value }),
            (error: unknown) => ({ ok: false as const, error }),
          );
          if (!outcome.ok) {
            seen[outcome.error instanceof MiniMaxApiError ? "apiErrors" : "otherErrors"]++;
            collector.error(outcome.error);
            expect(outcome.error).toBeInstanceOf(MiniMaxError);
            expect(outcome.error).not.toBeInstanceOf(MiniMaxValidationError);
            // A 200 envelope with a non-zero code is an API error carrying that code.
            const envelope = safeParse(text) as { base_resp?: { status_code?: unknown } } | undefined;
            const statusCode = envelope?.base_resp?.status_code;
            if (code === 200 && typeof statusCode === "number" && statusCode !== 0 && /json/.test(type)) {
              expect(outcome.error).toBeInstanceOf(MiniMaxApiError);
              expect((outcome.error as MiniMaxApiError).code).toBe(statusCode);
            }
            return;
          }
          // Success only for a 2xx JSON envelope that says success, with the payload's exact ids.
          seen.values++;
          expect(code).toBeGreaterThanOrEqual(200);
          expect(code).toBeLessThan(300);
          const envelope = safeParse(text) as { base_resp?: { status_code?: unknown } } | undefined;
          expect(envelope?.base_resp?.status_code).toBe(0);
          if (value && /json/.test(type)) {
            const exact = expectedExact(value, "string") as {
              files: { file_id: string }[];
              file: { file_id: string };
              file_id: string;
            };
            const got = outcome.value as any;
            if (operation === "list")
              expect(got.map((file: { file_id: unknown }) => file.file_id)).toEqual(
                exact.files.map((file) => file.file_id),
              );
            if (operation === "retrieve") expect(got.file_id).toBe(exact.file.file_id);
            if (operation === "delete") expect(got.file_id).toBe(exact.file_id);
          }
        },
      ),
      { numRuns: RUNS.bodies },
    );
    console.log(`bodies: ${JSON.stringify(seen)}`);
    // Every branch was exercised, so the property said something about each.
    expect(seen.values).toBeGreaterThan(RUNS.bodies / 20);
    expect(seen.apiErrors).toBeGreaterThan(RUNS.bodies / 20);
    expect(seen.otherErrors).toBeGreaterThan(RUNS.bodies / 20);
    console.log(`bodies: ${JSON.stringify(seen)}`);
  });
});

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

describe("ids through the fake server: list → retrieve → delete", () => {
  let server: FakeMiniMax;
  beforeAll(async () => {
    server = await startFakeMiniMax({ apiKey: SECRET_API_KEY });
  });
  afterAll(async () => {
    await server?.close();
  });

  test(`every int64 id round-trips exactly in string and bigint modes, number mode never rounds (${RUNS.idsRoundTrip} ids × 3 modes)`, async () => {
    const clients = {
      string: createMiniMaxFiles({
        apiKey: SECRET_API_KEY,
        baseUrl: server.url,
        ids: "string",
        logger: collector.logger,
      }),
      bigint: createMiniMaxFiles({
        apiKey: SECRET_API_KEY,
        baseUrl: server.url,
        ids: "bigint",
        logger: collector.logger,
      }),
      number: createMiniMaxFiles({
        apiKey: SECRET_API_KEY,
        baseUrl: server.url,
        ids: "number",
        logger: collector.logger,
      }),
    };
    const seen = { safe: 0, unsafe: 0 };
    await fc.assert(
      fc.asyncProperty(int64Id, async (id) => {
        seen[id > SAFE_MAX ? "unsafe" : "safe"]++;
        for (const mode of ["string", "bigint", "number"] as const) {
          const client = clients[mode];
          server.seed({ purpose: "voice_clone", filename: `id-${id}.mp3`, content: "x", fileId: id });
          const unsafe = id > SAFE_MAX;
          if (mode === "number" && unsafe) {
            // Every path that would decode this id as a number refuses, saying how to get it exactly.
            for (const call of [
              client.list({ purpose: "voice_clone" }),
              client.retrieve(id),
              client.retrieve(String(id)),
            ]) {
              const error = await call.then(
                () => undefined,
                (thrown: unknown) => thrown,
              );
              collector.error(error);
              expect(error).toBeInstanceOf(MiniMaxError);
              expect((error as Error).message).toMatch(/2\^53/);
            }
            await clients.string.delete(id, { purpose: "voice_clone" });
          } else {
            const expected = mode === "string" ? id.toString() : mode === "bigint" ? id : Number(id);
            const listed = await client.list({ purpose: "voice_clone" });
            const found = listed.filter((file) => file.file_id === expected);
            expect(found).toHaveLength(1);
            const [first] = found;
            if (!first) throw new Error("listed file missing");
            const retrieved = await client.retrieve(first.file_id);
            expect(retrieved.file_id).toStrictEqual(expected);
            const deleted = await client.delete(retrieved.file_id, { purpose: retrieved.purpose });
            expect(deleted.file_id).toStrictEqual(expected);
          }
          expect(server.files.some((file) => file.fileId === id)).toBe(false);
        }
      }),
      { numRuns: RUNS.idsRoundTrip },
    );
    expect(seen.safe).toBeGreaterThan(RUNS.idsRoundTrip / 10);
    expect(seen.unsafe).toBeGreaterThan(RUNS.idsRoundTrip / 10);
    console.log(`ids round trip: ${JSON.stringify(seen)}`);
  });
});

describe("input validation over arbitrary purposes and filenames", () => {
  let server: FakeMiniMax;
  beforeAll(async () => {
    server = await startFakeMiniMax({ apiKey: SECRET_API_KEY });
  });
  afterAll(async () => {
    await server?.close();
  });

  /** The formats MiniMax's upload page documents per purpose (spec/upstream/upload.yaml). */
  const documented: Record<string, string[]> = {
    voice_clone: ["mp3", "m4a", "wav"],
    prompt_audio: ["mp3", "m4a", "wav"],
    t2a_async_input: ["txt", "zip"],
    video_understanding: ["mp4", "avi", "mov", "mkv"],
  };

  test("the client's extension table is the documented one", () => {
    expect(uploadExtensions).toEqual(documented);
  });

  const rejectsBeforeSending = async (call: () => Promise<unknown>) => {
    const before = server.requests.length;
    const error = await call().then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    collector.error(error);
    expect(error).toBeInstanceOf(MiniMaxValidationError);
    expect(server.requests.length).toBe(before);
  };

  test(`a malformed purpose is refused before sending, by every operation (${RUNS.purposes} runs)`, async () => {
    const client = createMiniMaxFiles({ apiKey: SECRET_API_KEY, baseUrl: server.url, logger: collector.logger });
    const known = [...knownPurposes];
    await fc.assert(
      fc.asyncProperty(
        fc
          .oneof(
            fc.string({ unit: "binary" }),
            fc.constantFrom(...known).map((purpose) => ` ${purpose}`),
            fc.constantFrom(...known).map((p) => p.toUpperCase()),
            fc.constantFrom(...known).map((p) => p.replace("_", "-")),
          )
          .filter((purpose) => !/^[a-z][a-z0-9_]{0,63}$/.test(purpose)),
        async (purpose) => {
          await rejectsBeforeSending(() => client.list({ purpose }));
          await rejectsBeforeSending(() => client.upload({ purpose, file: new Uint8Array([1]), filename: "a.txt" }));
          await rejectsBeforeSending(() => client.delete(1, { purpose }));
        },
      ),
      { numRuns: RUNS.purposes },
    );
  });

  test(`a well-formed purpose, documented or not, is sent and MiniMax decides (${RUNS.purposes} runs)`, async () => {
    const client = createMiniMaxFiles({ apiKey: SECRET_API_KEY, baseUrl: server.url, logger: collector.logger });
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.constantFrom(...knownPurposes), fc.stringMatching(/^[a-z][a-z0-9_]{0,63}$/)),
        async (purpose) => {
          const before = server.requests.length;
          const outcome = await client.list({ purpose }).then(
            () => "listed",
            (thrown: unknown) => thrown,
          );
          if (outcome !== "listed") {
            collector.error(outcome);
            expect(outcome).toBeInstanceOf(MiniMaxApiError); // the fake's "unknown purpose", 2013
            expect(knownPurposes as readonly string[]).not.toContain(purpose);
          }
          expect(server.requests.length).toBe(before + 1);
          expect(server.requests.at(-1)?.query.purpose).toBe(purpose);
        },
      ),
      { numRuns: RUNS.purposes },
    );
  });

  /** A purpose and a name for it: half the time with an extension documented for that purpose. */
  const purposeAndName = fc.constantFrom(...uploadPurposes).chain((purpose) => {
    const extension = fc.oneof(
      fc.constantFrom(...documented[purpose]!),
      fc.constantFrom(...documented[purpose]!).map((ext) => ext.toUpperCase()),
      fc.constantFrom(...Object.values(documented).flat()),
      fc.constantFrom("exe", "mp3 ", "tar.gz", "", "MP4.exe", "txt/", "wav\\x"),
      fc.string({ maxLength: 6 }),
    );
    const name = fc
      .tuple(fc.string({ unit: "binary", maxLength: 40 }), fc.boolean(), extension)
      .map(([stem, dotted, ext]) => (dotted ? `${stem}.${ext}` : `${stem}${ext}`));
    return fc.tuple(fc.constant(purpose), name);
  });

  test(`a filename is accepted exactly when its extension is documented for the purpose (${RUNS.filenames} runs)`, async () => {
    const client = createMiniMaxFiles({ apiKey: SECRET_API_KEY, baseUrl: server.url, logger: collector.logger });
    const seen = { accepted: 0, refused: 0, namesCompared: 0 };
    await fc.assert(
      fc.asyncProperty(purposeAndName, async ([purpose, name]) => {
        const dot = name.lastIndexOf(".");
        const ext = dot >= 0 ? name.slice(dot + 1) : "";
        const accepted = ext !== "" && !/[/\\]/.test(ext) && documented[purpose]!.includes(ext.toLowerCase());
        seen[accepted ? "accepted" : "refused"]++;
        if (!accepted) {
          await rejectsBeforeSending(() => client.upload({ purpose, file: new Uint8Array([1, 2, 3]), filename: name }));
          return;
        }
        const before = server.files.length;
        const uploaded = await client.upload({ purpose, file: new Uint8Array([1, 2, 3]), filename: name });
        expect(server.files.length).toBe(before + 1);
        expect(uploaded.bytes).toBe(3);
        // Multipart carries the name intact, except the characters its header must escape.
        if (!/["\r\n]/.test(name)) {
          seen.namesCompared++;
          expect(server.files.at(-1)!.filename).toBe(name);
        }
      }),
      { numRuns: RUNS.filenames },
    );
    expect(seen.accepted).toBeGreaterThan(RUNS.filenames / 20);
    expect(seen.refused).toBeGreaterThan(RUNS.filenames / 20);
    console.log(`filenames: ${JSON.stringify(seen)}`);
  });

  test("an empty file is refused before sending, whatever its source", async () => {
    const client = createMiniMaxFiles({ apiKey: SECRET_API_KEY, baseUrl: server.url, logger: collector.logger });
    for (const file of [new Uint8Array(0), new Blob([]), new ArrayBuffer(0)]) {
      await rejectsBeforeSending(() => client.upload({ purpose: "t2a_async_input", file, filename: "empty.txt" }));
    }
  });
});
