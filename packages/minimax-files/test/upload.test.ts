// Behaviour 3: every kind of source uploads; the body is a streamed multipart body with a known
// Content-Length; filename and type come from the source; bad input is refused before sending.
import { appendFileSync, createReadStream, truncateSync } from "node:fs";
import { readdir, readlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { knownPurposes, MiniMaxValidationError } from "../src/index.js";
import { clientFor, rejectionOf, useFakeMiniMax, useTempDir } from "./helpers.js";

const ctx = useFakeMiniMax();
const tmp = useTempDir();

const bytesOf = (text: string) => new TextEncoder().encode(text);

describe("sources", () => {
  it("a path: streamed with Content-Length, filename and type from the path", async () => {
    const path = join(tmp.dir, "sample.wav");
    await writeFile(path, "RIFF....WAVE");
    const file = await clientFor(ctx.server).upload({ purpose: "voice_clone", file: path });
    expect(file).toMatchObject({ filename: "sample.wav", bytes: 12, purpose: "voice_clone" });
    const stored = ctx.server.files[0]!;
    expect(stored.contentType).toBe("audio/wav");
    expect(Buffer.from(stored.content!).toString()).toBe("RIFF....WAVE");
    const request = ctx.server.requests.at(-1)!;
    expect(request.headers["content-length"]).toBe(String(request.bodyBytes));
    expect(request.headers["transfer-encoding"]).toBeUndefined();
    expect(request.headers["content-type"]).toMatch(/^multipart\/form-data; boundary=/);
  });

  it("a file: URL", async () => {
    const path = join(tmp.dir, "input.txt");
    await writeFile(path, "text to speak");
    const file = await clientFor(ctx.server).upload({ purpose: "t2a_async_input", file: pathToFileURL(path) });
    expect(file).toMatchObject({ filename: "input.txt", bytes: 13 });
  });

  it("a File keeps its name and type; filename and contentType override them", async () => {
    const client = clientFor(ctx.server);
    await client.upload({ purpose: "voice_clone", file: new File(["abc"], "voice.m4a", { type: "audio/x-m4a" }) });
    await client.upload({
      purpose: "voice_clone",
      file: new File(["abc"], "voice.m4a"),
      filename: "renamed.mp3",
      contentType: "audio/mpeg",
    });
    expect(ctx.server.files.map((f) => [f.filename, f.contentType])).toEqual([
      ["voice.m4a", "audio/x-m4a"],
      ["renamed.mp3", "audio/mpeg"],
    ]);
  });

  it("bytes (Uint8Array and ArrayBuffer) with a filename", async () => {
    const client = clientFor(ctx.server);
    await client.upload({ purpose: "t2a_async_input", file: bytesOf("one"), filename: "one.txt" });
    await client.upload({ purpose: "t2a_async_input", file: bytesOf("two!").buffer, filename: "two.txt" });
    expect(ctx.server.files.map((f) => [f.filename, f.bytes, f.contentType])).toEqual([
      ["one.txt", 3, "text/plain"],
      ["two.txt", 4, "text/plain"],
    ]);
  });

  it("a web ReadableStream and a Node Readable (sent chunked: the length is unknown)", async () => {
    const client = clientFor(ctx.server);
    await client.upload({ purpose: "t2a_async_input", file: new Blob(["web stream"]).stream(), filename: "w.txt" });
    const path = join(tmp.dir, "from-node.txt");
    await writeFile(path, "node readable");
    // An fs.ReadStream knows its path, so no filename is needed.
    await client.upload({ purpose: "t2a_async_input", file: createReadStream(path) });
    expect(ctx.server.files.map((f) => [f.filename, Buffer.from(f.content!).toString()])).toEqual([
      ["w.txt", "web stream"],
      ["from-node.txt", "node readable"],
    ]);
    expect(ctx.server.requests.at(-1)!.headers["transfer-encoding"]).toBe("chunked");
  });

  it("quotes and line breaks in the filename and type are escaped as browsers do, not read as framing", async () => {
    const client = clientFor(ctx.server);
    const filename = 'say "hi"\r\nX-Evil: 1\r\n\r\nx.txt';
    await client.upload(
      { purpose: "t2a_async_input", file: bytesOf("content intact"), filename, contentType: 'text/plain"\r\nX: 1' },
      { maxRetries: 0 },
    );
    const stored = ctx.server.files.at(-1)!;
    expect(stored.filename).toBe("say %22hi%22%0D%0AX-Evil: 1%0D%0A%0D%0Ax.txt");
    // The fake (busboy) lower-cases the part's type; the escaped line breaks kept it one header.
    expect(stored.contentType).toBe("text/plain%22%0d%0ax: 1");
    expect(Buffer.from(stored.content!).toString()).toBe("content intact");
  });

  it("reports progress of the file's bytes", async () => {
    const path = join(tmp.dir, "big.txt");
    // A path is read in 1 MiB chunks: 2.5 MiB gives three progress events.
    const size = 2.5 * 1024 * 1024;
    await writeFile(path, Buffer.alloc(size, 97));
    const seen: Array<{ loaded: number; total?: number }> = [];
    await clientFor(ctx.server).upload({ purpose: "t2a_async_input", file: path }, { onProgress: (p) => seen.push(p) });
    expect(seen.map((p) => p.loaded)).toEqual([1024 * 1024, 2 * 1024 * 1024, size]);
    expect(seen.at(-1)).toEqual({ loaded: size, total: size });
    expect(seen.map((p) => p.loaded)).toEqual([...seen.map((p) => p.loaded)].sort((a, b) => a - b));
  });
});

describe("validation before sending", () => {
  async function refused(params: Parameters<ReturnType<typeof clientFor>["upload"]>[0], message: RegExp) {
    const error = await rejectionOf(clientFor(ctx.server).upload(params));
    expect(error).toBeInstanceOf(MiniMaxValidationError);
    expect(error.message).toMatch(message);
    expect(error.operation).toBe("upload");
    expect(ctx.server.requests).toHaveLength(0);
  }

  it("a purpose that is not a lower-case identifier, naming the known ones", async () => {
    for (const purpose of ["", "Voice_Clone", " voice_clone", "voice-clone", "1st", 42, undefined, null]) {
      await refused(
        { purpose: purpose as never, file: bytesOf("x"), filename: "a.txt" },
        /upload: purpose must be a lower-case identifier/,
      );
    }
    const error = await rejectionOf(clientFor(ctx.server).upload({ purpose: "nope!", file: bytesOf("x") }));
    for (const purpose of knownPurposes) expect(error.message).toContain(purpose);
  });

  it("an empty file: path, bytes, Blob and stream", async () => {
    const path = join(tmp.dir, "empty.txt");
    await writeFile(path, "");
    await refused({ purpose: "t2a_async_input", file: path }, /"empty.txt" is empty/);
    await refused({ purpose: "t2a_async_input", file: new Uint8Array(0), filename: "e.txt" }, /is empty/);
    await refused({ purpose: "t2a_async_input", file: new Blob([]), filename: "e.txt" }, /is empty/);
    await refused({ purpose: "t2a_async_input", file: new Blob([]).stream(), filename: "e.txt" }, /is empty/);
  });

  it("an extension that does not fit the purpose", async () => {
    const cases: Array<[string, string, RegExp]> = [
      ["voice_clone", "notes.txt", /"notes.txt" does not fit purpose voice_clone, which takes mp3, m4a, wav/],
      ["prompt_audio", "clip.ogg", /prompt_audio, which takes mp3, m4a, wav/],
      ["t2a_async_input", "speech.mp3", /t2a_async_input, which takes txt, zip/],
      ["video_understanding", "movie.webm", /video_understanding, which takes mp4, avi, mov, mkv/],
      ["voice_clone", "no-extension", /does not fit/],
    ];
    for (const [purpose, filename, message] of cases) {
      await refused({ purpose: purpose as never, file: bytesOf("x"), filename }, message);
    }
    // Case does not matter.
    await clientFor(ctx.server).upload({ purpose: "video_understanding", file: bytesOf("x"), filename: "CLIP.MP4" });
    expect(ctx.server.files).toHaveLength(1);
  });

  it("bytes without a filename, a missing path, a directory, an http URL, an unsupported value", async () => {
    await refused({ purpose: "t2a_async_input", file: bytesOf("x") }, /filename is required/);
    await refused(
      { purpose: "t2a_async_input", file: join(tmp.dir, "missing.txt") },
      /cannot read .*missing.txt \(ENOENT\)/,
    );
    await refused({ purpose: "t2a_async_input", file: tmp.dir }, /is not a regular file/);
    await refused({ purpose: "t2a_async_input", file: new URL("https://example.com/a.txt") }, /only file: URLs/);
    await refused({ purpose: "t2a_async_input", file: 42 as never, filename: "a.txt" }, /file must be a path/);
  });
});

describe("cancelling and timing out an upload", () => {
  /** A path upload the caller aborts with `reason` once `atBytes` are sent: its rejection. */
  function abortedPathUpload(path: string, atBytes: number, reason: Error): Promise<unknown> {
    const controller = new AbortController();
    return rejectionOf(
      clientFor(ctx.server).upload(
        { purpose: "t2a_async_input", file: path },
        { signal: controller.signal, onProgress: ({ loaded }) => loaded >= atBytes && controller.abort(reason) },
      ),
    );
  }

  it("a caller's abort mid-upload rejects with the reason; nothing is stored", async () => {
    const path = join(tmp.dir, "big.txt");
    await writeFile(path, Buffer.alloc(8 * 1024 * 1024, 97));
    const reason = new Error("upload cancelled");
    const error = await abortedPathUpload(path, 1024 * 1024 + 1, reason);
    expect(error).toBe(reason);
    expect(ctx.server.files).toHaveLength(0);
    expect(ctx.server.requests.filter((r) => r.operation === "upload")).toHaveLength(1);
  });

  it("an abort releases the source: the stream being uploaded is cancelled", async () => {
    let cancelledWith: unknown;
    const endless = new ReadableStream<Uint8Array>({
      async pull(controller) {
        await new Promise((resolve) => setTimeout(resolve, 1));
        controller.enqueue(new Uint8Array(64 * 1024));
      },
      cancel(reason) {
        cancelledWith = reason;
      },
    });
    const controller = new AbortController();
    const reason = new Error("stop uploading");
    const error = await rejectionOf(
      clientFor(ctx.server).upload(
        { purpose: "t2a_async_input", file: endless, filename: "endless.txt" },
        { signal: controller.signal, onProgress: ({ loaded }) => loaded > 1024 * 1024 && controller.abort(reason) },
      ),
    );
    expect(error).toBe(reason);
    await expect.poll(() => cancelledWith).toBe(reason);
    expect(ctx.server.files).toHaveLength(0);
  });

  it("a path upload closes its file, after an abort mid-upload as after success", async () => {
    const path = join(tmp.dir, "big.txt");
    await writeFile(path, Buffer.alloc(8 * 1024 * 1024, 97));
    const openOnPath = async () => {
      const fds = await readdir("/proc/self/fd");
      const targets = await Promise.all(fds.map((fd) => readlink(`/proc/self/fd/${fd}`).catch(() => "")));
      return targets.filter((target) => target === path).length;
    };
    await clientFor(ctx.server).upload({ purpose: "t2a_async_input", file: path });
    expect(await openOnPath()).toBe(0);
    const reason = new Error("stop");
    const error = await abortedPathUpload(path, 2 * 1024 * 1024, reason);
    expect(error).toBe(reason);
    await expect.poll(openOnPath).toBe(0);
  });

  it("a file that grows or shrinks while it is uploaded fails the upload, not retried, nothing stored", async () => {
    for (const change of ["grow", "shrink"] as const) {
      const uploadsBefore = ctx.server.requests.filter((r) => r.operation === "upload").length;
      const path = join(tmp.dir, `${change}.txt`);
      await writeFile(path, Buffer.alloc(3 * 1024 * 1024, 97));
      let changed = false;
      const error = await rejectionOf(
        clientFor(ctx.server).upload(
          { purpose: "t2a_async_input", file: path },
          {
            onProgress: () => {
              if (changed) return;
              changed = true;
              if (change === "grow") appendFileSync(path, "more");
              else truncateSync(path, 1024 * 1024);
            },
          },
        ),
      );
      expect(error.name).toBe("MiniMaxValidationError");
      expect(error.message).toMatch(/changed size \(3145728 → (3145732|1048576) bytes\) while uploading/);
      expect(ctx.server.files).toHaveLength(0);
      expect(ctx.server.requests.filter((r) => r.operation === "upload")).toHaveLength(uploadsBefore + 1);
    }
  });

  it("an upload whose answer stalls past timeoutMs times out and is sent again", async () => {
    const path = join(tmp.dir, "a.txt");
    await writeFile(path, "hello");
    ctx.server.inject({ kind: "slow-headers", delayMs: Number.POSITIVE_INFINITY, operation: "upload" });
    // 2 s, not less: the re-sent upload must answer within it on a loaded machine.
    const file = await clientFor(ctx.server, { timeoutMs: 2_000 }).upload({ purpose: "t2a_async_input", file: path });
    expect(file.bytes).toBe(5);
    expect(ctx.server.requests.filter((r) => r.operation === "upload")).toHaveLength(2);
    expect(ctx.server.files).toHaveLength(1);
  });
});

describe("runtimes that cannot stream a request body (browsers)", () => {
  it("Blobs and bytes are sent as one lazily read Blob with the same multipart encoding", async () => {
    const { prepareUpload } = await import("../src/upload.js");
    for (const [file, filename, expected] of [
      [new File(["from a browser File"], "pick.txt"), undefined, "from a browser File"],
      [new TextEncoder().encode("raw bytes"), "bytes.txt", "raw bytes"],
    ] as const) {
      const source = await prepareUpload({ purpose: "t2a_async_input", file, filename }, undefined, {
        streamBody: false,
      });
      const { body, headers } = await source.open(() => {}, new AbortController().signal);
      expect(body).toBeInstanceOf(Blob);
      const response = await fetch(`${ctx.server.url}/v1/files/upload`, {
        method: "POST",
        body,
        headers: { ...headers, authorization: `Bearer ${ctx.server.apiKey}` },
      });
      expect(((await response.json()) as { base_resp: { status_code: number } }).base_resp.status_code).toBe(0);
      expect(Buffer.from(ctx.server.files.at(-1)!.content!).toString()).toBe(expected);
    }
    expect(ctx.server.files.map((f) => f.filename)).toEqual(["pick.txt", "bytes.txt"]);
  });
});
