// Upload and delete change what the server holds. When an attempt's answer is lost after the server
// did the work, a blind retry stores a second file or reports a done delete as failed: these tests
// make the fake do the work and then lose the answer, and count what the server holds.
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Fault } from "@org/minimax-files-testing";
import { fileOperations } from "@org/minimax-files-types";
import { describe, expect, it } from "vitest";
import { MiniMaxApiError, MiniMaxConnectionError, MiniMaxError, shouldRetry } from "../src/index.js";
import { clientFor, recordingLogger, rejectionOf, useFakeMiniMax, useTempDir } from "./helpers.js";

const ctx = useFakeMiniMax();
const tmp = useTempDir();

const sample = async () => {
  const path = join(tmp.dir, "sample.mp3");
  await writeFile(path, Buffer.alloc(4096, 7));
  return path;
};
const uploads = () => ctx.server.requests.filter((r) => r.operation === "upload");
const lists = () => ctx.server.requests.filter((r) => r.operation === "list");

describe("upload after its answer was lost: reconciled, never stored twice", () => {
  const lost: Array<[string, Fault]> = [
    ["store-then-reset", { kind: "reset-before-headers", afterWork: true, operation: "upload" }],
    ["store-then-502", { kind: "http-status", status: 502, afterWork: true, operation: "upload" }],
    ["store-then-base-resp-1000", { kind: "base-resp", code: 1000, afterWork: true, operation: "upload" }],
    ["store-then-cut-body", { kind: "truncated-download", operation: "upload" }],
  ];
  for (const [name, fault] of lost) {
    it(`${name}: one stored file, adopted, and no second upload`, async () => {
      ctx.server.inject(fault);
      const file = await clientFor(ctx.server, { ids: "string" }).upload({
        purpose: "voice_clone",
        file: await sample(),
      });
      expect(ctx.server.files).toHaveLength(1);
      expect(file.file_id).toBe(String(ctx.server.files[0]!.fileId));
      expect(file).toMatchObject({ filename: "sample.mp3", bytes: 4096 });
      expect(uploads()).toHaveLength(1);
      expect(lists()).toHaveLength(1);
    });
  }

  it("store-then-hang: the attempt times out, the stored file is adopted", async () => {
    ctx.server.inject({
      kind: "slow-headers",
      delayMs: Number.POSITIVE_INFINITY,
      afterWork: true,
      operation: "upload",
    });
    const file = await clientFor(ctx.server, { timeoutMs: 300 }).upload({
      purpose: "voice_clone",
      file: await sample(),
    });
    expect(ctx.server.files).toHaveLength(1);
    expect(file.file_id).toBe(Number(ctx.server.files[0]!.fileId));
    expect(uploads()).toHaveLength(1);
  });

  it("the answer lost before the store: nothing matches, so it is sent again, once", async () => {
    ctx.server.inject({ kind: "reset-before-headers", operation: "upload" });
    await clientFor(ctx.server).upload({ purpose: "voice_clone", file: await sample() });
    expect(ctx.server.files).toHaveLength(1);
    expect(uploads()).toHaveLength(2);
    expect(lists()).toHaveLength(1);
  });

  it("an identical file stored before the attempt began (beyond the skew allowance) is not adopted", async () => {
    const old = ctx.server.seed({
      purpose: "voice_clone",
      filename: "sample.mp3",
      content: Buffer.alloc(4096, 7),
      createdAt: Math.floor(Date.now() / 1000) - 3600,
    });
    ctx.server.inject({ kind: "reset-before-headers", operation: "upload" });
    const file = await clientFor(ctx.server, { ids: "bigint" }).upload({
      purpose: "voice_clone",
      file: await sample(),
    });
    expect(file.file_id).not.toBe(old.fileId);
    expect(ctx.server.files).toHaveLength(2);
  });

  it("a file of the same name but another size is not adopted", async () => {
    ctx.server.seed({ purpose: "voice_clone", filename: "sample.mp3", content: "other" });
    ctx.server.inject({ kind: "reset-before-headers", operation: "upload" });
    await clientFor(ctx.server).upload({ purpose: "voice_clone", file: await sample() });
    expect(ctx.server.files.map((f) => f.bytes).sort()).toEqual([4096, 5]);
  });

  it("rate limits (1002, 1039, HTTP 429) come before storing: plain retry, no list", async () => {
    ctx.server.inject({ kind: "rate-limit", code: 1002, retryAfter: 0, operation: "upload" });
    ctx.server.inject({ kind: "rate-limit", code: 1039, retryAfter: 0, operation: "upload" });
    ctx.server.inject({ kind: "rate-limit", http: true, retryAfter: 0, operation: "upload" });
    await clientFor(ctx.server, { maxRetries: 3 }).upload({ purpose: "voice_clone", file: await sample() });
    expect(uploads()).toHaveLength(4);
    expect(lists()).toHaveLength(0);
    expect(ctx.server.files).toHaveLength(1);
  });

  it("reconciliation failing too: the error says the file may have been stored, naming filename and purpose", async () => {
    ctx.server.inject({ kind: "http-status", status: 502, afterWork: true, operation: "upload" });
    ctx.server.inject({ kind: "http-status", status: 503, operation: "list", times: 3 });
    const error = await rejectionOf(
      clientFor(ctx.server).upload({ purpose: "voice_clone", file: await sample() }, { maxRetries: 2 }),
    );
    expect(error).toBeInstanceOf(MiniMaxApiError);
    expect(error.httpStatus).toBe(502);
    expect(error.message).toContain('"sample.mp3" (purpose voice_clone) may have been stored');
    expect(error.message).toContain("checking for it failed");
    expect(uploads()).toHaveLength(1);
    expect(ctx.server.files).toHaveLength(1);
  });

  it("out of retries after an ambiguous failure: not re-sent, and the error says it may have been stored", async () => {
    ctx.server.inject({ kind: "reset-before-headers", afterWork: true, operation: "upload" });
    const error = await rejectionOf(
      clientFor(ctx.server, { maxRetries: 0 }).upload({ purpose: "voice_clone", file: await sample() }),
    );
    expect(error).toBeInstanceOf(MiniMaxConnectionError);
    expect(error.message).toContain('"sample.mp3" (purpose voice_clone) may have been stored');
    expect(ctx.server.files).toHaveLength(1);
  });

  it("the raw api client does not repeat an upload whose answer was lost", async () => {
    ctx.server.inject({ kind: "http-status", status: 502, afterWork: true, operation: "upload" });
    const form = new FormData();
    form.set("purpose", "voice_clone");
    form.set("file", new Blob(["abc"]), "a.mp3");
    const error = await rejectionOf(
      clientFor(ctx.server).api.POST("/v1/files/upload", {
        body: form as never,
        bodySerializer: (body) => body as unknown as FormData,
      }),
    );
    expect(error.message).toContain("not retried: the request may have reached MiniMax");
    expect(uploads()).toHaveLength(1);
    expect(ctx.server.files).toHaveLength(1);
  });

  it("shouldRetry: a side effect that may have been done is repeated only by a caller that handles it", () => {
    const lostAnswer = new MiniMaxConnectionError("reset");
    const context = { operation: fileOperations.upload, attempt: 0, maxRetries: 2, mayHaveReachedServer: true };
    expect(shouldRetry(lostAnswer, context)).toBe(false);
    expect(shouldRetry(lostAnswer, { ...context, mayHaveReachedServer: false })).toBe(true);
    expect(shouldRetry(lostAnswer, { ...context, handlesSideEffect: true })).toBe(true);
    const rateLimited = new MiniMaxApiError("rate", { httpStatus: 200, code: 1002 });
    expect(shouldRetry(rateLimited, context)).toBe(true);
    expect(shouldRetry(lostAnswer, { ...context, operation: fileOperations.list })).toBe(true);
  });
});

