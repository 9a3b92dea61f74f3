import { type FakeMiniMax, startFakeMiniMax } from "@org/minimax-files-testing";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ExitCode, run } from "../src/index.js";

let server: FakeMiniMax;

beforeEach(async () => {
  server = await startFakeMiniMax({ apiKey: "test-key" });
});

afterEach(async () => {
  await server.close();
});

/** `run` with in-memory streams: what bin.ts does with the process's own. */
function memoryIo(overrides: { stdoutWrite?: (text: string) => void; signal?: AbortSignal } = {}) {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    io: {
      stdout: { write: overrides.stdoutWrite ?? ((text: string) => out.push(text)) },
      stderr: { write: (text: string) => err.push(text), isTTY: false },
      env: { MINIMAX_API_KEY: server.apiKey, MINIMAX_BASE_URL: server.url },
      cwd: process.cwd(),
      signal: overrides.signal ?? new AbortController().signal,
    },
  };
}

describe("run", () => {
  it("resolves to 0 and writes the result to the given stdout", async () => {
    server.seed({ purpose: "voice_clone", filename: "a.mp3", content: "a", fileId: 2n ** 60n });
    const { io, out, err } = memoryIo();
    expect(await run(["list", "--purpose", "voice_clone", "--json"], io)).toBe(ExitCode.ok);
    expect(out.join("")).toContain('"file_id": 1152921504606846976,');
    expect(err).toEqual([]);
  });

  it("maps anything unforeseen to exit 1 with the error's stack", async () => {
    server.seed({ purpose: "voice_clone", filename: "a.mp3", content: "a" });
    const { io, err } = memoryIo({
      stdoutWrite: () => {
        throw new TypeError("stdout exploded");
      },
    });
    expect(await run(["list", "--purpose", "voice_clone"], io)).toBe(ExitCode.unexpected);
    expect(err.join("")).toMatch(/^error: unexpected error: TypeError: stdout exploded\n\s+at /);
  });

  it("reports an aborted command as interrupted (130)", async () => {
    server.inject({ kind: "slow-headers", delayMs: 5_000 });
    const controller = new AbortController();
    const { io, out, err } = memoryIo({ signal: controller.signal });
    const exit = run(["list", "--purpose", "voice_clone"], io);
    setTimeout(() => controller.abort(new Error("test abort")), 200);
    expect(await exit).toBe(ExitCode.interrupted);
    expect(out).toEqual([]);
    expect(err.join("")).toContain("interrupted");
  });
});
