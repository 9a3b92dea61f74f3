/**
 * Secrets: runs last (vitest.config.ts) and searches everything the suite collected (error
 * messages, stacks, util.inspect and JSON.stringify of every error and its causes, every logger
 * line, in this process and in the fault scenarios' child processes) for the API key in any of its
 * encodings. Before scanning it adds the hardest material: a server that echoes the caller's
 * Authorization header back in every place a client might copy into an error.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
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

test("a server echoing the Authorization header into its answers does not make the client leak it", async () => {
  // Every answer quotes the request's Authorization header: in a base_resp status_msg, an HTML error
  // page, a Retry-After-less 429 and a header the client might log.
  let answer = 0;
  const server = createServer((req, res) => {
    const auth = req.headers.authorization ?? "";
    req.resume();
    const variant = answer++ % 4;
    res.setHeader("Trace-Id", `trace ${auth}`);
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
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    const client = createMiniMaxFiles({
      apiKey: SECRET_API_KEY,
      baseUrl: url,
      maxRetries: 1,
      logger: collector.logger,
    });
    let errors = 0;
    for (let call = 0; call < 8; call++) {
      const error = await client.list({ purpose: "voice_clone" }).then(
        () => undefined,
        (thrown: unknown) => thrown,
      );
      expect(error).toBeInstanceOf(Error);
      collector.error(error);
      errors++;
    }
    expect(errors).toBe(8);
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
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
