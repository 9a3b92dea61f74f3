/**
 * Faults: every fault the fake server injects, each with the outcome it must have. Each call runs
 * in a child process (src/scenario-child.mjs) so that, besides the outcome, the test sees that
 * nothing rejected unhandled and that the process then ended by itself (a leaked timer, socket or
 * unconsumed body would keep it alive); each download's folder is listed afterwards, so a partial
 * or temporary file fails the test.
 */
import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { type FakeMiniMax, type Fault, startFakeMiniMax } from "@org/minimax-files-testing";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { runScenario, type ScenarioError, type ScenarioInput, type ScenarioOutcome } from "../src/scenario.js";
import { createCollector, SECRET_API_KEY } from "../src/secrets.js";

const collector = createCollector("faults");

const SEEDED_ID = 307593383186476n;
/** Large enough that a download or upload is surely mid-transfer when the first progress event fires. */
const BIG_FILE_BYTES = 32 * 1024 * 1024;

type Expected =
  | { ok: true; requests: number }
  | { ok: false; requests: number; error: Partial<ScenarioError> & { name: string } };

interface FaultCase {
  name: string;
  faults: Fault[];
  operation: ScenarioInput["operation"];
  expected: Expected;
  clientOptions?: ScenarioInput["clientOptions"];
  abortAfterBytes?: number;
  /** Seed a file of this size instead of a small one. */
  seedBytes?: number;
  /** Node flags for the child (a memory limit). */
  nodeOptions?: string[];
}

const apiError = (kind: string, extra: Partial<ScenarioError> = {}) => ({
  name: "MiniMaxApiError",
  isApiError: true,
  isMiniMaxError: true,
  kind,
  ...extra,
});
const connectionError = { name: "MiniMaxConnectionError", isConnectionError: true, isMiniMaxError: true };
const timeoutError = {
  name: "MiniMaxTimeoutError",
  isTimeoutError: true,
  isConnectionError: true,
  isMiniMaxError: true,
};
const responseError = { name: "MiniMaxResponseError", isMiniMaxError: true, isApiError: false };
const abortedByCaller = { name: "Error", isAbortReason: true, isMiniMaxError: false };

