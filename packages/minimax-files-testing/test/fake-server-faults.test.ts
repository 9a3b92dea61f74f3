import { describe, expect, it } from "vitest";
import { type Fault, generatedBytes } from "../src/index.js";
import { causeCode, rawRequest, rejectionOf, until, useFakeServer } from "./support/http.js";

const fake = useFakeServer("sk-test-faults-0123456789");
const { headers } = fake;
const list = (purpose = "voice_clone", init: RequestInit = {}) =>
  fetch(`${fake.server.url}/v1/files/list?purpose=${purpose}`, { headers, ...init });

function uploadRequest(init: RequestInit = {}) {
  const form = new FormData();
  form.set("purpose", "voice_clone");
  form.set("file", new Blob(["abc"]), "a.mp3");
  return fetch(`${fake.server.url}/v1/files/upload`, { method: "POST", body: form, headers, ...init });
}

const deleteRequest = (fileId: bigint, purpose: string) =>
  fetch(`${fake.server.url}/v1/files/delete`, {
    method: "POST",
    headers: { ...headers, "Content-Type": "application/json" },
    body: `{"file_id":${fileId},"purpose":"${purpose}"}`,
  });

function rawGet(path: string) {
  return rawRequest(`${fake.server.url}${path}`, { headers }).then((raw) => ({
    ...raw,
    contentLength: Number(raw.headers["content-length"]),
  }));
}

describe("gateway faults answer instead of the service and perform nothing", () => {
  it("rate-limit: HTTP 200 with base_resp 1002 by default", async () => {
    fake.server.inject({ kind: "rate-limit" });
    const response = await uploadRequest();
    expect(response.status).toBe(200);
    expect(response.headers.get("trace-id")).toMatch(/^[0-9a-f]{32}$/);
    expect(await response.json()).toEqual({ base_resp: { status_code: 1002, status_msg: "rate limit" } });
    expect(fake.server.files).toEqual([]);
    expect(fake.server.requests[0]).toMatchObject({ fault: "rate-limit", statusCode: 1002, httpStatus: 200 });
  });

  it("rate-limit: code 1039, as HTTP 429 with Retry-After", async () => {
    fake.server.inject({ kind: "rate-limit", code: 1039, http: true, retryAfter: 3 });
    const response = await list();
    expect(response.status).toBe(429);
    expect(response.headers.get("retry-after")).toBe("3");
    expect((await response.json()).base_resp.status_code).toBe(1039);
  });

  it("rate-limit without retryAfter sends no Retry-After", async () => {
    fake.server.inject({ kind: "rate-limit", http: true });
    const response = await list();
    expect(response.status).toBe(429);
    expect(response.headers.has("retry-after")).toBe(false);
    await response.body?.cancel();
  });

  it.each([500, 502, 503] as const)("http-status %i answers an nginx HTML page", async (status) => {
    fake.server.inject({ kind: "http-status", status });
    const response = await list();
    expect(response.status).toBe(status);
    expect(response.headers.get("content-type")).toBe("text/html");
    expect(response.headers.get("trace-id")).toMatch(/^[0-9a-f]{32}$/);
    expect(await response.text()).toMatch(new RegExp(`^<html>[\\s\\S]*<title>${status} `));
  });

  it("http-status 429 with an HTTP-date Retry-After and a plain-text body", async () => {
    const date = "Wed, 21 Oct 2026 07:28:00 GMT";
    fake.server.inject({ kind: "http-status", status: 429, retryAfter: date, html: false });
    const response = await uploadRequest();
    expect(response.status).toBe(429);
    expect(response.headers.get("retry-after")).toBe(date);
    expect(response.headers.get("content-type")).toMatch(/^text\/plain/);
    expect(await response.text()).toBe("429 Too Many Requests\n");
    expect(fake.server.files).toEqual([]);
  });

  it("base-resp: any code, with the error table's message or a custom one", async () => {
    fake.server.inject({ kind: "base-resp", code: 1008 });
    fake.server.inject({ kind: "base-resp", code: 4242, msg: "brand new failure" });
    expect((await (await list()).json()).base_resp).toEqual({ status_code: 1008, status_msg: "insufficient balance" });
    expect((await (await list()).json()).base_resp).toEqual({ status_code: 4242, status_msg: "brand new failure" });
  });

  it("reset-before-headers: the request fails with ECONNRESET and the upload is not stored", async () => {
    fake.server.inject({ kind: "reset-before-headers" });
    const error = await rejectionOf(uploadRequest());
    expect(error).toBeInstanceOf(TypeError);
    expect(causeCode(error)).toBe("ECONNRESET");
    expect(fake.server.files).toEqual([]);
    expect(fake.server.requests[0]).toMatchObject({ fault: "reset-before-headers", httpStatus: undefined });
    expect(fake.server.requests[0]!.bodyBytes).toBeGreaterThan(0);
  });
});

