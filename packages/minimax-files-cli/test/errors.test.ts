import { readdir, writeFile } from "node:fs/promises";
import { connect, createServer, type Server, type Socket } from "node:net";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ExitCode } from "../src/exit-codes.js";
import { freePort, runCli, tempDirectory } from "./support/cli.js";
import { useFakeServer } from "./support/fake-workspace.js";

const fake = useFakeServer({ apiKey: "secret-test-key-4711" });

describe("usage errors exit 2 and send nothing", () => {
  it.each([
    ["an unknown command", ["lsit"], /unknown command 'lsit'/],
    ["an unknown flag", ["list", "--purpose", "voice_clone", "--colour"], /unknown option '--colour'/],
    [
      "a malformed purpose",
      ["list", "--purpose", "Voice Clone"],
      /purpose must be a lower-case identifier.*voice_clone/s,
    ],
    ["a missing purpose", ["upload", "a.txt"], /required option '--purpose <purpose>' not specified/],
    ["a malformed file id", ["retrieve", "12abc"], /a file id is a positive integer/],
    ["a zero file id", ["retrieve", "0"], /a file id is a positive integer/],
    [
      "a file id beyond int64",
      ["retrieve", "99999999999999999999"],
      /99999999999999999999 exceeds int64 \(at most 9223372036854775807\)/,
    ],
    ["int64's maximum plus one", ["delete", "9223372036854775808"], /exceeds int64/],
    ["a missing file id", ["download"], /missing required argument 'file-id'/],
    ["a bad --timeout", ["list", "--purpose", "voice_clone", "--timeout", "soon"], /expected a positive integer/],
    ["an unknown --region", ["list", "--purpose", "voice_clone", "--region", "mars"], /'mars' is invalid/],
    ["no command at all", [], /Usage: minimax-files/],
  ])("%s", async (_, args, message) => {
    const { code, stdout, stderr } = await runCli(args as string[], { env: fake.env });
    expect(code).toBe(ExitCode.usage);
    expect(stdout).toBe("");
    expect(stderr).toMatch(message);
    expect(fake.server.requests).toEqual([]);
  });

  it("a missing API key names MINIMAX_API_KEY", async () => {
    const { code, stdout, stderr } = await runCli(["list", "--purpose", "voice_clone"], {
      env: { MINIMAX_BASE_URL: fake.server.url },
    });
    expect(code).toBe(ExitCode.usage);
    expect(stdout).toBe("");
    expect(stderr).toContain("error: no API key");
    expect(stderr).toContain("hint: set MINIMAX_API_KEY");
    expect(fake.server.requests).toEqual([]);
  });

  it("an upload path that is not a file", async () => {
    const { code, stderr } = await runCli(["upload", "no-such.mp3", "--purpose", "voice_clone"], { env: fake.env });
    expect(code).toBe(ExitCode.usage);
    expect(stderr).toContain("no-such.mp3: no such file");
    expect(fake.server.requests).toEqual([]);
  });

  it("an upload path that is a directory says so", async () => {
    const dir = await tempDirectory();
    try {
      const { code, stderr } = await runCli(["upload", ".", "--purpose", "voice_clone"], {
        env: fake.env,
        cwd: dir.path,
      });
      expect(code).toBe(ExitCode.usage);
      expect(stderr).toBe("error: . is a directory\n  hint: pass --recursive to upload the files under it\n");
      expect(fake.server.requests).toEqual([]);
    } finally {
      await dir.remove();
    }
  });

  it("an insecure base URL is refused naming the CLI's own flag, which then allows it", async () => {
    const insecure = { MINIMAX_API_KEY: fake.server.apiKey, MINIMAX_BASE_URL: "http://files.internal.example" };
    const refused = await runCli(["list", "--purpose", "voice_clone"], { env: insecure });
    expect(refused.code).toBe(ExitCode.usage);
    expect(refused.stderr).toContain("refusing http://files.internal.example: the API key would travel unencrypted");
    expect(refused.stderr).toContain("hint: use https://, or pass --allow-insecure-http");
    expect(refused.stderr).not.toContain("allowInsecureHttp");
    // The flag exists and lets the request go: 0.0.0.0 is not a loopback name, yet reaches the fake.
    const allowed = await runCli(["list", "--purpose", "voice_clone", "--allow-insecure-http"], {
      env: { ...insecure, MINIMAX_BASE_URL: `http://0.0.0.0:${new URL(fake.server.url).port}` },
    });
    expect(allowed.stderr).toBe("no voice_clone files\n");
    expect(allowed.code).toBe(ExitCode.ok);
    expect(fake.server.requests).toHaveLength(1);
  });

  it("http://[::1] is loopback, as the client has it: the CLI reaches a fake there; http://[::2] is refused", async () => {
    const refused = await runCli(["list", "--purpose", "voice_clone", "--base-url", "http://[::2]:8080"], {
      env: fake.env,
    });
    expect(refused.code).toBe(ExitCode.usage);
    expect(refused.stderr).toContain("refusing http://[::2]:8080: the API key would travel unencrypted");
    expect(fake.server.requests).toEqual([]);

    // The fake listens on 127.0.0.1; a plain TCP relay on ::1 puts it at http://[::1]:PORT.
    const relay = await relayOnIpv6Loopback(Number(new URL(fake.server.url).port));
    try {
      const { code, stdout, stderr } = await runCli(
        ["list", "--purpose", "voice_clone", "--base-url", `http://[::1]:${relay.port}`],
        { env: { MINIMAX_API_KEY: fake.server.apiKey } },
      );
      expect(stderr).toBe("no voice_clone files\n");
      expect(stdout).toBe("");
      expect(code).toBe(ExitCode.ok);
      expect(fake.server.requests).toHaveLength(1);
    } finally {
      await relay.close();
    }
  });

  it.each([
    [
      "a file type the purpose does not take",
      "voice.exe",
      "x",
      /does not fit purpose voice_clone, which takes mp3, m4a, wav/,
    ],
    ["an empty file", "empty.mp3", "", /is empty/],
  ])("%s", async (_, name, content, message) => {
    const dir = await tempDirectory();
    try {
      await writeFile(path.join(dir.path, name), content);
      const { code, stderr } = await runCli(["upload", name, "--purpose", "voice_clone"], {
        env: fake.env,
        cwd: dir.path,
      });
      expect(code).toBe(ExitCode.usage);
      expect(stderr).toMatch(message);
      expect(fake.server.requests).toEqual([]);
    } finally {
      await dir.remove();
    }
  });

  it("a bad MINIMAX_REGION", async () => {
    const { code, stderr } = await runCli(["list", "--purpose", "voice_clone"], {
      env: { MINIMAX_API_KEY: "k", MINIMAX_REGION: "mars" },
    });
    expect(code).toBe(ExitCode.usage);
    expect(stderr).toContain("MINIMAX_REGION must be one of global, cn");
  });
});

