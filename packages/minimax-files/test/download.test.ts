// Behaviour 4: retrieveContent streams; download writes beside the destination, checks the length,
// renames only when complete, and leaves nothing behind on any failure.
import { createHash } from "node:crypto";
import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { generatedSha256 } from "@org/minimax-files-testing";
import { describe, expect, it } from "vitest";
import {
  MiniMaxApiError,
  MiniMaxConnectionError,
  MiniMaxLocalFileError,
  MiniMaxValidationError,
} from "../src/index.js";
import { clientFor, recordingLogger, rejectionOf, useFakeMiniMax, useTempDir } from "./helpers.js";

const ctx = useFakeMiniMax();
const tmp = useTempDir();

const MiB = 1024 * 1024;

describe("retrieveContent", () => {
  it("returns a Response whose body streams the file chunk by chunk", async () => {
    const seeded = ctx.server.seed({ purpose: "t2a_async_input", filename: "big.zip", size: 8 * MiB });
    const response = await clientFor(ctx.server).retrieveContent(seeded.fileId);
    expect(response).toBeInstanceOf(Response);
    expect(response.headers.get("content-length")).toBe(String(8 * MiB));
    const hash = createHash("sha256");
    let chunks = 0;
    let bytes = 0;
    for await (const chunk of response.body! as unknown as AsyncIterable<Uint8Array>) {
      chunks++;
      bytes += chunk.byteLength;
      hash.update(chunk);
    }
    expect(chunks).toBeGreaterThan(1);
    expect(bytes).toBe(8 * MiB);
    expect(hash.digest("hex")).toBe(generatedSha256(8 * MiB));
  });

  it("a body cut by a reset errors as MiniMaxConnectionError", async () => {
    const seeded = ctx.server.seed({ purpose: "t2a_async_input", filename: "a.zip", size: 2 * MiB });
    ctx.server.inject({ kind: "reset-mid-body", operation: "retrieveContent" });
    const response = await clientFor(ctx.server).retrieveContent(seeded.fileId);
    const error = await rejectionOf(response.arrayBuffer());
    expect(error).toBeInstanceOf(MiniMaxConnectionError);
  });
});

