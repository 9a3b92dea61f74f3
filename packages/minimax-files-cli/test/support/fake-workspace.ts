import { type FakeMiniMax, type FakeMiniMaxOptions, startFakeMiniMax } from "@org/minimax-files-testing";
import { afterEach, beforeEach } from "vitest";
import { tempDirectory } from "./cli.js";

export interface FakeWorkspace {
  /** A fresh fake MiniMax for each test. */
  server: FakeMiniMax;
  /** The CLI's environment pointing at `server` with its key. */
  env: Record<string, string>;
  /** A fresh empty directory for each test, to run the CLI in. */
  dir: Awaited<ReturnType<typeof tempDirectory>>;
}

/** The environment that points the CLI at a fake server with its key (and nothing from this machine). */
export function cliEnv(server: FakeMiniMax): Record<string, string> {
  return { MINIMAX_API_KEY: server.apiKey, MINIMAX_BASE_URL: server.url };
}

/**
 * Registers hooks that give every test in the file its own fake server and temporary directory,
 * both gone after it. The returned object is refilled before each test, so read its fields inside tests.
 */
export function useFakeWorkspace(options: FakeMiniMaxOptions = {}): FakeWorkspace {
  const workspace = {} as FakeWorkspace;
  beforeEach(async () => {
    workspace.server = await startFakeMiniMax({ apiKey: "test-key", ...options });
    workspace.env = cliEnv(workspace.server);
    workspace.dir = await tempDirectory();
  });
  afterEach(async () => {
    await workspace.server.close();
    await workspace.dir.remove();
  });
  return workspace;
}