describe("API errors exit 3 with code, message, trace id and hint on stderr", () => {
  it("1004: a wrong key points at MINIMAX_API_KEY, and the key is never printed", async () => {
    const { code, stdout, stderr } = await runCli(["list", "--purpose", "voice_clone", "--verbose"], {
      env: { ...fake.env, MINIMAX_API_KEY: "wrong-key-0815" },
    });
    expect(code).toBe(ExitCode.api);
    expect(stdout).toBe("");
    const traceId = fake.server.requests.at(-1)!.traceId;
    expect(stderr).toContain("error: MiniMax API error 1004 (authentication)");
    expect(stderr).toMatch(new RegExp(`trace id: +${traceId}`));
    expect(stderr).toContain("hint: check MINIMAX_API_KEY");
    expect(stderr).not.toContain("wrong-key-0815");
  });

  it.each([
    [1008, "insufficient_balance", /hint: the account's balance is too low/],
    [1002, "rate_limit", /hint: rate limit reached \(requests per minute\)/],
    [1039, "rate_limit", /hint: token-per-minute limit \(TPM\)/],
    [2013, "invalid_input", /hint: MiniMax rejected the request: check that the file id exists/],
    [1013, "server", /hint: MiniMax failed on its side/],
    [9999, "unknown", /hint: see MiniMax's error code reference/],
  ])("%d (%s)", async (status, kind, hint) => {
    fake.server.seed({ purpose: "voice_clone", filename: "a.mp3", content: "a" });
    fake.server.inject({
      kind: "base-resp",
      code: status,
      msg: `message for ${status}`,
      times: Number.POSITIVE_INFINITY,
    });
    const { code, stdout, stderr } = await runCli(["retrieve", "307593383186476", "--retries", "0"], { env: fake.env });
    expect(code).toBe(ExitCode.api);
    expect(stdout).toBe("");
    expect(stderr).toContain(`error: MiniMax API error ${status} (${kind}): message for ${status}`);
    expect(stderr).toMatch(/operation: +retrieve/);
    expect(stderr).toMatch(new RegExp(`trace id: +${fake.server.requests.at(-1)!.traceId}`));
    expect(stderr).toMatch(hint);
    expect(stderr).not.toContain(fake.server.apiKey);
  });

  it("an HTTP 429 without base_resp is reported as a rate limit", async () => {
    fake.server.inject({ kind: "http-status", status: 429, times: Number.POSITIVE_INFINITY });
    const { code, stderr } = await runCli(["list", "--purpose", "voice_clone", "--retries", "0"], { env: fake.env });
    expect(code).toBe(ExitCode.api);
    expect(stderr).toMatch(/http status: +429/);
    expect(stderr).toContain("hint: rate limit reached");
  });

  it.each([
    ["malformed JSON", { kind: "malformed-json" } as const],
    ["a missing base_resp", { kind: "missing-base-resp" } as const],
  ])("an answer with %s is reported with its trace id", async (_, fault) => {
    fake.server.inject({ ...fault, operation: "list", times: Number.POSITIVE_INFINITY });
    const { code, stdout, stderr } = await runCli(["list", "--purpose", "voice_clone", "--retries", "0"], {
      env: fake.env,
    });
    expect(code).toBe(ExitCode.api);
    expect(stdout).toBe("");
    expect(stderr).toContain("error: MiniMax sent a response this client cannot read");
    expect(stderr).toMatch(new RegExp(`trace id: +${fake.server.requests.at(-1)!.traceId}`));
  });

  it("a deleted file cannot be deleted twice", async () => {
    const { code, stderr } = await runCli(["delete", "307593383186476", "--purpose", "voice_clone"], { env: fake.env });
    expect(code).toBe(ExitCode.api);
    expect(stderr).toMatch(/MiniMax API error \d+/);
  });
});

describe("network errors exit 4", () => {
  it("when nothing listens at the base URL", async () => {
    const closedPort = await freePort();
    const { code, stdout, stderr } = await runCli(["list", "--purpose", "voice_clone", "--retries", "0"], {
      env: { MINIMAX_API_KEY: "k", MINIMAX_BASE_URL: `http://127.0.0.1:${closedPort}` },
    });
    expect(code).toBe(ExitCode.network);
    expect(stdout).toBe("");
    expect(stderr).toContain("error: network error:");
    expect(stderr).toContain("hint: check your connection and MINIMAX_BASE_URL");
  });

  it("when every attempt's connection is reset", async () => {
    fake.server.inject({ kind: "reset-before-headers", times: Number.POSITIVE_INFINITY });
    const { code, stderr } = await runCli(["list", "--purpose", "voice_clone", "--retries", "1"], { env: fake.env });
    expect(code).toBe(ExitCode.network);
    expect(stderr).toContain("network error");
    expect(fake.server.requests).toHaveLength(2);
  });

  it("when MiniMax does not answer within --timeout", async () => {
    fake.server.inject({ kind: "slow-headers", delayMs: 5_000, times: Number.POSITIVE_INFINITY });
    const { code, stderr } = await runCli(["list", "--purpose", "voice_clone", "--timeout", "200", "--retries", "0"], {
      env: fake.env,
    });
    expect(code).toBe(ExitCode.network);
    expect(stderr).toContain("network error");
  });

  it("a download cut short leaves no partial file", async () => {
    const dir = await tempDirectory();
    try {
      fake.server.seed({ purpose: "voice_clone", filename: "big.bin", size: 1 << 20 });
      fake.server.inject({
        kind: "truncated-download",
        operation: ["retrieveContent", "downloadUrl"],
        times: Number.POSITIVE_INFINITY,
      });
      const { code, stderr } = await runCli(["download", "307593383186476", "--retries", "0"], {
        env: fake.env,
        cwd: dir.path,
      });
      expect(code).toBe(ExitCode.network);
      expect(stderr).toContain("network error");
      expect(await readdir(dir.path)).toEqual([]);
    } finally {
      await dir.remove();
    }
  });
});

/** A TCP relay listening on [::1] to `port` on 127.0.0.1: the fake server reached over IPv6 loopback. */
async function relayOnIpv6Loopback(port: number): Promise<{ port: number; close: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  const relay: Server = createServer((client) => {
    const upstream = connect(port, "127.0.0.1");
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on("error", () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve, reject) => {
    relay.once("error", reject);
    relay.listen(0, "::1", resolve);
  });
  return {
    port: (relay.address() as { port: number }).port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        relay.close(() => resolve());
      }),
  };
}
