// Faults that fail AFTER the service did the work: the upload is stored, the file deleted, and
// then the answer is lost. `performed` in the request log says the work happened.
import { describe, expect, it } from "vitest";
import type { Fault } from "../src/index.js";
import { causeCode, rejectionOf, until, useFakeServer } from "./support/http.js";

const fake = useFakeServer("sk-test-after-work-0123456789");
const { headers } = fake;

function upload(init: RequestInit = {}) {
  const form = new FormData();
  form.set("purpose", "voice_clone");
  form.set("file", new Blob(["abc"]), "a.mp3");
  return fetch(`${fake.server.url}/v1/files/upload`, { method: "POST", body: form, headers, ...init });
}

const deleteFile = (fileId: bigint) =>
  fetch(`${fake.server.url}/v1/files/delete`, {
    method: "POST",
    headers: { ...headers, "Content-Type": "application/json" },
    body: `{"file_id":${fileId},"purpose":"voice_clone"}`,
  });

describe("store-then-…: the upload is stored, then its answer is lost", () => {
  it("store-then-reset: the connection is reset before any header, one file is stored", async () => {
    fake.server.inject({ kind: "reset-before-headers", afterWork: true, operation: "upload" });
    const error = await rejectionOf(upload());
    expect(causeCode(error)).toBe("ECONNRESET");
    expect(fake.server.files.map((file) => file.filename)).toEqual(["a.mp3"]);
    expect(fake.server.requests[0]).toMatchObject({
      fault: "reset-before-headers",
      performed: true,
      httpStatus: undefined,
    });
  });

  it("store-then-502: an nginx 502 page, one file is stored", async () => {
    fake.server.inject({ kind: "http-status", status: 502, afterWork: true });
    const response = await upload();
    expect(response.status).toBe(502);
    expect(await response.text()).toContain("502 Bad Gateway");
    expect(fake.server.files).toHaveLength(1);
    expect(fake.server.requests[0]).toMatchObject({ performed: true, httpStatus: 502 });
  });

  it("store-then-base-resp-1000: base_resp 1000, one file is stored", async () => {
    fake.server.inject({ kind: "base-resp", code: 1000, afterWork: true });
    const response = await upload();
    expect(await response.json()).toEqual({ base_resp: { status_code: 1000, status_msg: "unknown error" } });
    expect(fake.server.files).toHaveLength(1);
    expect(fake.server.requests[0]).toMatchObject({ performed: true, statusCode: 1000 });
  });

  it("store-then-hang: stored, then no answer until the client gives up", async () => {
    fake.server.inject({ kind: "slow-headers", delayMs: Number.POSITIVE_INFINITY, afterWork: true });
    const controller = new AbortController();
    const pending = upload({ signal: controller.signal });
    await until(() => fake.server.files.length === 1);
    // Well past any finite delay a test would use: still no answer.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(fake.server.requests[0]).toMatchObject({ performed: true, httpStatus: undefined });
    controller.abort();
    await expect(pending).rejects.toThrow(/aborted/i);
    const next = await upload();
    expect((await next.json()).base_resp.status_code).toBe(0);
    expect(fake.server.files).toHaveLength(2);
  });

  it("store-then-hang: closing the server ends the held request", async () => {
    fake.server.inject({ kind: "slow-headers", delayMs: Number.POSITIVE_INFINITY, afterWork: true });
    const pending = rejectionOf(upload());
    await until(() => fake.server.files.length === 1);
    await fake.server.close();
    expect(causeCode(await pending)).toMatch(/ECONNRESET|UND_ERR_SOCKET/);
  });

  it("store-then-cut-body: half the JSON answer, then a clean close; one file is stored", async () => {
    fake.server.inject({ kind: "truncated-download", operation: "upload" });
    const response = await upload();
    expect(response.status).toBe(200);
    await expect(response.text()).rejects.toThrow(/terminated/);
    expect(fake.server.files).toHaveLength(1);
    expect(fake.server.requests[0]).toMatchObject({ fault: "truncated-download", performed: true });
  });

  it("the same faults without afterWork answer instead of the service: nothing is stored", async () => {
    fake.server.inject({ kind: "http-status", status: 502 });
    fake.server.inject({ kind: "reset-before-headers" });
    fake.server.inject({ kind: "base-resp", code: 1000 });
    expect((await upload()).status).toBe(502);
    await rejectionOf(upload());
    expect((await (await upload()).json()).base_resp.status_code).toBe(1000);
    expect(fake.server.files).toEqual([]);
    expect(fake.server.requests.map((request) => request.performed)).toEqual([false, false, false]);
  });
});