const cases: FaultCase[] = [
  // Rate limits: retried within the budget (default maxRetries 2), Retry-After honoured.
  {
    name: "rate limit base_resp 1002, no Retry-After, twice: success on the third attempt",
    faults: [{ kind: "rate-limit", code: 1002, times: 2 }],
    operation: "list",
    expected: { ok: true, requests: 3 },
  },
  {
    name: "rate limit base_resp 1039 with Retry-After: 1, once: success on the second attempt",
    faults: [{ kind: "rate-limit", code: 1039, retryAfter: 1 }],
    operation: "list",
    expected: { ok: true, requests: 2 },
  },
  {
    name: "rate limit HTTP 429 with Retry-After: 1, once: success",
    faults: [{ kind: "rate-limit", http: true, retryAfter: 1 }],
    operation: "retrieve",
    expected: { ok: true, requests: 2 },
  },
  {
    name: "rate limit HTTP 429 without Retry-After beyond the budget: rate_limit error after 3 attempts",
    faults: [{ kind: "rate-limit", http: true, times: 3 }],
    operation: "list",
    expected: { ok: false, requests: 3, error: apiError("rate_limit", { httpStatus: 429 }) },
  },
  {
    name: "rate limit base_resp 1002 with maxRetries 0: rate_limit error, code 1002, one attempt",
    faults: [{ kind: "rate-limit", code: 1002, times: 5 }],
    operation: "list",
    clientOptions: { maxRetries: 0 },
    expected: { ok: false, requests: 1, error: apiError("rate_limit", { code: 1002, httpStatus: 200 }) },
  },
  // Proxies answering with HTML pages.
  {
    name: "HTTP 500 with an HTML body, once: success",
    faults: [{ kind: "http-status", status: 500 }],
    operation: "list",
    expected: { ok: true, requests: 2 },
  },
  {
    name: "HTTP 502 with an HTML body beyond the budget: server error, no base_resp code",
    faults: [{ kind: "http-status", status: 502, times: 3 }],
    operation: "retrieve",
    expected: { ok: false, requests: 3, error: apiError("server", { httpStatus: 502, code: null }) },
  },
  {
    name: "HTTP 503 with an HTML body, twice, on download: success, whole file",
    faults: [{ kind: "http-status", status: 503, times: 2 }],
    operation: "download",
    expected: { ok: true, requests: 3 },
  },
  // Connections cut.
  {
    name: "reset before headers, once: success",
    faults: [{ kind: "reset-before-headers" }],
    operation: "list",
    expected: { ok: true, requests: 2 },
  },
  {
    name: "reset before headers beyond the budget: connection error",
    faults: [{ kind: "reset-before-headers", times: 3 }],
    operation: "list",
    expected: { ok: false, requests: 3, error: connectionError },
  },
  {
    name: "reset before headers on an upload from a path: a list finds nothing, re-sent from the file, stored once",
    faults: [{ kind: "reset-before-headers", operation: "upload" }],
    operation: "upload",
    expected: { ok: true, requests: 3 },
  },
  {
    name: "reset mid-body on a JSON reply, once: success",
    faults: [{ kind: "reset-mid-body", operation: "list" }],
    operation: "list",
    expected: { ok: true, requests: 2 },
  },
  {
    name: "reset mid-body on a download beyond the budget: connection error, no partial file",
    faults: [{ kind: "reset-mid-body", operation: "retrieveContent", times: 3 }],
    operation: "download",
    seedBytes: 4 * 1024 * 1024,
    expected: { ok: false, requests: 3, error: connectionError },
  },
  // Slow answers.
  {
    name: "slow headers past timeoutMs, once: timeout retried, success",
    faults: [{ kind: "slow-headers", delayMs: 20_000 }],
    operation: "list",
    // Generous, so the retry's normal answer arrives in time even on a starved machine.
    clientOptions: { timeoutMs: 5_000 },
    expected: { ok: true, requests: 2 },
  },
  {
    name: "slow headers past timeoutMs every time: timeout error",
    faults: [{ kind: "slow-headers", delayMs: 20_000, times: 3 }],
    operation: "retrieve",
    clientOptions: { timeoutMs: 500 },
    expected: { ok: false, requests: 3, error: timeoutError },
  },
  // Damaged bodies.
  {
    name: "truncated download, once: retried, whole file",
    faults: [{ kind: "truncated-download", operation: "retrieveContent" }],
    operation: "download",
    expected: { ok: true, requests: 2 },
  },
  {
    name: "truncated download beyond the budget: connection error, no partial file",
    faults: [{ kind: "truncated-download", operation: "retrieveContent", times: 3 }],
    operation: "download",
    expected: { ok: false, requests: 3, error: connectionError },
  },
  {
    name: "malformed JSON: response error, not a SyntaxError",
    faults: [{ kind: "malformed-json", times: 3 }],
    operation: "list",
    expected: { ok: false, requests: 1, error: responseError },
  },
  {
    name: "missing base_resp: response error, not a TypeError",
    faults: [{ kind: "missing-base-resp", times: 3 }],
    operation: "retrieve",
    expected: { ok: false, requests: 1, error: responseError },
  },
  // base_resp codes.
  {
    name: "unknown base_resp code 4242: kind unknown, not retried",
    faults: [{ kind: "base-resp", code: 4242, msg: "something new", times: 3 }],
    operation: "retrieve",
    expected: { ok: false, requests: 1, error: apiError("unknown", { code: 4242, httpStatus: 200 }) },
  },
  {
    name: "base_resp 1013 (internal error), once: retried, success",
    faults: [{ kind: "base-resp", code: 1013 }],
    operation: "delete",
    expected: { ok: true, requests: 2 },
  },
  {
    name: "base_resp 1004: authentication, not retried",
    faults: [{ kind: "base-resp", code: 1004, times: 3 }],
    operation: "list",
    expected: { ok: false, requests: 1, error: apiError("authentication", { code: 1004 }) },
  },
  {
    name: "base_resp 1008: insufficient_balance, not retried",
    faults: [{ kind: "base-resp", code: 1008, times: 3 }],
    operation: "upload",
    expected: { ok: false, requests: 1, error: apiError("insufficient_balance", { code: 1008 }) },
  },
  {
    name: "base_resp 2013: invalid_input, not retried",
    faults: [{ kind: "base-resp", code: 2013, times: 3 }],
    operation: "delete",
    expected: { ok: false, requests: 1, error: apiError("invalid_input", { code: 2013 }) },
  },
  // The caller gives up.
  {
    name: "caller abort mid-download: rejects with the signal's reason, no partial file, no retry",
    faults: [],
    operation: "download",
    seedBytes: BIG_FILE_BYTES,
    abortAfterBytes: 1,
    expected: { ok: false, requests: 1, error: abortedByCaller },
  },
  // Side effects whose answer was lost after the work (issue 11): one stored file, no failed delete.
  {
    name: "store-then-502 (upload): the list finds the stored file, adopted, one file stored",
    faults: [{ kind: "http-status", status: 502, afterWork: true, operation: "upload" }],
    operation: "upload",
    expected: { ok: true, requests: 2 },
  },
  {
    name: "store-then-reset (upload): adopted after a list, one file stored",
    faults: [{ kind: "reset-before-headers", afterWork: true, operation: "upload" }],
    operation: "upload",
    expected: { ok: true, requests: 2 },
  },
  {
    name: "store-then-hang (upload), timeoutMs 1000: adopted after a list, one file stored",
    faults: [{ kind: "slow-headers", delayMs: Number.POSITIVE_INFINITY, afterWork: true, operation: "upload" }],
    operation: "upload",
    clientOptions: { timeoutMs: 1000 },
    expected: { ok: true, requests: 2 },
  },
  {
    name: "delete-then-504: the repeat's 2013 means done: success",
    faults: [{ kind: "http-status", status: 504, afterWork: true, operation: "delete" }],
    operation: "delete",
    expected: { ok: true, requests: 2 },
  },
  // Hostile answers (issue 11): bounded, never a crash.
  {
    name: "gzip bomb (list, 4 GiB inflated) in a child limited to 64 MiB of heap: MiniMaxResponseError, not retried",
    faults: [{ kind: "gzip-bomb", operation: "list" }],
    operation: "list",
    nodeOptions: ["--max-old-space-size=64"],
    expected: { ok: false, requests: 1, error: responseError },
  },
  {
    name: "endless JSON body (list): MiniMaxResponseError at the cap, not retried",
    faults: [{ kind: "endless-body", operation: "list" }],
    operation: "list",
    expected: { ok: false, requests: 1, error: responseError },
  },
  {
    name: "redirect 302 on delete: MiniMaxResponseError, not followed, not retried",
    faults: [{ kind: "redirect", status: 302, operation: "delete" }],
    operation: "delete",
    expected: { ok: false, requests: 1, error: responseError },
  },
  {
    name: "caller abort mid-upload: rejects with the signal's reason, nothing stored, no retry",
    faults: [],
    operation: "upload",
    seedBytes: BIG_FILE_BYTES,
    abortAfterBytes: 1,
    expected: { ok: false, requests: 1, error: abortedByCaller },
  },
];

