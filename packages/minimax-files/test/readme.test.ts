// The README's usage example runs as written (a real `node` subprocess importing the built
// package) against the fake server, with only MINIMAX_API_KEY and MINIMAX_BASE_URL set.
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, readFile, symlink, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { expect, it } from "vitest";
import { useFakeMiniMax, useTempDir } from "./helpers.js";

const packageRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const ctx = useFakeMiniMax();
const tmp = useTempDir();

/** The first ```js block of the README's "## Usage" section. */
async function usageExample(): Promise<string> {
  const readme = await readFile(join(packageRoot, "README.md"), "utf8");
  const usage = readme.split(/^## /m).find((section) => section.startsWith("Usage"));
  const code = usage && /```js\n([\s\S]*?)```/.exec(usage)?.[1];
  if (!code) throw new Error("README.md has no ```js block under ## Usage");
  return code;
}

it("the README usage example runs as written against the fake server", async () => {
  expect(existsSync(join(packageRoot, "dist/index.js")), "build the package first (pnpm build)").toBe(true);
  // Resolve "@org/minimax-files" the way an installed consumer would: node_modules → the package.
  await mkdir(join(tmp.dir, "node_modules/@org"), { recursive: true });
  await symlink(packageRoot, join(tmp.dir, "node_modules/@org/minimax-files"), "dir");
  await writeFile(join(tmp.dir, "example.mjs"), await usageExample());
  await writeFile(join(tmp.dir, "speech.txt"), "Hello from the README.");

  const { MINIMAX_API_KEY: _key, MINIMAX_BASE_URL: _url, ...env } = process.env;
  const { stdout, stderr } = await promisify(execFile)(process.execPath, ["example.mjs"], {
    cwd: tmp.dir,
    env: { ...env, MINIMAX_API_KEY: ctx.server.apiKey, MINIMAX_BASE_URL: ctx.server.url },
  });

  expect(stderr).toBe("");
  const lines = stdout.trim().split("\n");
  expect(lines).toHaveLength(4);
  expect(lines[0]).toMatch(/^uploaded \d+ speech\.txt 22$/);
  expect(lines[1]).toBe("listed speech.txt");
  expect(lines[2]).toBe(`downloaded 22 bytes to ${join(tmp.dir, "speech-copy.txt")}`);
  expect(lines[3]).toMatch(/^deleted \d+$/);
  expect(await readFile(join(tmp.dir, "speech-copy.txt"), "utf8")).toBe("Hello from the README.");
  expect(ctx.server.files).toHaveLength(0);
  expect(ctx.server.requests.map((r) => r.operation)).toEqual(["upload", "list", "retrieveContent", "delete"]);
});
