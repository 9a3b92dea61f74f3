import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type FakeMiniMax, type FakeMiniMaxOptions, startFakeMiniMax } from "@org/minimax-files-testing";
import { afterEach, beforeEach } from "vitest";
import { type ClientOptions, createMiniMaxFiles, type IdsMode } from "../src/index.js";

/** A fresh fake MiniMax per test, closed afterwards. */
export function useFakeMiniMax(options: FakeMiniMaxOptions = {}): { readonly server: FakeMiniMax } {
  const holder = {} as { server: FakeMiniMax };
  beforeEach(async () => {
    holder.server = await startFakeMiniMax({ apiKey: "test-key-3f9a1c", ...options });
  });
  afterEach(async () => {
    await holder.server.close();
  });
  return holder;
}

export function clientFor<const Ids extends IdsMode = "number">(server: FakeMiniMax, options: ClientOptions<Ids> = {}) {
  return createMiniMaxFiles<Ids>({ apiKey: server.apiKey, baseUrl: server.url, ...options });
}

/** A temporary directory per test. */
export function useTempDir(): { readonly dir: string } {
  const holder = {} as { dir: string };
  beforeEach(async () => {
    holder.dir = await mkdtemp(join(tmpdir(), "minimax-files-test-"));
  });
  afterEach(async () => {
    await rm(holder.dir, { recursive: true, force: true });
  });
  return holder;
}

/** Collects log lines so tests can check what was logged. */
export function recordingLogger() {
  const lines: Array<{ level: string; message: string; meta: unknown }> = [];
  const at = (level: string) => (message: string, meta?: object) => lines.push({ level, message, meta });
  return { lines, logger: { debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") } };
}

/** Resolves with what `promise` rejects with; fails the test if it resolves. */
export async function rejectionOf(promise: Promise<unknown>): Promise<any> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected the promise to reject, but it resolved");
}
