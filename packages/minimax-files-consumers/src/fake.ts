import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type * as Testing from "@org/minimax-files-testing";
import { afterAll, beforeAll } from "vitest";

/** The fake server from the scratch project's installed tarball (not the workspace's source). */
async function startInstalledFake(app: string, options: Testing.FakeMiniMaxOptions = {}) {
  const entry = join(app, "node_modules/@org/minimax-files-testing/dist/index.js");
  const testing = (await import(pathToFileURL(entry).href)) as typeof Testing;
  return testing.startFakeMiniMax(options);
}

/**
 * Registers hooks that start the installed fake once for the test file and close it after the
 * last test. `server` is set once the hooks have run, so read it inside tests.
 */
export function useInstalledFake(
  app: string,
  options: Testing.FakeMiniMaxOptions = {},
): { server: Testing.FakeMiniMax } {
  const fake = {} as { server: Testing.FakeMiniMax };
  beforeAll(async () => {
    fake.server = await startInstalledFake(app, options);
  });
  afterAll(async () => {
    await fake.server.close();
  });
  return fake;
}

/** What `consumer/round-trip.ts` returns where it has files (Node, Bun, Deno, Jest). */
export const stepsWithFiles = [
  "upload bytes",
  "upload path",
  "list",
  "retrieve",
  "trace id of a successful call",
  "retrieve content",
  "download",
  "delete",
  "wrong key: MiniMaxApiError (authentication), key not in the error",
];

/** What it returns in a browser: the file steps are refused with the typed error instead. */
export const stepsInBrowser = [
  "upload bytes",
  "upload path refused (no files here)",
  "list",
  "retrieve",
  "trace id of a successful call",
  "retrieve content",
  "download refused (no files here)",
  "delete",
  "wrong key: MiniMaxApiError (authentication), key not in the error",
];
