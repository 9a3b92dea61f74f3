import { type FakeMiniMax, type FakeMiniMaxOptions, startFakeMiniMax } from "@org/minimax-files-testing";
import { afterEach, beforeEach } from "vitest";
import { tempDirectory } from "./cli.js";

export interface FakeServer {
  /** A fresh fake MiniMax for each test. */
  readonly server: FakeMiniMax;
  /** The CLI's environment pointing at `server` with its key. */
  readonly env: Record<string, string>;
}

export interface FakeWorkspace extends FakeServer {
  /** A fresh empty directory for each test, to run the CLI in. */
  readonly dir: Awaited<ReturnType<typeof tempDirectory>>;
}

/** The environment that points the CLI at a fake server with its key (and nothing from this machine). */
export function cliEnv(server: FakeMiniMax): Record<string, string> {
  return { MINIMAX_API_KEY: server.apiKey, MINIMAX_BASE_URL: server.url };
}

/**
 * Registers hooks that give every test in the file its own fake server, closed after it. The
 * returned object is refilled before each test, so read its fields inside tests.
 */
export function useFakeServer(options: FakeMiniMaxOptions = {}): FakeServer {
  const holder = {} as { server: FakeMiniMax; env: Record<string, string> };
  beforeEach(async () => {
    holder.server = await startFakeMiniMax({ apiKey: "test-key", ...options });
    holder.env = cliEnv(holder.server);
  });
  afterEach(async () => {
    await holder.server.close();
  });
  return holder;
}

/** {@link useFakeServer} plus a temporary directory per test, removed after it. */
export function useFakeWorkspace(options: FakeMiniMaxOptions = {}): FakeWorkspace {
  const holder = useFakeServer(options) as FakeServer & { dir: FakeWorkspace["dir"] };
  beforeEach(async () => {
    holder.dir = await tempDirectory();
  });
  afterEach(async () => {
    await holder.dir.remove();
  });
  return holder;
}
