/**
 * Secrets: runs last (vitest.config.ts) and searches everything the suite collected (error
 * messages, stacks, util.inspect and JSON.stringify of every error and its causes, every logger
 * line, in this process and in the fault scenarios' child processes) for the API key in any of its
 * encodings. Before scanning it adds the hardest material: a server that echoes the caller's
 * Authorization header back in every place a client might copy into an error (the Trace-Id header
 * echo has its own test, so that a leak there is reported on its own).
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { inspect } from "node:util";
import { createMiniMaxFiles } from "@org/minimax-files";
import { expect, test } from "vitest";
import { type CollectedText, createCollector, readCollected, SECRET_API_KEY, secretForms } from "../src/secrets.js";

const collector = createCollector("secrets");

function findLeaks(texts: readonly CollectedText[], forms: readonly string[]): CollectedText[] {
  return texts.filter((entry) => forms.some((form) => entry.text.includes(form)));
}

test("the scanner finds the key in every encoding it searches for", () => {
  const planted = secretForms().map((form, index) => ({
    source: "control",
    form: "message",
    text: `x${index} ${form} y`,
  }));
  expect(findLeaks(planted, secretForms())).toHaveLength(planted.length);
  expect(findLeaks([{ source: "control", form: "message", text: "mmx-reliability-5ecret" }], secretForms())).toEqual(
    [],
  );
});

/** A server that quotes the request's Authorization header back in every answer body. */
async function startEchoServer(echoInTraceId: boolean) {
  let answer = 0;
  const server = createServer((req, res) => {
    const auth = req.headers.authorization ?? "";
    req.resume();
    const variant = answer++ % 4;
    res.setHeader("Trace-Id", echoInTraceId ? `trace ${auth}` : `trace-${answer}`);
    if (variant === 0) {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ base_resp: { status_code: 1004, status_msg: `invalid key: ${auth}` } }));
    } else if (variant === 1) {
      res.writeHead(502, { "content-type": "text/html" });
      res.end(`<html><body>upstream rejected ${auth}</body></html>`);
    } else if (variant === 2) {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(`{"base_resp": {"status_code": 0, "status_msg": "${auth}"`);
    } else {
      res.writeHead(401, { "content-type": "text/plain" });
      res.end(`unauthorized ${auth} ${encodeURIComponent(auth)}`);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** Eight failing calls against the echo server; every error goes to `record`. */
async function failAgainst(url: string, record: (error: unknown) => void, logger = collector.logger) {
  const client = createMiniMaxFiles({ apiKey: SECRET_API_KEY, baseUrl: url, maxRetries: 1, logger });
  for (let call = 0; call < 8; call++) {
    const error = await client.list({ purpose: "voice_clone" }).then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(Error);
    record(error);
  }
}

test("a server echoing the Authorization header into status_msg, error pages and bodies: collected for the scan", async () => {
  const server = await startEchoServer(false);
  try {
    let recorded = 0;
    await failAgainst(server.url, (error) => {
      collector.error(error);
      recorded++;
    });
    expect(recorded).toBe(8);
  } finally {
    await server.close();
  }
});

// Was a known runtime issue (Trace-Id copied into errors and log lines unredacted), held by a
// test.fails until the runtime scrubbed the key from Trace-Id like from any other server text.
test("a Trace-Id header echoing the Authorization header is not copied into errors", async () => {
  // Kept out of the suite-wide collection so that this one known path reports on its own.
  const texts: CollectedText[] = [];
  const local = (form: string, text: string) => texts.push({ source: "trace-id", form, text });
  const server = await startEchoServer(true);
  try {
    await failAgainst(
      server.url,
      (error) => {
        local("message", (error as Error).message);
        local("inspect", inspect(error, { depth: Number.POSITIVE_INFINITY, showHidden: true }));
        local("json", JSON.stringify(error) ?? "");
      },
      {
        debug: (msg) => local("log", msg),
        info: (msg) => local("log", msg),
        warn: (msg) => local("log", msg),
        error: (msg) => local("log", msg),
      },
    );
  } finally {
    await server.close();
  }
  expect(texts.length).toBeGreaterThan(24);
  expect(findLeaks(texts, secretForms()).map((leak) => `${leak.form}: ${leak.text.slice(0, 200)}`)).toEqual([]);
});

test("no error message, inspected error, JSON error or log line of the whole suite holds the API key", () => {
  const collected = readCollected();
  const sources = new Set(collected.map((entry) => entry.source));
  const forms = new Set(collected.map((entry) => entry.form));
  const counts = Object.fromEntries(
    [...sources].map((source) => [source, collected.filter((entry) => entry.source === source).length]),
  );
  console.log(`secret scan: ${collected.length} texts from ${JSON.stringify(counts)}`);

  // The scan covers the whole suite, not just this file (the other files ran first).
  for (const source of ["contract", "overlay", "faults", "properties", "download-names", "load", "secrets"]) {
    expect(sources, `nothing collected from ${source}`).toContain(source);
  }
  for (const form of ["message", "inspect", "json", "stack", "log", "child-error"]) {
    expect(forms, `no ${form} texts collected`).toContain(form);
  }
  expect(collected.length).toBeGreaterThan(1_000);

  const leaks = findLeaks(collected, secretForms());
  expect(leaks.map((leak) => `${leak.source}/${leak.form}: ${leak.text.slice(0, 300)}`)).toEqual([]);
});
