// With --json, every failure is one JSON object on stderr (and stdout stays empty), with the same
// keys whatever went wrong, so scripts can branch on `kind` or `exitCode` without parsing prose.
import { describe, expect, it } from "vitest";
import { runCli } from "./support/cli.js";
import { useFakeServer } from "./support/fake-workspace.js";

const fake = useFakeServer({ apiKey: "json-test-key-2718" });

const KEYS = ["code", "exitCode", "hint", "httpStatus", "kind", "message", "operation", "traceId"];

/** stderr must be exactly one line holding one JSON object with every key. */
function parseError(stderr: string): Record<string, unknown> {
  expect(stderr.endsWith("\n")).toBe(true);
  expect(stderr.trimEnd().split("\n")).toHaveLength(1);
  const error = JSON.parse(stderr) as Record<string, unknown>;
  expect(Object.keys(error).sort()).toEqual(KEYS);
  return error;
}

describe("--json errors", () => {
  it("a MiniMax API error: code, kind, message, trace id, HTTP status, exit code", async () => {
    const { code, stdout, stderr } = await runCli(["list", "--purpose", "voice_clone", "--json"], {
      env: { ...fake.env, MINIMAX_API_KEY: "wrong-key-1234" },
    });
    expect({ code, stdout }).toEqual({ code: 3, stdout: "" });
    expect(parseError(stderr)).toEqual({
      code: 1004,
      kind: "authentication",
      message: expect.stringMatching(/^MiniMax API error 1004 \(authentication\): /),
      hint: expect.stringContaining("MINIMAX_API_KEY"),
      operation: "list",
      traceId: fake.server.requests.at(-1)?.traceId,
      httpStatus: 200,
      exitCode: 3,
    });
    expect(stderr).not.toContain("wrong-key-1234");
  });

  it("a usage error found by commander (unknown flag) and one found by the client (malformed purpose)", async () => {
    const flag = await runCli(["list", "--purpose", "voice_clone", "--colour", "--json"], { env: fake.env });
    expect(flag.code).toBe(2);
    expect(parseError(flag.stderr)).toMatchObject({
      kind: "usage",
      code: null,
      message: "unknown option '--colour'",
      exitCode: 2,
      traceId: null,
      httpStatus: null,
    });
    const purpose = await runCli(["list", "--purpose", "Voice", "--json"], { env: fake.env });
    expect(parseError(purpose.stderr)).toMatchObject({ kind: "usage", operation: "list", exitCode: 2 });
    const id = await runCli(["--json", "retrieve", "99999999999999999999"], { env: fake.env });
    expect(parseError(id.stderr).message).toMatch(/exceeds int64/);
    expect(fake.server.requests).toEqual([]);
  });

  it("a network error", async () => {
    fake.server.inject({ kind: "reset-before-headers", times: Number.POSITIVE_INFINITY });
    const { code, stderr } = await runCli(["retrieve", "1", "--json", "--retries", "0"], { env: fake.env });
    expect(code).toBe(4);
    expect(parseError(stderr)).toMatchObject({ kind: "connection", operation: "retrieve", exitCode: 4 });
  });

  it("a local file error", async () => {
    const { code, stderr } = await runCli(["upload", "missing.mp3", "--purpose", "voice_clone", "--json"], {
      env: fake.env,
    });
    expect(code).toBe(2);
    expect(parseError(stderr)).toMatchObject({ kind: "usage", message: "missing.mp3: no such file" });
  });

  it("without --json, errors stay prose", async () => {
    const { stderr } = await runCli(["list", "--purpose", "voice_clone", "--colour"], { env: fake.env });
    expect(stderr).toMatch(/^error: unknown option '--colour'/);
  });
});
