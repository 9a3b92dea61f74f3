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
});
