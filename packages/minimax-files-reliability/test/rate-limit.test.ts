/**
 * Rate-limit convergence: 500 uploads through uploadMany against the fake server limited to
 * PER_SECOND requests a second (a token bucket answering base_resp 1002, as MiniMax does past its
 * RPM), each answer taking LATENCY_MS as MiniMax's own work does. With the client's default
 * adaptive window (AIMD) every upload must succeed with the default retries; the number of
 * rate-limit answers is printed (`rate-limit:`) beside a run with `adaptive: false` for comparison.
 * The figures are quoted in the client README's "Bulk jobs" section. The comparison is printed, not
 * asserted: how often the bucket runs dry depends on how fast this machine serves the uploads (on a
 * starved machine the fake itself stays under the limit); the window's arithmetic is pinned in the
 * runtime's limiter.test.ts.
 */
import { createMiniMaxFiles } from "@org/minimax-files";
import { type FakeMiniMax, startFakeMiniMax } from "@org/minimax-files-testing";
import { afterEach, expect, test } from "vitest";
import { SECRET_API_KEY } from "../src/secrets.js";

const UPLOADS = 500;
const PER_SECOND = 150;
const BURST = 10;
const LATENCY_MS = 20;
const CONCURRENCY = 16;

let server: FakeMiniMax | undefined;
afterEach(async () => {
  await server?.close();
});

async function bulkUpload(adaptive: boolean) {
  server = await startFakeMiniMax({
    apiKey: SECRET_API_KEY,
    rateLimit: { perSecond: PER_SECOND, burst: BURST },
    latencyMs: LATENCY_MS,
  });
  const client = createMiniMaxFiles({ apiKey: SECRET_API_KEY, baseUrl: server.url, rateLimit: { adaptive } });
  const items = Array.from({ length: UPLOADS }, (_, index) => ({
    purpose: "voice_clone",
    file: new TextEncoder().encode(`sample ${index}`),
    filename: `sample-${index}.mp3`,
  }));
  const started = performance.now();
  const results = await client.uploadMany(items, { concurrency: CONCURRENCY });
  const seconds = (performance.now() - started) / 1000;
  const failed = results.filter((result) => result.status === "rejected").length;
  const figures = {
    adaptive,
    uploads: UPLOADS,
    failed,
    rateLimitAnswers: server.rateLimited,
    requests: server.requests.length,
    stored: server.files.length,
    seconds: Number(seconds.toFixed(1)),
  };
  console.log(`rate-limit: ${JSON.stringify(figures)}`);
  return figures;
}

test(`${UPLOADS} uploads at ${PER_SECOND} requests/s: zero failures with the adaptive window`, async () => {
  const adaptive = await bulkUpload(true);
  expect(adaptive.failed).toBe(0);
  expect(adaptive.stored).toBe(UPLOADS); // a rate-limited upload is not stored, so none is stored twice
  expect(adaptive.requests).toBe(UPLOADS + adaptive.rateLimitAnswers);
  await server?.close();
  server = undefined;

  await bulkUpload(false); // printed for comparison
}, 120_000);
