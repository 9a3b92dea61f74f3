// The opt-in `cors` option: a page on another origin (the consumer tests' headless Chromium) can call
// the fake, read Trace-Id, and pass the preflight its Authorization header triggers.
import { afterEach, expect, it } from "vitest";
import { type FakeMiniMax, startFakeMiniMax } from "../src/index.js";

const ORIGIN = "http://127.0.0.1:9";
let server: FakeMiniMax | undefined;
afterEach(async () => {
  await server?.close();
});

const preflight = (url: string) =>
  fetch(`${url}/v1/files/upload`, {
    method: "OPTIONS",
    headers: {
      Origin: ORIGIN,
      "Access-Control-Request-Method": "POST",
      "Access-Control-Request-Headers": "authorization,content-type",
    },
  });

it("with cors, a preflight is answered 204 allowing Authorization and Content-Type, and not logged", async () => {
  server = await startFakeMiniMax({ cors: true });
  const response = await preflight(server.url);
  expect(response.status).toBe(204);
  expect(response.headers.get("access-control-allow-origin")).toBe("*");
  expect(response.headers.get("access-control-allow-methods")).toBe("GET, POST");
  expect(response.headers.get("access-control-allow-headers")).toBe("Authorization, Content-Type");
  expect(server.requests).toHaveLength(0);
});

it("with cors, answers (errors included) allow any origin and expose Trace-Id", async () => {
  server = await startFakeMiniMax({ cors: true });
  const ok = await fetch(`${server.url}/v1/files/list?purpose=voice_clone`, {
    headers: { Origin: ORIGIN, Authorization: `Bearer ${server.apiKey}` },
  });
  const wrongKey = await fetch(`${server.url}/v1/files/list?purpose=voice_clone`, {
    headers: { Origin: ORIGIN, Authorization: "Bearer wrong" },
  });
  for (const response of [ok, wrongKey]) {
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    expect(response.headers.get("access-control-expose-headers")).toBe("Trace-Id");
    expect(response.headers.get("trace-id")).toMatch(/^[0-9a-f]{32}$/);
  }
  expect((await wrongKey.json()).base_resp.status_code).toBe(1004);
  expect(server.requests.map((request) => request.authorized)).toEqual([true, false]);
});

it("without cors (the default), no CORS header is sent and OPTIONS is an unknown route", async () => {
  server = await startFakeMiniMax();
  const response = await preflight(server.url);
  expect(response.status).toBe(404);
  expect(response.headers.get("access-control-allow-origin")).toBeNull();
  const list = await fetch(`${server.url}/v1/files/list?purpose=voice_clone`, {
    headers: { Origin: ORIGIN, Authorization: `Bearer ${server.apiKey}` },
  });
  expect(list.headers.get("access-control-allow-origin")).toBeNull();
});