describe("delete-then-…: the file is deleted, then the answer is lost", () => {
  it("delete-then-504: a gateway timeout page, and the file is gone", async () => {
    const seeded = fake.server.seed({ purpose: "voice_clone", filename: "v.mp3", content: "v" });
    fake.server.inject({ kind: "http-status", status: 504, afterWork: true, operation: "delete" });
    const response = await deleteFile(seeded.fileId);
    expect(response.status).toBe(504);
    await response.text();
    expect(fake.server.files).toEqual([]);
    expect(fake.server.requests[0]).toMatchObject({ operation: "delete", performed: true, httpStatus: 504 });
    // The retry a client would make: the file is not found (2013), and the work is not done again.
    const retry = await deleteFile(seeded.fileId);
    expect((await retry.json()).base_resp.status_code).toBe(2013);
    expect(fake.server.requests[1]).toMatchObject({ performed: false, statusCode: 2013 });
  });

  it("delete-then-reset: the connection is reset, and the file is gone", async () => {
    const seeded = fake.server.seed({ purpose: "voice_clone", filename: "v.mp3", content: "v" });
    fake.server.inject({ kind: "reset-before-headers", afterWork: true, operation: "delete" });
    expect(causeCode(await rejectionOf(deleteFile(seeded.fileId)))).toBe("ECONNRESET");
    expect(fake.server.files).toEqual([]);
    expect(fake.server.requests[0]).toMatchObject({ performed: true });
  });
});

describe("performed", () => {
  it("is true for a served read, false for a wrong key and for a failed operation", async () => {
    await (await fetch(`${fake.server.url}/v1/files/list?purpose=voice_clone`, { headers })).text();
    await (await fetch(`${fake.server.url}/v1/files/list?purpose=voice_clone`)).text();
    await (await deleteFile(123n)).text();
    expect(fake.server.requests.map((request) => [request.operation, request.statusCode, request.performed])).toEqual([
      ["list", 0, true],
      ["list", 1004, false],
      ["delete", 2013, false],
    ]);
  });

  it("counts stored files across retries: afterWork, then a success, is two files", async () => {
    fake.server.inject({ kind: "http-status", status: 502, afterWork: true });
    await (await upload()).text();
    await (await upload()).text();
    expect(fake.server.requests.filter((request) => request.performed)).toHaveLength(2);
    expect(fake.server.files).toHaveLength(2);
  });

  it("with afterWork, a wrong key performs nothing, and the fault still replaces the service's answer", async () => {
    fake.server.inject({ kind: "http-status", status: 502, afterWork: true });
    const response = await upload({ headers: { Authorization: "Bearer wrong-key" } });
    expect(response.status).toBe(502);
    await response.text();
    expect(fake.server.files).toEqual([]);
    expect(fake.server.requests[0]).toMatchObject({ performed: false, authorized: false, httpStatus: 502 });
  });
});

it.each<[string, Fault]>([
  ["afterWork on a damaging fault", { kind: "truncated-download", afterWork: true } as unknown as Fault],
  ["a non-boolean afterWork", { kind: "http-status", status: 502, afterWork: "yes" } as unknown as Fault],
])("inject refuses %s", (_name, fault) => {
  expect(() => fake.server.inject(fault)).toThrow(TypeError);
});