let work: string;
beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), "minimax-faults-"));
});
afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

/** Sums what the suite saw, for docs/RELIABILITY.md. */
const tally = { scenarios: 0, requests: 0, failures: 0 };
afterAll(() => {
  console.log(`faults: ${tally.scenarios} scenarios, ${tally.requests} requests, ${tally.failures} typed failures`);
});

describe.concurrent("each injected fault has a stated outcome", () => {
  test.each(cases.map((fault) => [fault.name, fault] as const))("%s", async (_name, fault) => {
    const server = await startFakeMiniMax({ apiKey: SECRET_API_KEY });
    const dir = await mkdtemp(path.join(work, "case-"));
    try {
      const outcome = await runCase(server, dir, fault);
      const result = outcome.result;
      tally.scenarios++;
      tally.requests += server.requests.length;
      if (result && !result.ok) tally.failures++;
      for (const line of outcome.logs) collector.text("log", line);
      if (result && !result.ok) {
        for (const text of [
          result.error.message,
          result.error.inspect,
          result.error.json ?? "",
          result.error.causeInspect ?? "",
        ])
          collector.text("child-error", text);
      }

      // Settled, nothing unhandled, and the process ended by itself.
      expect(result, outcome.stderr).toBeDefined();
      expect(outcome.unhandled).toEqual([]);
      expect(outcome.exitedByItself, `still alive after settling; active: ${JSON.stringify(result?.active)}`).toBe(
        true,
      );
      expect(outcome.exitCode).toBe(0);

      // The stated outcome.
      // Attempts as the client logged them: a request the client gave up on before the server read it
      // (a timeout on a starved machine) never shows in server.requests.
      const attempts = outcome.logs.filter((line) => /\(attempt \d+\)/.test(line)).length;
      const operationRequests = server.requests.filter((request) => request.operation !== "downloadUrl");
      if (fault.expected.ok) {
        expect(result!.ok, result!.ok ? "" : result!.error.inspect).toBe(true);
      } else {
        expect(result!.ok).toBe(false);
        if (!result!.ok) expect(result!.error).toMatchObject(fault.expected.error);
      }
      expect(attempts).toBe(fault.expected.requests);
      expect(operationRequests.length).toBeLessThanOrEqual(attempts);
      // Timeouts and aborts may give up before the server has read the request.
      if (fault.abortAfterBytes === undefined && fault.faults.every((injected) => injected.kind !== "slow-headers")) {
        expect(operationRequests).toHaveLength(attempts);
      }

      await expectFilesLeft(server, dir, fault, result!.ok);
    } finally {
      await server.close();
    }
  });
});