describe("damaging faults perform the operation and spoil its reply", () => {
  it("reset-mid-body: headers and part of the body arrive, then the connection is reset", async () => {
    const seeded = fake.server.seed({ purpose: "voice_clone", filename: "v.mp3", size: 100_000 });
    fake.server.inject({ kind: "reset-mid-body", operation: "retrieveContent", afterBytes: 4096 });
    const raw = await rawGet(`/v1/files/retrieve_content?file_id=${seeded.fileId}`);
    expect(raw.status).toBe(200);
    expect(raw.contentLength).toBe(100_000);
    expect(raw.complete).toBe(false);
    expect(raw.received.equals(generatedBytes(0, 4096))).toBe(true);
  });

  it("reset-mid-body seen through fetch: the response resolves, reading its body fails with ECONNRESET", async () => {
    const seeded = fake.server.seed({ purpose: "voice_clone", filename: "v.mp3", size: 100_000 });
    fake.server.inject({ kind: "reset-mid-body" });
    const response = await fetch(`${fake.server.url}/v1/files/retrieve_content?file_id=${seeded.fileId}`, { headers });
    expect(response.status).toBe(200);
    expect(causeCode(await rejectionOf(response.arrayBuffer()))).toBe("ECONNRESET");
  });

  it("reset-mid-body on delete: the file is gone although the client saw no answer", async () => {
    const seeded = fake.server.seed({ purpose: "voice_clone", filename: "v.mp3", content: "v" });
    fake.server.inject({ kind: "reset-mid-body", operation: "delete" });
    const response = await deleteRequest(seeded.fileId, "voice_clone");
    await expect(response.text()).rejects.toThrow();
    expect(fake.server.files).toEqual([]);
  });

  it("truncated-download: the full Content-Length is announced, half is sent, the connection closes", async () => {
    const seeded = fake.server.seed({ purpose: "voice_clone", filename: "v.mp3", size: 10_000 });
    fake.server.inject({ kind: "truncated-download" });
    const raw = await rawGet(`/v1/files/retrieve_content?file_id=${seeded.fileId}`);
    expect(raw.contentLength).toBe(10_000);
    expect(raw.complete).toBe(false);
    expect(raw.received.equals(generatedBytes(0, 5_000))).toBe(true);
  });

  it("truncated-download seen through fetch: reading the body fails", async () => {
    const seeded = fake.server.seed({ purpose: "voice_clone", filename: "v.mp3", content: "0123456789" });
    fake.server.inject({ kind: "truncated-download", afterBytes: 3 });
    const response = await fetch(`${fake.server.url}/v1/files/retrieve_content?file_id=${seeded.fileId}`, { headers });
    expect(response.headers.get("content-length")).toBe("10");
    await expect(response.arrayBuffer()).rejects.toThrow(/terminated/);
  });

  it("malformed-json: HTTP 200, application/json, unparseable; the upload was stored", async () => {
    fake.server.inject({ kind: "malformed-json", operation: "upload" });
    const response = await uploadRequest();
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    const text = await response.text();
    expect(text.startsWith("{")).toBe(true);
    expect(() => JSON.parse(text)).toThrow(SyntaxError);
    expect(fake.server.files).toHaveLength(1);
  });

  it("missing-base-resp: the real payload without its envelope, ids still exact", async () => {
    fake.server.seed({ purpose: "voice_clone", filename: "v.mp3", content: "v", fileId: 2n ** 53n + 1n });
    fake.server.inject({ kind: "missing-base-resp" });
    const text = await (await list()).text();
    expect(text).toBe(
      `{"files":[{"file_id":9007199254740993,"bytes":1,"created_at":${fake.server.files[0]!.createdAt},"filename":"v.mp3","purpose":"voice_clone"}]}`,
    );
  });

  it("malformed-json and missing-base-resp on retrieve_content answer JSON instead of bytes", async () => {
    const seeded = fake.server.seed({ purpose: "voice_clone", filename: "v.mp3", content: "v" });
    fake.server.inject({ kind: "malformed-json" });
    fake.server.inject({ kind: "missing-base-resp" });
    const path = `${fake.server.url}/v1/files/retrieve_content?file_id=${seeded.fileId}`;
    const malformed = await fetch(path, { headers });
    expect(malformed.headers.get("content-type")).toMatch(/^application\/json/);
    const malformedText = await malformed.text();
    expect(() => JSON.parse(malformedText)).toThrow(SyntaxError);
    const missing = await fetch(path, { headers });
    expect(await missing.json()).toEqual({});
  });
});

