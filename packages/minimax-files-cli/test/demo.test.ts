import { startFakeMiniMax } from "@org/minimax-files-testing";
import { describe, expect, it } from "vitest";
import { runCli } from "./support/cli.js";

describe("demo", () => {
  it("runs upload → list → retrieve → download → delete against the embedded fake MiniMax", async () => {
    const { code, stdout, stderr } = await runCli(["demo"]);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    expect(stdout).toContain(
      "MINIMAX_API_KEY is not set: this round trip uses the embedded fake MiniMax at http://127.0.0.1:",
    );
    const steps = [...stdout.matchAll(/^\$ minimax-files (\w+)/gm)].map((match) => match[1]);
    expect(steps).toEqual(["upload", "list", "retrieve", "download", "delete"]);
    expect(stdout).toMatch(/"filename": "hello-minimax\.txt"/);
    expect(stdout).toMatch(/^saved .*downloads\/hello-minimax\.txt \(43 B\)$/m);
    expect(stdout).toMatch(/^deleted file \d+ \(t2a_async_input\)$/m);
    expect(stdout).toContain("round trip OK");
  });

  it("with MINIMAX_API_KEY set, uses the configured API instead of starting its own", async () => {
    // Stands in for the real API: the demo must talk to whatever MINIMAX_BASE_URL names, with that key.
    const server = await startFakeMiniMax({ apiKey: "configured-key" });
    try {
      const { code, stdout } = await runCli(["demo"], {
        env: { MINIMAX_API_KEY: "configured-key", MINIMAX_BASE_URL: server.url },
      });
      expect(code).toBe(0);
      expect(stdout).toContain(`MINIMAX_API_KEY is set: this round trip uses the API at ${server.url}`);
      expect(server.requests.map((r) => r.operation)).toEqual(
        expect.arrayContaining(["upload", "list", "retrieve", "delete"]),
      );
      expect(server.requests.every((r) => r.authorized !== false)).toBe(true);
      expect(server.files).toEqual([]);
    } finally {
      await server.close();
    }
  });

  it("passes a failing step's exit code on", async () => {
    const server = await startFakeMiniMax({ apiKey: "right-key" });
    try {
      const { code, stdout, stderr } = await runCli(["demo"], {
        env: { MINIMAX_API_KEY: "wrong-key", MINIMAX_BASE_URL: server.url },
      });
      expect(code).toBe(3);
      expect(stdout).not.toContain("round trip OK");
      expect(stderr).toContain("MiniMax API error 1004");
      expect(stderr).toContain("error: minimax-files upload exited with 3");
    } finally {
      await server.close();
    }
  });
});
