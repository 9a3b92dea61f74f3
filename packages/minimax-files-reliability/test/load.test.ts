/**
 * Load: 1,000 list calls, 50 in flight, one client, against the fake server with rate-limit
 * faults sprinkled in. Every call must succeed, and the client must reuse its connections: a TCP
 * pass-through in front of the fake counts the sockets it opens (and the fake's own 'connection'
 * count must agree).
 */
import { createMiniMaxFiles } from "@org/minimax-files";
import { type FakeMiniMax, type Fault, startFakeMiniMax } from "@org/minimax-files-testing";
import { afterAll, beforeAll, expect, test } from "vitest";
import { type CountingProxy, startCountingProxy } from "../src/counting-proxy.js";
import { createCollector, SECRET_API_KEY } from "../src/secrets.js";

const CALLS = 1_000;
const IN_FLIGHT = 50;
/** A fault is queued at every FAULT_EVERY-th call start (when none is still pending). */
const FAULT_EVERY = 10;
/**
 * Faults are taken by whichever request reaches the fake next, retries included, so a call can be
 * unlucky more than once; 5 retries make a failure from that alone about (0.1)^6 per call.
 */
const MAX_RETRIES = 5;
/** The bound asserted on sockets opened: one per call slot in flight, plus slack for ones the server closed. */
const SOCKET_BOUND = IN_FLIGHT * 2;

const collector = createCollector("load");
const faultMix: Fault[] = [
  { kind: "rate-limit", code: 1002, operation: "list", retryAfter: 0 },
  { kind: "rate-limit", code: 1039, operation: "list", retryAfter: 0 },
  { kind: "rate-limit", http: true, operation: "list", retryAfter: 0 },
  { kind: "rate-limit", code: 1002, operation: "list" },
];

let server: FakeMiniMax;
let proxy: CountingProxy;
beforeAll(async () => {
  server = await startFakeMiniMax({ apiKey: SECRET_API_KEY });
  proxy = await startCountingProxy(server.url);
  for (let index = 0; index < 20; index++) {
    server.seed({ purpose: "voice_clone", filename: `sample-${index}.mp3`, content: "x".repeat(index + 1) });
  }
});
afterAll(async () => {
  await proxy?.close();
  await server?.close();
});

test(`${CALLS} list calls, ${IN_FLIGHT} in flight, with rate limits sprinkled in: all succeed on few sockets`, async () => {
  const client = createMiniMaxFiles({
    apiKey: SECRET_API_KEY,
    baseUrl: proxy.url,
    maxRetries: MAX_RETRIES,
    logger: collector.logger,
  });
  let started = 0;
  let injected = 0;
  let succeeded = 0;
  const failures: unknown[] = [];

  const worker = async () => {
    while (started < CALLS) {
      const index = started++;
      if (index % FAULT_EVERY === 0 && server.pendingFaults.length === 0) {
        server.inject(faultMix[injected % faultMix.length]!);
        injected++;
      }
      try {
        const files = await client.list({ purpose: "voice_clone" });
        expect(files).toHaveLength(20);
        succeeded++;
      } catch (error) {
        collector.error(error);
        failures.push(error);
      }
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));

  const listRequests = server.requests.filter((request) => request.operation === "list");
  const faulted = listRequests.filter((request) => request.fault === "rate-limit").length;
  const report = {
    calls: CALLS,
    inFlight: IN_FLIGHT,
    faultsInjected: injected,
    faultsTaken: faulted,
    requests: listRequests.length,
    succeeded,
    failed: failures.length,
    socketsOpened: proxy.connections,
    peakOpenSockets: proxy.peakOpen,
    fakeServerConnections: server.connections,
  };
  console.log(`load: ${JSON.stringify(report)}`);

  expect(failures).toEqual([]);
  expect(succeeded).toBe(CALLS);
  // The faults really happened and were retried: one extra request per fault taken.
  expect(injected).toBeGreaterThanOrEqual(CALLS / FAULT_EVERY / 2);
  expect(faulted).toBe(injected - server.pendingFaults.length);
  expect(listRequests.length).toBe(CALLS + faulted);
  expect(listRequests.every((request) => request.authorized !== false)).toBe(true);
  // The pass-through opens one upstream connection per client connection: the fake's own
  // 'connection' count agrees with the proxy's.
  expect(server.connections.opened).toBe(proxy.connections);
  // Connections are pooled and reused, not opened per request.
  expect(proxy.connections).toBeLessThanOrEqual(SOCKET_BOUND);
  expect(proxy.peakOpen).toBeLessThanOrEqual(SOCKET_BOUND);
});