describe("slow-headers", () => {
  it("holds the answer: a client giving up first sees an abort, and the server then drops the request", async () => {
    // 1 s: long enough that the client's close reaches the server first, even on a loaded machine.
    fake.server.inject({ kind: "slow-headers", delayMs: 1_000 });
    const controller = new AbortController();
    const pending = list("voice_clone", { signal: controller.signal });
    await until(() => fake.server.requests.length === 1);
    controller.abort();
    await expect(pending).rejects.toThrow(/aborted/i);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    // Past the delay: nothing was answered to the departed client, and the fault is used up.
    expect(fake.server.requests[0]).toMatchObject({ fault: "slow-headers", httpStatus: undefined });
    const next = await list();
    expect((await next.json()).base_resp.status_code).toBe(0);
  });

  it("a patient client gets the real answer after the delay", async () => {
    fake.server.inject({ kind: "slow-headers", delayMs: 50 });
    const response = await list();
    expect((await response.json()).base_resp.status_code).toBe(0);
    expect(fake.server.requests[0]!.fault).toBe("slow-headers");
  });
});

describe("fault scheduling", () => {
  it("a fault applies `times` times, then requests succeed again", async () => {
    const injected = fake.server.inject({ kind: "rate-limit", times: 3 });
    const codes: number[] = [];
    for (let i = 0; i < 5; i++) codes.push((await (await list()).json()).base_resp.status_code);
    expect(codes).toEqual([1002, 1002, 1002, 0, 0]);
    expect(injected.triggered).toBe(3);
    expect(injected.remaining).toBe(0);
    expect(fake.server.pendingFaults).toEqual([]);
  });

  it("`every` spreads a fault over the matching requests", async () => {
    fake.server.inject({ kind: "rate-limit", every: 3, times: 2 });
    const codes: number[] = [];
    for (let i = 0; i < 8; i++) codes.push((await (await list()).json()).base_resp.status_code);
    expect(codes).toEqual([0, 0, 1002, 0, 0, 1002, 0, 0]);
  });

  it("a request a fault lets pass with `every` can take the next queued fault", async () => {
    fake.server.inject({ kind: "rate-limit", every: 2 });
    fake.server.inject({ kind: "base-resp", code: 1000 });
    const codes: number[] = [];
    for (let i = 0; i < 3; i++) codes.push((await (await list()).json()).base_resp.status_code);
    expect(codes).toEqual([1000, 1002, 0]);
  });

  it("faults are taken in the order injected", async () => {
    fake.server.inject({ kind: "base-resp", code: 1000 });
    fake.server.inject({ kind: "http-status", status: 503 });
    expect((await (await list()).json()).base_resp.status_code).toBe(1000);
    const second = await list();
    expect(second.status).toBe(503);
    await second.text();
    expect((await list()).status).toBe(200);
  });

  it("`operation` restricts a fault to the requests it names", async () => {
    fake.server.inject({ kind: "base-resp", code: 1000, operation: "upload" });
    fake.server.inject({ kind: "base-resp", code: 1024, operation: ["retrieve", "list"] });
    expect((await (await list()).json()).base_resp.status_code).toBe(1024);
    expect((await (await uploadRequest()).json()).base_resp.status_code).toBe(1000);
    expect((await (await list()).json()).base_resp.status_code).toBe(0);
  });

  it("times: Infinity lasts until clearFaults()", async () => {
    const injected = fake.server.inject({ kind: "base-resp", code: 1033, times: Number.POSITIVE_INFINITY });
    for (let i = 0; i < 3; i++) expect((await (await list()).json()).base_resp.status_code).toBe(1033);
    expect(fake.server.pendingFaults).toHaveLength(1);
    fake.server.clearFaults();
    expect(injected.remaining).toBe(0);
    expect((await (await list()).json()).base_resp.status_code).toBe(0);
  });

  it("requests for unknown paths do not use up a fault", async () => {
    fake.server.inject({ kind: "base-resp", code: 1000 });
    const notFound = await fetch(`${fake.server.url}/elsewhere`, { headers });
    expect(notFound.status).toBe(404);
    await notFound.text();
    expect((await (await list()).json()).base_resp.status_code).toBe(1000);
  });

  it("gateway faults come before authentication, as a proxy's would", async () => {
    fake.server.inject({ kind: "http-status", status: 502 });
    const response = await fetch(`${fake.server.url}/v1/files/list?purpose=voice_clone`);
    expect(response.status).toBe(502);
    await response.text();
  });

  it.each<[string, Fault]>([
    ["an unknown kind", { kind: "explode" } as unknown as Fault],
    ["times 0", { kind: "rate-limit", times: 0 }],
    ["fractional times", { kind: "rate-limit", times: 1.5 }],
    ["an unknown operation", { kind: "rate-limit", operation: "upload_file" as "upload" }],
    ["a negative delay", { kind: "slow-headers", delayMs: -1 }],
    ["every 0", { kind: "rate-limit", every: 0 }],
    ["a negative afterBytes", { kind: "truncated-download", afterBytes: -1 }],
    ["an unsupported status", { kind: "http-status", status: 418 as 500 }],
  ])("inject refuses %s", (_name, fault) => {
    expect(() => fake.server.inject(fault)).toThrow(TypeError);
    expect(fake.server.pendingFaults).toEqual([]);
  });
});
