/**
 * The testing package's README example, run as written: the block between the markers below must
 * equal the README's code block. It lives here because this package depends on both the client
 * and the fake server (the client's own tests depend on the fake, so the fake cannot depend back).
 */
import { readFile } from "node:fs/promises";
// README:begin
import { createMiniMaxFiles, MiniMaxApiError } from "@org/minimax-files";
import { startFakeMiniMax } from "@org/minimax-files-testing";
import { afterEach, beforeEach, expect, it } from "vitest";

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
    readFile(new URL("README.md", import.meta.resolve("@org/minimax-files-testing/package.json")), "utf8"),
    readFile(new URL(import.meta.url), "utf8"),
  ]);
  const section = readme.slice(readme.indexOf("## Testing your code against a fake MiniMax"));
  const block = /```ts\n([\s\S]*?)```/.exec(section)?.[1];
  const example = self.slice(self.indexOf("// README:begin\n") + 16, self.indexOf("// README:end"));
  expect(block).toBe(example);
});
