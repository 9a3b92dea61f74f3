// The `browser` export condition: dist/browser/* is the same client with the Node helpers replaced
// by stubs, so a browser bundle needs no `node:` module, and download or a path upload fails with a
// typed error before anything is sent.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { expect, it } from "vitest";
import type * as Client from "../src/index.js";
import { useFakeMiniMax, useTempDir } from "./helpers.js";

const browserDist = resolve(dirname(fileURLToPath(import.meta.url)), "../dist/browser");
const ctx = useFakeMiniMax();
const tmp = useTempDir();

async function browserBuild(format: "js" | "cjs"): Promise<typeof Client> {
  const entry = join(browserDist, `index.${format}`);
  expect(existsSync(entry), "build the package first (pnpm build)").toBe(true);
  return import(pathToFileURL(entry).href);
}

it("no file of the browser build refers to a node: module, statically or dynamically", () => {
  const files = readdirSync(browserDist).filter((file) => /\.c?js$/.test(file));
  expect(files).toContain("index.js");
  expect(files).toContain("index.cjs");
  for (const file of files) expect(readFileSync(join(browserDist, file), "utf8"), file).not.toMatch(/["']node:/);
});

it.each(["js", "cjs"] as const)(
  "browser build (%s): download says it is Node-only, before any request and without writing",
  async (format) => {
    const { createMiniMaxFiles, MiniMaxValidationError } = await browserBuild(format);
    const seeded = ctx.server.seed({ purpose: "t2a_async_input", filename: "a.txt", content: "hello" });
    const files = createMiniMaxFiles({ apiKey: ctx.server.apiKey, baseUrl: ctx.server.url });
    const error = await files.download(seeded.fileId, join(tmp.dir, "a.txt")).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MiniMaxValidationError);
    expect((error as Error).message).toBe(
      "download() writes files and works only in Node; use retrieveContent() in a browser.",
    );
    expect((error as Client.MiniMaxValidationError).operation).toBe("download");
    expect(ctx.server.requests).toHaveLength(0);
    expect(readdirSync(tmp.dir)).toEqual([]);
    // What a browser should use instead works from the same build.
    expect(await (await files.retrieveContent(seeded.fileId)).text()).toBe("hello");
  },
);

it.each(["js", "cjs"] as const)(
  "browser build (%s): a path upload is refused before sending; bytes upload",
  async (format) => {
    const { createMiniMaxFiles, MiniMaxValidationError } = await browserBuild(format);
    const files = createMiniMaxFiles({ apiKey: ctx.server.apiKey, baseUrl: ctx.server.url });
    const error = await files.upload({ purpose: "t2a_async_input", file: "./speech.txt" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MiniMaxValidationError);
    expect((error as Error).message).toMatch(/file path works only in Node.*File, Blob or bytes in a browser/);
    expect(ctx.server.requests).toHaveLength(0);
    const uploaded = await files.upload({
      purpose: "t2a_async_input",
      file: new File([new TextEncoder().encode("hi")], "speech.txt"),
    });
    expect(uploaded.bytes).toBe(2);
  },
);