describe("download", () => {
  it("writes the whole file and returns its path and size", async () => {
    const seeded = ctx.server.seed({ purpose: "t2a_async_input", filename: "big.zip", size: 3 * MiB + 7 });
    const destination = join(tmp.dir, "out.zip");
    const progress: number[] = [];
    const result = await clientFor(ctx.server).download(seeded.fileId, destination, {
      onProgress: (p) => progress.push(p.loaded),
    });
    expect(result).toEqual({ path: destination, bytes: 3 * MiB + 7 });
    const written = await readFile(destination);
    expect(createHash("sha256").update(written).digest("hex")).toBe(generatedSha256(3 * MiB + 7));
    expect(progress.at(-1)).toBe(3 * MiB + 7);
    expect(await readdir(tmp.dir)).toEqual(["out.zip"]);
  });

  it("a truncated body (fewer bytes than Content-Length) leaves neither the file nor a temporary", async () => {
    const seeded = ctx.server.seed({ purpose: "t2a_async_input", filename: "a.zip", size: MiB });
    ctx.server.inject({ kind: "truncated-download", operation: "retrieveContent" });
    const error = await rejectionOf(
      clientFor(ctx.server, { maxRetries: 0 }).download(seeded.fileId, join(tmp.dir, "a.zip")),
    );
    expect(error).toBeInstanceOf(MiniMaxConnectionError);
    expect(await readdir(tmp.dir)).toEqual([]);
  });

  it("a body that ends cleanly short of Content-Length is refused (the client's own length check)", async () => {
    // A transport that reports a clean end of stream, as a proxy that closes a keep-alive-less
    // response early can: nothing but the byte count reveals the loss.
    let calls = 0;
    const fetch = async () => {
      calls++;
      return new Response("only part", {
        headers: { "content-type": "application/octet-stream", "content-length": "1000" },
      });
    };
    const error = await rejectionOf(
      clientFor(ctx.server, { fetch, maxRetries: 1 }).download(1, join(tmp.dir, "short.bin")),
    );
    expect(error).toBeInstanceOf(MiniMaxConnectionError);
    expect(error.message).toBe("download: body ended after 9 of 1000 bytes.");
    expect(calls).toBe(2); // retried once from the start
    expect(await readdir(tmp.dir)).toEqual([]);
  });

  it("checks a decompressed body against retrieve's bytes, not its compressed Content-Length", async () => {
    const fetch = async (url: string | URL | Request) =>
      new URL(String(url)).pathname.endsWith("/retrieve")
        ? Response.json({
            file: { file_id: 1, bytes: 25, created_at: 1, filename: "text.txt", purpose: "t2a_async_input" },
            base_resp: { status_code: 0, status_msg: "success" },
          })
        : new Response("hello, decompressed world", {
            headers: { "content-type": "text/plain", "content-encoding": "gzip", "content-length": "12" },
          });
    const progress: Array<{ loaded: number; total?: number }> = [];
    const result = await clientFor(ctx.server, { fetch }).download(1, join(tmp.dir, "text.txt"), {
      onProgress: (p) => progress.push(p),
    });
    expect(result.bytes).toBe(25);
    expect(await readFile(join(tmp.dir, "text.txt"), "utf8")).toBe("hello, decompressed world");
    expect(progress.at(-1)).toEqual({ loaded: 25, total: undefined });
  });

  it("a reset mid-body leaves the existing destination untouched and no temporary", async () => {
    const seeded = ctx.server.seed({ purpose: "t2a_async_input", filename: "a.zip", size: MiB });
    const destination = join(tmp.dir, "keep.zip");
    await writeFile(destination, "previous version");
    ctx.server.inject({ kind: "reset-mid-body", operation: "retrieveContent" });
    const error = await rejectionOf(clientFor(ctx.server, { maxRetries: 0 }).download(seeded.fileId, destination));
    expect(error).toBeInstanceOf(MiniMaxConnectionError);
    expect(await readdir(tmp.dir)).toEqual(["keep.zip"]);
    expect(await readFile(destination, "utf8")).toBe("previous version");
  });

  it("retries a body cut short, from the start, and then replaces the destination", async () => {
    const seeded = ctx.server.seed({ purpose: "t2a_async_input", filename: "a.zip", size: MiB });
    const destination = join(tmp.dir, "keep.zip");
    await writeFile(destination, "previous version");
    ctx.server.inject({ kind: "truncated-download", operation: "retrieveContent" });
    const result = await clientFor(ctx.server).download(seeded.fileId, destination);
    expect(result.bytes).toBe(MiB);
    expect((await readFile(destination)).byteLength).toBe(MiB);
    expect(await readdir(tmp.dir)).toEqual(["keep.zip"]);
    expect(ctx.server.requests.filter((r) => r.operation === "retrieveContent")).toHaveLength(2);
  });

  it("makes at most 1 + maxRetries requests when every body is cut short", async () => {
    const seeded = ctx.server.seed({ purpose: "t2a_async_input", filename: "a.zip", size: MiB });
    ctx.server.inject({ kind: "truncated-download", operation: "retrieveContent", times: Number.POSITIVE_INFINITY });
    const { lines, logger } = recordingLogger();
    const error = await rejectionOf(
      clientFor(ctx.server, { maxRetries: 2, logger }).download(seeded.fileId, join(tmp.dir, "a.zip")),
    );
    expect(error).toBeInstanceOf(MiniMaxConnectionError);
    expect(ctx.server.requests.filter((r) => r.operation === "retrieveContent")).toHaveLength(3);
    expect(lines.filter((line) => line.level === "warn").map((line) => line.message)).toEqual([
      expect.stringMatching(/^download: retrying in \d+ ms \(retry 1 of 2\) after: download: /),
      expect.stringMatching(/^download: retrying in \d+ ms \(retry 2 of 2\) after: /),
    ]);
    expect(await readdir(tmp.dir)).toEqual([]);
  });

  it("counts a failed request and a cut body against the same maxRetries", async () => {
    const seeded = ctx.server.seed({ purpose: "t2a_async_input", filename: "a.zip", size: MiB });
    // Each failure alone is retried; before, the request's retries ran inside each body retry (up to 9 requests).
    ctx.server.inject({ kind: "http-status", status: 503, operation: "retrieveContent" });
    ctx.server.inject({ kind: "reset-mid-body", operation: "retrieveContent" });
    ctx.server.inject({ kind: "rate-limit", operation: "retrieveContent", retryAfter: 0 });
    const error = await rejectionOf(
      clientFor(ctx.server, { maxRetries: 2 }).download(seeded.fileId, join(tmp.dir, "a.zip")),
    );
    expect(error).toBeInstanceOf(MiniMaxApiError);
    expect(error.code).toBe(1002);
    expect(ctx.server.requests.map((r) => r.fault)).toEqual(["http-status", "reset-mid-body", "rate-limit"]);
    expect(await readdir(tmp.dir)).toEqual([]);
  });

  it("a destination that cannot be written is a MiniMaxLocalFileError with the system's code, not retried", async () => {
    const seeded = ctx.server.seed({ purpose: "t2a_async_input", filename: "a.zip", size: 1024 });
    const directory = join(tmp.dir, "inbox");
    await mkdir(directory);
    // The directory is there when download checks it, and gone by the time the body arrives.
    ctx.server.inject({ kind: "slow-headers", delayMs: 300, operation: "retrieveContent" });
    const pending = rejectionOf(clientFor(ctx.server).download(seeded.fileId, join(directory, "a.zip")));
    await expect.poll(() => ctx.server.requests.length).toBe(1);
    await rm(directory, { recursive: true });
    const error = await pending;
    expect(error).toBeInstanceOf(MiniMaxLocalFileError);
    expect(error).toMatchObject({ name: "MiniMaxLocalFileError", code: "ENOENT", operation: "download" });
    expect(error.message).toMatch(/^download: cannot write the file: ENOENT/);
    expect(ctx.server.requests).toHaveLength(1);
  });

  it("a caller's abort mid-body rejects with the reason and cleans up", async () => {
    const seeded = ctx.server.seed({ purpose: "t2a_async_input", filename: "a.zip", size: 64 * MiB });
    const controller = new AbortController();
    const reason = new Error("cancelled by user");
    const error = await rejectionOf(
      clientFor(ctx.server).download(seeded.fileId, join(tmp.dir, "a.zip"), {
        signal: controller.signal,
        onProgress: ({ loaded }) => {
          if (loaded > MiB) controller.abort(reason);
        },
      }),
    );
    expect(error).toBe(reason);
    expect(await readdir(tmp.dir)).toEqual([]);
    expect(ctx.server.requests.filter((r) => r.operation === "retrieveContent")).toHaveLength(1);
  });

  it("an API error (file not found) writes nothing", async () => {
    const error = await rejectionOf(clientFor(ctx.server).download(123, join(tmp.dir, "x.zip")));
    expect(error).toBeInstanceOf(MiniMaxApiError);
    expect(error.operation).toBe("download");
    expect(await readdir(tmp.dir)).toEqual([]);
  });

  it("refuses a missing directory or a directory destination before sending", async () => {
    const client = clientFor(ctx.server);
    const missing = await rejectionOf(client.download(1, join(tmp.dir, "no", "such", "x.zip")));
    expect(missing).toBeInstanceOf(MiniMaxValidationError);
    expect(missing.message).toMatch(/does not exist/);
    const directory = await rejectionOf(client.download(1, tmp.dir));
    expect(directory).toBeInstanceOf(MiniMaxValidationError);
    expect(ctx.server.requests).toHaveLength(0);
  });
});
