// The documented fields of a file object are required in the types; an answer lacking one is a
// MiniMaxResponseError, so the types never lie. Served by a small real HTTP server whose answers
// are scripted per path.
import { once } from "node:events";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { createMiniMaxFiles, MiniMaxResponseError } from "../src/index.js";
import { rejectionOf } from "./helpers.js";

let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  server = undefined;
});

const complete = { file_id: 7, bytes: 3, created_at: 1700000000, filename: "a.txt", purpose: "t2a_async_input" };
const ok = { status_code: 0, status_msg: "success" };

/** Answers every request with `body` (JSON) and a Trace-Id; counts requests. */
async function serve(body: unknown): Promise<{ url: string; requests: string[] }> {
  const requests: string[] = [];
  server = createServer((req, res) => {
    requests.push(new URL(req.url ?? "/", "http://x").pathname);
    req.resume();
    req.on("end", () =>
      res.writeHead(200, { "content-type": "application/json", "trace-id": "t-1" }).end(JSON.stringify(body)),
    );
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests };
}

describe("a file object without a documented field", () => {
  for (const field of ["file_id", "bytes", "created_at", "filename", "purpose"] as const) {
    it(`lacking ${field}: retrieve, list and upload fail naming it`, async () => {
      const { [field]: _dropped, ...partial } = complete;
      const { url, requests } = await serve({ file: partial, files: [complete, partial], base_resp: ok });
      const client = createMiniMaxFiles({ apiKey: "k", baseUrl: url });
      for (const call of [
        () => client.retrieve(7),
        () => client.list({ purpose: "t2a_async_input" }),
        () => client.upload({ file: new Blob(["abc"]), filename: "a.txt", purpose: "t2a_async_input" }),
      ]) {
        const error = await rejectionOf(call());
        expect(error).toBeInstanceOf(MiniMaxResponseError);
        expect(error.message).toMatch(new RegExp(`file object without ${field}\\.`));
        expect(error).toMatchObject({ httpStatus: 200, traceId: "t-1" });
      }
      // Not retried: the same answer would come back.
      expect(requests).toHaveLength(3);
    });
  }

  it("a field of the wrong type counts as missing; download_url may be absent", async () => {
    const { url } = await serve({ file: { ...complete, bytes: "3", file_id: -1 }, base_resp: ok });
    const error = await rejectionOf(createMiniMaxFiles({ apiKey: "k", baseUrl: url }).retrieve(7));
    expect(error.message).toMatch(/without file_id, bytes\.$/);
  });

  it("a complete file object passes as it came", async () => {
    const { url } = await serve({ file: complete, base_resp: ok });
    expect(await createMiniMaxFiles({ apiKey: "k", baseUrl: url }).retrieve(7)).toEqual(complete);
  });

  it("upload stored the file but the answer lacks fields: the error says it was probably stored", async () => {
    const { url, requests } = await serve({ file: { file_id: 7 }, base_resp: ok });
    const error = await rejectionOf(
      createMiniMaxFiles({ apiKey: "k", baseUrl: url }).upload({
        file: new Blob(["abc"]),
        filename: "a.txt",
        purpose: "t2a_async_input",
      }),
    );
    expect(error).toBeInstanceOf(MiniMaxResponseError);
    expect(error.message).toBe(
      "upload: MiniMax's answer has a file object without bytes, created_at, filename, purpose. " +
        '("a.txt" (purpose t2a_async_input) may have been stored: list purpose t2a_async_input before uploading it again)',
    );
    expect(requests).toEqual(["/v1/files/upload"]); // sent once: a retry could store it twice
  });
});