describe("delete after its answer was lost: the repeat's 'not found' is success", () => {
  const lost: Array<[string, Fault]> = [
    ["delete-then-504", { kind: "http-status", status: 504, afterWork: true, operation: "delete" }],
    ["delete-then-reset", { kind: "reset-before-headers", afterWork: true, operation: "delete" }],
    ["delete-then-1000", { kind: "base-resp", code: 1000, afterWork: true, operation: "delete" }],
  ];
  for (const [name, fault] of lost) {
    it(`${name}: resolves with the id, the file is gone`, async () => {
      const seeded = ctx.server.seed({ purpose: "voice_clone", filename: "v.mp3", content: "x" });
      ctx.server.inject(fault);
      const { lines, logger } = recordingLogger();
      const result = await clientFor(ctx.server, { ids: "bigint", logger }).delete(seeded.fileId, {
        purpose: "voice_clone",
      });
      expect(result).toEqual({ file_id: seeded.fileId });
      expect(ctx.server.files).toHaveLength(0);
      const deletes = ctx.server.requests.filter((r) => r.operation === "delete");
      expect(deletes.map((r) => [r.performed, r.statusCode])).toEqual([
        [true, fault.kind === "base-resp" ? 1000 : undefined],
        [false, 2013],
      ]);
      expect(lines.filter((l) => l.level === "warn")).toHaveLength(1);
    });
  }

  it("a 2013 on the first attempt is still an error: nothing says the file ever existed", async () => {
    const error = await rejectionOf(clientFor(ctx.server).delete(424242, { purpose: "voice_clone" }));
    expect(error).toBeInstanceOf(MiniMaxApiError);
    expect(error.code).toBe(2013);
  });

  it("a 2013 after a rate limit (answered before any work) is still an error", async () => {
    ctx.server.inject({ kind: "rate-limit", retryAfter: 0, operation: "delete" });
    const error = await rejectionOf(clientFor(ctx.server).delete(424242, { purpose: "voice_clone" }));
    expect(error).toBeInstanceOf(MiniMaxError);
    expect(error.code).toBe(2013);
  });
});
