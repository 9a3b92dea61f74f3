/**
 * The README's "Testing your code against a fake MiniMax" example, run as written: the block
 * between the markers below must equal the README's code block, with the package names mapped to
 * this package's sources (so typecheck does not depend on this package's own build).
 */
import { readFile } from "node:fs/promises";
// README:begin
import { afterEach, beforeEach, expect, it } from "vitest";
import { createMiniMaxFiles, MiniMaxApiError } from "../src/index.js";
import { startFakeMiniMax } from "../src/testing/index.js";

let server: Awaited<ReturnType<typeof startFakeMiniMax>>;
beforeEach(async () => {
  server = await startFakeMiniMax({ apiKey: "test-key" });
});
afterEach(() => server.close()); // closes every socket: the test process exits by itself

it("clones a voice from an uploaded sample", async () => {
  const client = createMiniMaxFiles({ apiKey: server.apiKey, baseUrl: server.url });
  const file = await client.upload({ purpose: "voice_clone", file: new Uint8Array([1, 2, 3]), filename: "me.mp3" });
  expect(server.files.map((f) => f.filename)).toEqual(["me.mp3"]);

  server.inject({ kind: "rate-limit", times: 2 }); // base_resp 1002 twice, then normal answers
  expect(await client.list({ purpose: "voice_clone" })).toHaveLength(1); // the client retried
  expect(server.requests.filter((r) => r.fault === "rate-limit")).toHaveLength(2);

  server.inject({ kind: "base-resp", code: 1008 }); // insufficient balance
  await expect(client.retrieve(file.file_id!)).rejects.toBeInstanceOf(MiniMaxApiError);
});
// README:end

it("the README's example is the code above", async () => {
  const [readme, self] = await Promise.all([
    readFile(new URL("../README.md", import.meta.url), "utf8"),
    readFile(new URL(import.meta.url), "utf8"),
  ]);
  const section = readme.slice(readme.indexOf("## Testing your code against a fake MiniMax"));
  const block = /```ts\n([\s\S]*?)```/.exec(section)?.[1];
  const example = self.slice(self.indexOf("// README:begin\n") + 16, self.indexOf("// README:end"));
  const asPublished = example
    .replace('"../src/index.js"', '"@org/minimax-files"')
    .replace('"../src/testing/index.js"', '"@org/minimax-files/testing"');
  expect(block).toBe(asPublished);
});