describe("aborts release everything", () => {
  test("abort of a path upload while the server reads nothing: the file and socket are let go, the child exits", async () => {
    // A server that accepts the connection and never reads the body: fetch's write blocks.
    const stalled = createServer((request) => request.pause());
    await new Promise<void>((resolve) => stalled.listen(0, "127.0.0.1", resolve));
    const dir = await mkdtemp(path.join(work, "stalled-"));
    const source = path.join(dir, "big.txt");
    await writeFile(source, Buffer.alloc(BIG_FILE_BYTES, 97));
    try {
      const outcome = await runScenario({
        baseUrl: `http://127.0.0.1:${(stalled.address() as AddressInfo).port}`,
        apiKey: SECRET_API_KEY,
        operation: "upload",
        args: { purpose: "t2a_async_input", path: source },
        abortAfterBytes: 1,
      });
      expect(outcome.result?.ok).toBe(false);
      if (outcome.result && !outcome.result.ok) expect(outcome.result.error).toMatchObject(abortedByCaller);
      expect(outcome.unhandled).toEqual([]);
      expect(
        outcome.exitedByItself,
        `still alive after settling; active: ${JSON.stringify(outcome.result?.active)}`,
      ).toBe(true);
    } finally {
      stalled.closeAllConnections();
      await new Promise((resolve) => stalled.close(resolve));
    }
  });
});

describe("the checks above can fail", () => {
  test("a timer left running keeps the child alive, and is reported", async () => {
    const server = await startFakeMiniMax({ apiKey: SECRET_API_KEY });
    try {
      const outcome = await runScenario(
        { baseUrl: server.url, apiKey: SECRET_API_KEY, operation: "control-leaked-timer" },
        { exitWithinMs: 2_000 },
      );
      expect(outcome.result?.ok).toBe(true);
      expect(outcome.exitedByItself).toBe(false);
      expect(outcome.result?.active).toContain("Timeout");
    } finally {
      await server.close();
    }
  });

  test("an unhandled rejection in the child is reported", async () => {
    const server = await startFakeMiniMax({ apiKey: SECRET_API_KEY });
    try {
      const outcome = await runScenario({
        baseUrl: server.url,
        apiKey: SECRET_API_KEY,
        operation: "control-unhandled-rejection",
      });
      expect(outcome.unhandled.join("\n")).toMatch(/control: nobody handles this/);
    } finally {
      await server.close();
    }
  });
});

async function runCase(server: FakeMiniMax, dir: string, fault: FaultCase): Promise<ScenarioOutcome> {
  const seeded = server.seed({
    purpose: "t2a_async_input",
    filename: "seeded.txt",
    fileId: SEEDED_ID,
    ...(fault.seedBytes ? { size: fault.seedBytes } : { content: "seeded file content\n" }),
  });
  const source = path.join(dir, "..", `${path.basename(dir)}-upload.txt`);
  await writeFile(source, fault.seedBytes ? Buffer.alloc(fault.seedBytes, 97) : "upload body\n");
  for (const injected of fault.faults) server.inject(injected);
  const argsByOperation: Partial<Record<ScenarioInput["operation"], Record<string, unknown>>> = {
    list: { purpose: "t2a_async_input" },
    retrieve: { fileId: String(seeded.fileId) },
    retrieveContent: { fileId: String(seeded.fileId) },
    download: { fileId: String(seeded.fileId), destinationPath: path.join(dir, "download.bin") },
    upload: { purpose: "t2a_async_input", path: source },
    delete: { fileId: String(seeded.fileId), purpose: "t2a_async_input" },
  };
  const args = argsByOperation[fault.operation];
  return runScenario(
    {
      baseUrl: server.url,
      apiKey: SECRET_API_KEY,
      operation: fault.operation,
      args,
      clientOptions: fault.clientOptions,
      abortAfterBytes: fault.abortAfterBytes,
    },
    { nodeOptions: fault.nodeOptions },
  );
}

async function expectFilesLeft(server: FakeMiniMax, dir: string, fault: FaultCase, ok: boolean): Promise<void> {
  // The download folder holds the complete file after a success and nothing at all otherwise.
  expect(await readdir(dir)).toEqual(fault.operation === "download" && ok ? ["download.bin"] : []);
  if (fault.operation === "upload") {
    const uploaded = server.files.filter((file) => file.filename !== "seeded.txt");
    expect(uploaded).toHaveLength(ok ? 1 : 0);
  }
}
