// The rate-limit mode: a token bucket over authenticated API requests; a request over the limit is
// answered like MiniMax's RPM limit and not performed.
import { afterEach, describe, expect, it } from "vitest";
import { type FakeMiniMax, startFakeMiniMax } from "../src/index.js";
import { tokenBucket } from "../src/rate-limit.js";

const API_KEY = "sk-test-rate-limit-0123456789";
const headers = { Authorization: `Bearer ${API_KEY}` };
let server: FakeMiniMax | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

function upload(url: string, name: string) {
  const form = new FormData();
  form.set("purpose", "voice_clone");
  form.set("file", new Blob(["abc"]), name);
  return fetch(`${url}/v1/files/upload`, { method: "POST", body: form, headers });
}

describe("token bucket", () => {
  it("allows a burst, then perSecond tokens a second, never more than the burst", () => {
    let now = 0;
    const bucket = tokenBucket({ perSecond: 10, burst: 3 }, () => now);
    expect([bucket.take(), bucket.take(), bucket.take(), bucket.take()]).toEqual([true, true, true, false]);
    now += 100; // one token's worth
    expect([bucket.take(), bucket.take()]).toEqual([true, false]);
    now += 10_000; // refills to the burst, not to 100
    expect(Array.from({ length: 5 }, () => bucket.take())).toEqual([true, true, true, false, false]);
  });

  it("refuses a limit that would never let a request through", () => {
    expect(() => tokenBucket({ perSecond: 0 })).toThrow(TypeError);
    expect(() => tokenBucket({ perSecond: 5, burst: 0.5 })).toThrow(TypeError);
  });
});

describe("startFakeMiniMax({ rateLimit })", () => {
  it("answers base_resp 1002 past the burst, performs nothing for those, and counts them", async () => {
    server = await startFakeMiniMax({ apiKey: API_KEY, rateLimit: { perSecond: 0.001, burst: 2 } });
    const answers = [];
    for (const name of ["a.mp3", "b.mp3", "c.mp3", "d.mp3"]) {
      const response = await upload(server.url, name);
      answers.push([response.status, ((await response.json()) as { base_resp: { status_code: number } }).base_resp]);
    }
    expect(answers.map(([, baseResp]) => (baseResp as { status_code: number }).status_code)).toEqual([
      0, 0, 1002, 1002,
    ]);
    expect(answers.every(([status]) => status === 200)).toBe(true);
    expect(server.files.map((file) => file.filename)).toEqual(["a.mp3", "b.mp3"]);
    expect(server.rateLimited).toBe(2);
    expect(server.requests.map((request) => request.performed)).toEqual([true, true, false, false]);
  });

  it("answers HTTP 429 with code: 429; unauthenticated requests take no token", async () => {
    server = await startFakeMiniMax({ apiKey: API_KEY, rateLimit: { perSecond: 0.001, burst: 1, code: 429 } });
    const wrongKey = await fetch(`${server.url}/v1/files/list?purpose=voice_clone`, {
      headers: { Authorization: "Bearer wrong" },
    });
    expect(((await wrongKey.json()) as { base_resp: { status_code: number } }).base_resp.status_code).toBe(1004);
    const first = await fetch(`${server.url}/v1/files/list?purpose=voice_clone`, { headers });
    expect(first.status).toBe(200);
    const second = await fetch(`${server.url}/v1/files/list?purpose=voice_clone`, { headers });
    expect(second.status).toBe(429);
    expect(server.rateLimited).toBe(1);
  });

  it("latencyMs holds answers, so requests overlap and maxInFlight counts them", async () => {
    server = await startFakeMiniMax({ apiKey: API_KEY, latencyMs: 300 });
    const url = server.url;
    await Promise.all(["a.mp3", "b.mp3", "c.mp3"].map((name) => upload(url, name)));
    expect(server.maxInFlight).toBe(3);
    expect(server.files).toHaveLength(3);
  });
});
