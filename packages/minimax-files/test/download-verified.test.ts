// download, verified: the temporary file exists before anything can fail, temporary names are
// short, no-clobber holds at the final rename, a replaced file keeps its mode, and a body is held
// to the length the caller expects when the answer itself cannot say.

import { createHash, pbkdf2 } from "node:crypto";
import { chmod, readdir, readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { generatedSha256 } from "@org/minimax-files-testing";
import { describe, expect, it } from "vitest";
import {
  MiniMaxConnectionError,
  MiniMaxLocalFileError,
  MiniMaxResponseError,
  MiniMaxValidationError,
} from "../src/index.js";
import { clientFor, rejectionOf, useFakeMiniMax, useTempDir } from "./helpers.js";

const ctx = useFakeMiniMax();
const tmp = useTempDir();
const MiB = 1024 * 1024;
const pbkdf2Async = promisify(pbkdf2);

describe("temporary file", () => {
  it("a body that fails at once leaves no temporary file, even when opening files is slow", async () => {
    // The body errors before its first byte, so cleanup runs at once, while a busy libuv thread
    // pool delays every file open. The reliability suite once found a `.part` left under load;
    // opening the file before streaming rules out an open that lands after the cleanup. (This
    // guards the invariant; it did not reproduce that flake on the previous code.)
    const fetch = async () =>
      new Response(
        new ReadableStream({
          start(controller) {
            controller.error(new TypeError("terminated"));
          },
        }),
        { headers: { "content-type": "application/octet-stream" } },
      );
    const busy = Array.from({ length: 8 }, () => pbkdf2Async("x", "salt", 400_000, 32, "sha256"));
    const error = await rejectionOf(
      clientFor(ctx.server, { fetch, maxRetries: 0 }).download(1, join(tmp.dir, "f.bin")),
    );
    expect(error.message).toMatch(/terminated/);
    await Promise.all(busy);
    expect(await readdir(tmp.dir)).toEqual([]);
  });

  it("a legal 250-byte filename downloads (the temporary name does not grow with it)", async () => {
    const seeded = ctx.server.seed({ purpose: "t2a_async_input", filename: "a.txt", content: "long name" });
    const name = `${"y".repeat(246)}.txt`;
    const result = await clientFor(ctx.server).download(seeded.fileId, join(tmp.dir, name));
    expect(result.bytes).toBe(9);
    expect(await readdir(tmp.dir)).toEqual([name]);
  });

  it("is named .minimax-files-<12 hex>.part while the transfer runs", async () => {
    const seeded = ctx.server.seed({ purpose: "t2a_async_input", filename: "a.zip", size: 8 * MiB });
    const controller = new AbortController();
    let listing: Promise<string[]> | undefined;
    await rejectionOf(
      clientFor(ctx.server).download(seeded.fileId, join(tmp.dir, "b.zip"), {
        signal: controller.signal,
        onProgress: ({ loaded }) => {
          if (loaded > MiB) listing ??= readdir(tmp.dir).finally(() => controller.abort(new Error("enough")));
        },
      }),
    );
    expect(await listing).toEqual([expect.stringMatching(/^\.minimax-files-[0-9a-f]{12}\.part$/)]);
    expect(await readdir(tmp.dir)).toEqual([]);
  });
});

describe("overwrite", () => {
  it("overwrite: false refuses an existing destination before sending", async () => {
    await writeFile(join(tmp.dir, "mine.txt"), "mine");
    const error = await rejectionOf(clientFor(ctx.server).download(1, join(tmp.dir, "mine.txt"), { overwrite: false }));
    expect(error).toBeInstanceOf(MiniMaxValidationError);
    expect(error.message).toMatch(/already exists/);
    expect(ctx.server.requests).toEqual([]);
  });

  it("overwrite: false does not replace a destination that appears during the transfer", async () => {
    const seeded = ctx.server.seed({ purpose: "t2a_async_input", filename: "a.zip", size: 4 * MiB });
    const destination = join(tmp.dir, "race.zip");
    let wrote: Promise<void> | undefined;
    const error = await rejectionOf(
      clientFor(ctx.server).download(seeded.fileId, destination, {
        overwrite: false,
        onProgress: () => {
          wrote ??= writeFile(destination, "someone else's");
        },
      }),
    );
    await wrote;
    expect(error).toBeInstanceOf(MiniMaxLocalFileError);
    expect(error).toMatchObject({ code: "EEXIST" });
    expect(error.message).toMatch(/appeared meanwhile; not replaced/);
    expect((error.cause as NodeJS.ErrnoException).code).toBe("EEXIST");
    expect(await readFile(destination, "utf8")).toBe("someone else's");
    expect(await readdir(tmp.dir)).toEqual(["race.zip"]);
  });

  it("overwrite: false writes a destination that does not exist", async () => {
    const seeded = ctx.server.seed({ purpose: "t2a_async_input", filename: "a.zip", size: MiB });
    await clientFor(ctx.server).download(seeded.fileId, join(tmp.dir, "new.zip"), { overwrite: false });
    expect(await readdir(tmp.dir)).toEqual(["new.zip"]);
  });

  it.each([0o600, 0o640])("replacing a %o file keeps its mode (the default replaces)", async (mode) => {
    const seeded = ctx.server.seed({ purpose: "t2a_async_input", filename: "a.txt", content: "new" });
    const destination = join(tmp.dir, "secret.txt");
    await writeFile(destination, "old");
    await chmod(destination, mode);
    await clientFor(ctx.server).download(seeded.fileId, destination);
    expect(await readFile(destination, "utf8")).toBe("new");
    expect((await stat(destination)).mode & 0o777).toBe(mode);
  });
});

describe("expectedBytes", () => {
  it("a body without Content-Length cut short fails against expectedBytes and leaves nothing", async () => {
    const seeded = ctx.server.seed({ purpose: "t2a_async_input", filename: "a.zip", size: MiB });
    ctx.server.inject({ kind: "no-length-cut", operation: "retrieveContent" });
    const error = await rejectionOf(
      clientFor(ctx.server, { maxRetries: 0 }).download(seeded.fileId, join(tmp.dir, "a.zip"), { expectedBytes: MiB }),
    );
    expect(error).toBeInstanceOf(MiniMaxConnectionError);
    expect(error.message).toBe(`download: body ended after ${MiB / 2} of ${MiB} bytes.`);
    expect(await readdir(tmp.dir)).toEqual([]);
  });

  it("a gzip body cut in half fails against expectedBytes, and is retried whole", async () => {
    const seeded = ctx.server.seed({ purpose: "t2a_async_input", filename: "a.txt", content: "abc".repeat(1000) });
    ctx.server.inject({ kind: "gzip-cut", operation: "retrieveContent" });
    const result = await clientFor(ctx.server).download(seeded.fileId, join(tmp.dir, "a.txt"), {
      expectedBytes: 3000,
    });
    expect(result.bytes).toBe(3000);
    expect(await readFile(join(tmp.dir, "a.txt"), "utf8")).toBe("abc".repeat(1000));
    expect(ctx.server.requests.filter((r) => r.operation === "retrieveContent")).toHaveLength(2);
  });

  it("a body longer than expected (endless) stops at the first byte too many; not retried, nothing left", async () => {
    ctx.server.inject({ kind: "endless-body", operation: "retrieveContent", times: 3 });
    const error = await rejectionOf(
      clientFor(ctx.server).download(1, join(tmp.dir, "a.bin"), { expectedBytes: 2 * MiB }),
    );
    expect(error).toBeInstanceOf(MiniMaxResponseError);
    expect(error.message).toBe(`download: body longer than ${2 * MiB} bytes.`);
    expect(ctx.server.requests).toHaveLength(1);
    expect(await readdir(tmp.dir)).toEqual([]);
  });

  it("an identity Content-Length wins over the hint; a matching body downloads", async () => {
    const seeded = ctx.server.seed({ purpose: "t2a_async_input", filename: "a.zip", size: 2 * MiB });
    const result = await clientFor(ctx.server).download(seeded.fileId, join(tmp.dir, "a.zip"), {
      expectedBytes: 2 * MiB,
    });
    expect(result.bytes).toBe(2 * MiB);
    const written = await readFile(join(tmp.dir, "a.zip"));
    expect(createHash("sha256").update(written).digest("hex")).toBe(generatedSha256(2 * MiB));
  });

  it.each([-1, 1.5, Number.NaN])("expectedBytes %s is refused before sending", async (expectedBytes) => {
    const error = await rejectionOf(clientFor(ctx.server).download(1, join(tmp.dir, "x"), { expectedBytes }));
    expect(error).toBeInstanceOf(MiniMaxValidationError);
    expect(ctx.server.requests).toEqual([]);
  });
});
