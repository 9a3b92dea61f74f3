// Server text reaches the terminal only as visible escapes: status messages, filenames, trace ids,
// error bodies and --verbose lines, on stdout and stderr alike. --json stays exact JSON.
import { hostileText } from "@org/minimax-files-testing";
import { describe, expect, it } from "vitest";
import { ExitCode } from "../src/exit-codes.js";
import { terminalText } from "../src/terminal.js";
import { runCli } from "./support/cli.js";
import { useFakeServer } from "./support/fake-workspace.js";

const fake = useFakeServer();

/** Anything a terminal would act on: C0 but newline and tab, a CR not before LF, DEL, C1, bidi controls. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const CONTROL = /\r(?!\n)|[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

describe("nothing the server sends can drive the terminal", () => {
  it("an error's status message and trace id (control-characters with an error code)", async () => {
    fake.server.inject({ kind: "control-characters", code: 1000, times: 3 });
    const { code, stdout, stderr } = await runCli(["list", "--purpose", "voice_clone", "--retries", "0"], {
      env: fake.env,
    });
    expect(code).toBe(ExitCode.api);
    expect(stdout).toBe("");
    expect(stderr).not.toMatch(CONTROL);
    expect(stderr).toContain("\\u001b[2J");
    expect(stderr).toMatch(/trace id: {4}\\u009b2J/);
  });

  it("--verbose lines carrying a hostile trace id and message", async () => {
    fake.server.inject({ kind: "control-characters", code: 1002 }); // rate limit: retried, logged
    const { code, stderr } = await runCli(["list", "--purpose", "voice_clone", "--verbose"], { env: fake.env });
    expect(code).toBe(0);
    expect(stderr).toMatch(/warn: /);
    expect(stderr).not.toMatch(CONTROL);
  });

  it("a filename in retrieve's record and a download's saved line", async () => {
    const seeded = fake.server.seed({ purpose: "voice_clone", filename: `${hostileText}.mp3`, content: "x" });
    const retrieved = await runCli(["retrieve", String(seeded.fileId)], { env: fake.env });
    expect(retrieved.code).toBe(0);
    expect(retrieved.stdout).not.toMatch(CONTROL);
    expect(retrieved.stdout).toContain("\\x1b[2J");
  });

  it("an HTML error body with control characters", async () => {
    fake.server.inject({ kind: "control-characters", code: 2013, operation: "retrieve" });
    const { stderr } = await runCli(["retrieve", "123"], { env: fake.env });
    expect(stderr).not.toMatch(CONTROL);
    expect(stderr).toContain("\\u0007");
  });

  it("--json stays valid JSON that decodes to the exact server text, ESC and C1 escaped", async () => {
    fake.server.seed({ purpose: "voice_clone", filename: `${hostileText}.mp3`, content: "x" });
    const { code, stdout } = await runCli(["list", "--purpose", "voice_clone", "--json"], { env: fake.env });
    expect(code).toBe(0);
    expect(stdout).not.toMatch(CONTROL);
    expect(stdout).toContain("\\u001b");
    expect(JSON.parse(stdout)[0].filename).toBe(`${hostileText}.mp3`);
  });
});

describe("terminalText", () => {
  it("keeps newlines, tabs and CRLF; escapes everything else as \\uXXXX", () => {
    expect(terminalText("a\tb\nc\r\nd")).toBe("a\tb\nc\r\nd");
    expect(terminalText("x\ry\u001b[2J\u0007\u009b\u202e")).toBe("x\\u000dy\\u001b[2J\\u0007\\u009b\\u202e");
  });
});
