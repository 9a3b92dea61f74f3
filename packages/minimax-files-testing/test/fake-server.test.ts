import { createHash } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type FakeMiniMax, generatedBytes, generatedSha256, startFakeMiniMax } from "../src/index.js";

const API_KEY = "sk-test-0123456789abcdef";
let server: FakeMiniMax;

beforeEach(async () => {
  server = await startFakeMiniMax({ apiKey: API_KEY, now: () => 1_700_000_000 });
});
afterEach(async () => {
  await server.close();
});

const auth = () => ({ Authorization: `Bearer ${API_KEY}` });

async function call(path: string, init: RequestInit = {}) {
  const response = await fetch(`${server.url}${path}`, { ...init, headers: { ...auth(), ...init.headers } });
  const text = await response.text();
  return { response, text, json: JSON.parse(text) };
}

function uploadForm(purpose: string | undefined, content: string | Uint8Array | undefined, filename = "speech.txt") {
  const form = new FormData();
  if (purpose !== undefined) form.set("purpose", purpose);
  if (content !== undefined) form.set("file", new Blob([content as BlobPart], { type: "text/plain" }), filename);
  return form;
}

const upload = (purpose: string | undefined, content: string | Uint8Array | undefined, filename?: string) =>
  call("/v1/files/upload", { method: "POST", body: uploadForm(purpose, content, filename) });

const deleteFile = (body: string, contentType = "application/json") =>
  call("/v1/files/delete", { method: "POST", body, headers: { "Content-Type": contentType } });

describe("operations", () => {
  it("upload stores the file and answers its FileObject in MiniMax's envelope", async () => {
    const { response, json } = await upload("t2a_async_input", "hello, world", "speech.txt");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    expect(json).toEqual({
      file: {
        file_id: 307593383186476,
        bytes: 12,
        created_at: 1_700_000_000,
        filename: "speech.txt",
        purpose: "t2a_async_input",
      },
      base_resp: { status_code: 0, status_msg: "success" },
    });
    const [stored] = server.files;
    expect(stored).toMatchObject({ fileId: 307593383186476n, bytes: 12, storage: "held", contentType: "text/plain" });
    expect(Buffer.from(stored!.content!).toString()).toBe("hello, world");
    expect(stored!.sha256).toBe(createHash("sha256").update("hello, world").digest("hex"));
  });

  it("new ids count up from idStart", async () => {
    const first = await upload("voice_clone", "a", "a.mp3");
    const second = await upload("voice_clone", "b", "b.mp3");
    expect(second.json.file.file_id - first.json.file.file_id).toBe(1);
  });

  it("list returns only the files of the asked purpose, oldest first", async () => {
    server.seed({ purpose: "voice_clone", filename: "one.mp3", content: "1" });
    server.seed({ purpose: "t2a_async_input", filename: "two.txt", content: "22" });
    server.seed({ purpose: "voice_clone", filename: "three.wav", content: "333" });
    const { json } = await call("/v1/files/list?purpose=voice_clone");
    expect(json.base_resp.status_code).toBe(0);
    expect(json.files.map((file: { filename: string }) => file.filename)).toEqual(["one.mp3", "three.wav"]);
    const empty = await call("/v1/files/list?purpose=prompt_audio");
    expect(empty.json.files).toEqual([]);
  });

  it("retrieve returns the file with a download_url that serves its bytes without a key", async () => {
    const seeded = server.seed({ purpose: "prompt_audio", filename: "p.wav", content: "RIFF....", createdAt: 42 });
    const { json } = await call(`/v1/files/retrieve?file_id=${seeded.fileId}`);
    expect(json.file).toMatchObject({
      file_id: Number(seeded.fileId),
      bytes: 8,
      created_at: 42,
      purpose: "prompt_audio",
    });
    const download = await fetch(json.file.download_url);
    expect(download.headers.get("content-type")).toBe("application/octet-stream");
    expect(await download.text()).toBe("RIFF....");
  });

  it("retrieve_content streams held bytes with Content-Length and an attachment filename", async () => {
    const content = new Uint8Array(200_000).map((_, i) => (i * 7) % 251);
    const seeded = server.seed({ purpose: "voice_clone", filename: "näme.mp3", content });
    const response = await fetch(`${server.url}/v1/files/retrieve_content?file_id=${seeded.fileId}`, {
      headers: auth(),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/octet-stream");
    expect(response.headers.get("content-length")).toBe("200000");
    expect(response.headers.get("content-disposition")).toContain("filename*=UTF-8''n%C3%A4me.mp3");
    expect(Buffer.from(await response.arrayBuffer()).equals(content)).toBe(true);
  });

  it.each([
    ["it's (1)*.mp3", "it's (1)*.mp3"],
    ["語音.wav", "__.wav"],
    ['a"b\\c.mp3', "a_b_c.mp3"],
    ["evil\r\nX-Injected: 1.mp3", "evil__X-Injected: 1.mp3"],
  ])("Content-Disposition carries %j exactly, with a safe ASCII fallback", async (filename, fallback) => {
    const seeded = server.seed({ purpose: "voice_clone", filename, content: "x" });
    const response = await fetch(`${server.url}/v1/files/retrieve_content?file_id=${seeded.fileId}`, {
      headers: auth(),
    });
    await response.text();
    expect(response.headers.has("x-injected")).toBe(false);
    const disposition = response.headers.get("content-disposition")!;
    const encoded = /filename\*=UTF-8''([^;\s]+)$/.exec(disposition)?.[1];
    expect(encoded).toMatch(/^[A-Za-z0-9!#$&+.^_`|~%-]+$/); // RFC 8187 attr-chars and %XX only
    expect(decodeURIComponent(encoded!)).toBe(filename);
    expect(disposition).toContain(`filename="${fallback}"`);
  });

  it("retrieve_content generates the bytes of a file seeded by size, deterministically", async () => {
    const size = 3 * 65_536 + 17;
    const seeded = server.seed({ purpose: "t2a_async_input", filename: "big.zip", size });
    expect(seeded.storage).toBe("generated");
    const response = await fetch(`${server.url}/v1/files/retrieve_content?file_id=${seeded.fileId}`, {
      headers: auth(),
    });
    expect(response.headers.get("content-length")).toBe(String(size));
    const body = Buffer.from(await response.arrayBuffer());
    expect(body.equals(generatedBytes(0, size))).toBe(true);
    expect(createHash("sha256").update(body).digest("hex")).toBe(generatedSha256(size));
    // Not a short repeating pattern: a client duplicating a 64 KiB chunk would be caught.
    expect(body.subarray(0, 65_536).equals(body.subarray(65_536, 131_072))).toBe(false);
  });

  it("delete removes the file; a second delete and a later retrieve say it is gone", async () => {
    const seeded = server.seed({ purpose: "t2a_async_input", filename: "x.txt", content: "x" });
    const body = `{"file_id":${seeded.fileId},"purpose":"t2a_async_input"}`;
    const first = await deleteFile(body);
    expect(first.json).toEqual({
      file_id: Number(seeded.fileId),
      base_resp: { status_code: 0, status_msg: "success" },
    });
    expect(server.files).toEqual([]);
    const second = await deleteFile(body);
    expect(second.json.base_resp.status_code).toBe(2013);
    expect(second.json.base_resp.status_msg).toContain("not found");
    const retrieve = await call(`/v1/files/retrieve?file_id=${seeded.fileId}`);
    expect(retrieve.json.base_resp.status_code).toBe(2013);
  });

  it("delete accepts purposes upload does not (outputs of other MiniMax APIs)", async () => {
    const seeded = server.seed({ purpose: "video_generation", filename: "out.mp4", size: 10 });
    const { json } = await deleteFile(`{"file_id":${seeded.fileId},"purpose":"video_generation"}`);
    expect(json.base_resp.status_code).toBe(0);
  });

  it("a file uploaded under a purpose the list page omits is listed and deleted with it", async () => {
    for (const purpose of ["video_understanding", "video_generation_input"]) {
      const uploaded = await upload(purpose, "abc", "clip.mp4");
      expect(uploaded.json.base_resp.status_code).toBe(0);
      expect((await call(`/v1/files/list?purpose=${purpose}`)).json.files).toHaveLength(1);
      const { json } = await deleteFile(`{"file_id":${uploaded.json.file.file_id},"purpose":"${purpose}"}`);
      expect(json.base_resp.status_code).toBe(0);
    }
    expect(server.files).toEqual([]);
  });

  it("upload → list → retrieve → retrieve_content → delete round-trips through the state", async () => {
    const uploaded = await upload("voice_clone", "abc", "voice.m4a");
    const id = uploaded.json.file.file_id;
    expect((await call("/v1/files/list?purpose=voice_clone")).json.files).toHaveLength(1);
    expect((await call(`/v1/files/retrieve?file_id=${id}`)).json.file.filename).toBe("voice.m4a");
    const content = await fetch(`${server.url}/v1/files/retrieve_content?file_id=${id}`, { headers: auth() });
    expect(await content.text()).toBe("abc");
    await deleteFile(`{"file_id":${id},"purpose":"voice_clone"}`);
    expect((await call("/v1/files/list?purpose=voice_clone")).json.files).toHaveLength(0);
  });
});

describe("bad input is answered with HTTP 200 and base_resp 2013", () => {
  const cases: [string, () => Promise<{ response: Response; json: any }>, RegExp][] = [
    ["upload without purpose", () => upload(undefined, "x"), /purpose is required/],
    ["upload with an unknown purpose", () => upload("nonsense", "x"), /unknown purpose/],
    ["upload with a purpose only delete accepts", () => upload("t2a_async", "x"), /unknown purpose/],
    ["upload without file", () => upload("voice_clone", undefined), /file is required/],
    ["upload of an empty file", () => upload("voice_clone", ""), /empty/],
    [
      "upload that is not multipart",
      () => call("/v1/files/upload", { method: "POST", body: "{}", headers: { "Content-Type": "application/json" } }),
      /multipart/,
    ],
    ["list without purpose", () => call("/v1/files/list"), /purpose is required/],
    ["list with an unknown purpose", () => call("/v1/files/list?purpose=nonsense"), /unknown purpose/],
    ["retrieve without file_id", () => call("/v1/files/retrieve"), /file_id is required/],
    ["retrieve with a non-numeric file_id", () => call("/v1/files/retrieve?file_id=12ab"), /int64/],
    ["retrieve with a file_id above int64", () => call("/v1/files/retrieve?file_id=9223372036854775808"), /int64/],
    ["retrieve of an unknown file", () => call("/v1/files/retrieve?file_id=1"), /not found/],
    ["retrieve_content of an unknown file", () => call("/v1/files/retrieve_content?file_id=1"), /not found/],
    ["delete with invalid JSON", () => deleteFile("{"), /not valid JSON/],
    ["delete with file_id as a string", () => deleteFile('{"file_id":"1","purpose":"voice_clone"}'), /integer/],
    ["delete with a fractional file_id", () => deleteFile('{"file_id":1.5,"purpose":"voice_clone"}'), /int64/],
    ["delete with an unknown purpose", () => deleteFile('{"file_id":1,"purpose":"nope"}'), /unknown purpose/],
    ["delete that is not JSON", () => deleteFile("file_id=1", "application/x-www-form-urlencoded"), /json/],
  ];
  it.each(cases)("%s", async (_name, send, message) => {
    const { response, json } = await send();
    expect(response.status).toBe(200);
    expect(json.base_resp.status_code).toBe(2013);
    expect(json.base_resp.status_msg).toMatch(message);
    expect(server.files).toEqual([]);
  });

  it("delete with the wrong purpose for the file keeps the file", async () => {
    const seeded = server.seed({ purpose: "voice_clone", filename: "v.mp3", content: "v" });
    const { json } = await deleteFile(`{"file_id":${seeded.fileId},"purpose":"prompt_audio"}`);
    expect(json.base_resp.status_code).toBe(2013);
    expect(server.files).toHaveLength(1);
  });

  it("an unknown path is HTTP 404 and still carries a Trace-Id", async () => {
    const response = await fetch(`${server.url}/v1/files/nope`, { headers: auth() });
    expect(response.status).toBe(404);
    expect(response.headers.get("trace-id")).toMatch(/^[0-9a-f]{32}$/);
    await response.text();
  });
});

describe("authentication", () => {
  it("a missing key is base_resp 1004 and performs nothing", async () => {
    const response = await fetch(`${server.url}/v1/files/upload`, {
      method: "POST",
      body: uploadForm("voice_clone", "x", "x.mp3"),
    });
    const json = await response.json();
    expect(response.status).toBe(200);
    expect(json.base_resp.status_code).toBe(1004);
    expect(json.base_resp.status_msg).toMatch(/Authorization/);
    expect(server.files).toEqual([]);
    expect(server.requests[0]).toMatchObject({ operation: "upload", authorized: false, statusCode: 1004 });
  });

  it("a wrong key is base_resp 1004 and the answer never echoes either key", async () => {
    const response = await fetch(`${server.url}/v1/files/list?purpose=voice_clone`, {
      headers: { Authorization: "Bearer sk-wrong-key-123456" },
    });
    const text = await response.text();
    expect(JSON.parse(text).base_resp.status_code).toBe(1004);
    expect(text).not.toContain("sk-wrong-key-123456");
    expect(text).not.toContain(API_KEY);
  });

  it("invalidKeyCode: 2049 answers a wrong key with 2049", async () => {
    const strict = await startFakeMiniMax({ apiKey: API_KEY, invalidKeyCode: 2049 });
    try {
      const response = await fetch(`${strict.url}/v1/files/list?purpose=voice_clone`, {
        headers: { Authorization: "Bearer other" },
      });
      expect((await response.json()).base_resp).toEqual({ status_code: 2049, status_msg: "invalid api key" });
    } finally {
      await strict.close();
    }
  });

  it("a key that is a prefix of the real one is refused", async () => {
    const response = await fetch(`${server.url}/v1/files/list?purpose=voice_clone`, {
      headers: { Authorization: `Bearer ${API_KEY.slice(0, -1)}` },
    });
    expect((await response.json()).base_resp.status_code).toBe(1004);
  });

  it("without an apiKey option a random key is generated and exposed as server.apiKey", async () => {
    const other = await startFakeMiniMax();
    try {
      expect(other.apiKey).toMatch(/^test-[0-9a-f]{24}$/);
      const response = await fetch(`${other.url}/v1/files/list?purpose=voice_clone`, {
        headers: { Authorization: `Bearer ${other.apiKey}` },
      });
      expect((await response.json()).base_resp.status_code).toBe(0);
    } finally {
      await other.close();
    }
  });
});

describe("Trace-Id and the request log", () => {
  it("every response carries a distinct Trace-Id, recorded in server.requests", async () => {
    const traceIds: string[] = [];
    for (let i = 0; i < 5; i++) {
      const { response } = await call("/v1/files/list?purpose=voice_clone");
      traceIds.push(response.headers.get("trace-id")!);
    }
    expect(new Set(traceIds).size).toBe(5);
    expect(server.requests.map((request) => request.traceId)).toEqual(traceIds);
  });

  it("records method, path, query, body size and outcome, with the key redacted everywhere", async () => {
    await upload("voice_clone", "12345", "v.mp3");
    await fetch(`${server.url}/v1/files/list?purpose=voice_clone&leak=${API_KEY}`, {
      headers: { ...auth(), "X-Echo": `key=${API_KEY}` },
    });
    const [uploadRequest, listRequest] = server.requests;
    expect(uploadRequest).toMatchObject({
      method: "POST",
      path: "/v1/files/upload",
      operation: "upload",
      authorized: true,
      httpStatus: 200,
      statusCode: 0,
    });
    expect(uploadRequest!.bodyBytes).toBe(Number(uploadRequest!.headers["content-length"]));
    expect(listRequest!.query).toEqual({ purpose: "voice_clone", leak: "[redacted]" });
    expect(listRequest!.headers.authorization).toBe("Bearer [redacted]");
    expect(listRequest!.headers["x-echo"]).toBe("key=[redacted]");
    expect(JSON.stringify(server.requests)).not.toContain(API_KEY);
    server.clearRequests();
    expect(server.requests).toEqual([]);
  });
});

describe("int64 ids", () => {
  const bigId = 2n ** 53n + 1n; // 9007199254740993: Number() would make it ...992

  it("ids above 2^53 are written as exact JSON digits by upload, list, retrieve and delete", async () => {
    const big = await startFakeMiniMax({ apiKey: API_KEY, idStart: bigId });
    try {
      const headers = auth();
      const form = uploadForm("t2a_async_input", "x", "x.txt");
      const uploadText = await (
        await fetch(`${big.url}/v1/files/upload`, { method: "POST", body: form, headers })
      ).text();
      expect(uploadText).toContain('"file_id":9007199254740993,');
      const listText = await (await fetch(`${big.url}/v1/files/list?purpose=t2a_async_input`, { headers })).text();
      expect(listText).toContain('"file_id":9007199254740993,');
      const retrieveText = await (
        await fetch(`${big.url}/v1/files/retrieve?file_id=9007199254740993`, { headers })
      ).text();
      expect(retrieveText).toContain('"file_id":9007199254740993,');
      const deleteText = await (
        await fetch(`${big.url}/v1/files/delete`, {
          method: "POST",
          headers: { ...headers, "Content-Type": "application/json" },
          body: '{"purpose":"t2a_async_input","file_id":9007199254740993}',
        })
      ).text();
      expect(deleteText).toContain('"file_id":9007199254740993,');
      expect(big.files).toEqual([]);
    } finally {
      await big.close();
    }
  });

  it("a request naming the rounded neighbour of a big id does not reach it", async () => {
    server.seed({ purpose: "voice_clone", filename: "a.mp3", content: "a", fileId: bigId });
    // Number(9007199254740993n) === 9007199254740992: a server parsing via Number would find the file.
    const byQuery = await call("/v1/files/retrieve?file_id=9007199254740992");
    expect(byQuery.json.base_resp.status_code).toBe(2013);
    const byBody = await deleteFile('{"file_id":9007199254740992,"purpose":"voice_clone"}');
    expect(byBody.json.base_resp.status_code).toBe(2013);
    expect(server.files).toHaveLength(1);
  });

  it("the largest int64 round-trips through seed, retrieve and delete", async () => {
    const max = 2n ** 63n - 1n;
    server.seed({ purpose: "voice_clone", filename: "max.mp3", content: "m", fileId: String(max) });
    const retrieve = await call(`/v1/files/retrieve?file_id=${max}`);
    expect(retrieve.text).toContain(`"file_id":${max},`);
    const removed = await deleteFile(`{"file_id":${max},"purpose":"voice_clone"}`);
    expect(removed.text).toContain(`"file_id":${max},`);
  });

  it("seed refuses ids it cannot hold exactly", () => {
    expect(() => server.seed({ purpose: "voice_clone", filename: "a", content: "a", fileId: 2 ** 53 + 2 })).toThrow(
      /safe integer/,
    );
    expect(() => server.seed({ purpose: "voice_clone", filename: "a", content: "a", fileId: "-1" })).toThrow(/int64/);
    expect(() => server.seed({ purpose: "voice_clone", filename: "a", content: "a", fileId: 2n ** 63n })).toThrow(
      /int64/,
    );
  });
});
