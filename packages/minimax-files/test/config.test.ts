// Client options: defaults, the environment, and the checks that refuse a bad configuration before
// anything is sent (config.ts).
import { describe, expect, it } from "vitest";
import { createMiniMaxFiles, isLoopbackUrl, MiniMaxValidationError } from "../src/index.js";
import { useFakeMiniMax } from "./helpers.js";

const KEY = "sk-config-81d0c2";
const ctx = useFakeMiniMax({ apiKey: KEY });

describe("configuration", () => {
  it("refuses http:// to a non-loopback host unless allowInsecureHttp", () => {
    expect(() => createMiniMaxFiles({ apiKey: "k", baseUrl: "http://files.example.com" })).toThrow(
      MiniMaxValidationError,
    );
    expect(() => createMiniMaxFiles({ apiKey: "k", baseUrl: "http://10.0.0.8:8080" })).toThrow(
      /Refusing http:\/\/10.0.0.8:8080/,
    );
    expect(() =>
      createMiniMaxFiles({ apiKey: "k", baseUrl: "http://files.example.com", allowInsecureHttp: true }),
    ).not.toThrow();
    for (const loopback of ["http://127.0.0.1:1234", "http://localhost:80", "http://[::1]:9"]) {
      expect(() => createMiniMaxFiles({ apiKey: "k", baseUrl: loopback })).not.toThrow();
    }
    expect(() => createMiniMaxFiles({ apiKey: "k", baseUrl: "ftp://x" })).toThrow(MiniMaxValidationError);
    expect(() => createMiniMaxFiles({ apiKey: "k", baseUrl: "not a url" })).toThrow(MiniMaxValidationError);
  });

  it("isLoopbackUrl is the client's own check: true exactly where http:// needs no allowInsecureHttp", () => {
    const loopback = [
      "http://localhost:80",
      "http://LOCALHOST",
      "http://127.0.0.1:1",
      "http://127.1",
      "http://[::1]:9",
    ];
    const elsewhere = ["http://[::2]", "http://0.0.0.0:1", "http://localhost.example", "http://128.0.0.1"];
    for (const url of [...loopback, "http://[0:0:0:0:0:0:0:1]/"]) {
      expect(isLoopbackUrl(url), url).toBe(true);
      expect(() => createMiniMaxFiles({ apiKey: "k", baseUrl: url }), url).not.toThrow();
    }
    for (const url of elsewhere) {
      expect(isLoopbackUrl(new URL(url)), url).toBe(false);
      expect(() => createMiniMaxFiles({ apiKey: "k", baseUrl: url }), url).toThrow(/Refusing http:/);
    }
    expect(() => isLoopbackUrl("not a url")).toThrow(TypeError);
  });

  it("a missing key names both the option and the environment variable", () => {
    const saved = process.env.MINIMAX_API_KEY;
    delete process.env.MINIMAX_API_KEY;
    try {
      expect(() => createMiniMaxFiles()).toThrow(/apiKey.*MINIMAX_API_KEY/);
    } finally {
      if (saved !== undefined) process.env.MINIMAX_API_KEY = saved;
    }
  });

  it("reads MINIMAX_API_KEY and MINIMAX_BASE_URL from the environment; region picks the host", async () => {
    const saved = { key: process.env.MINIMAX_API_KEY, url: process.env.MINIMAX_BASE_URL };
    process.env.MINIMAX_API_KEY = KEY;
    process.env.MINIMAX_BASE_URL = ctx.server.url;
    try {
      expect(await createMiniMaxFiles().list({ purpose: "voice_clone" })).toEqual([]);
      const hosts: string[] = [];
      const fetch = async (input: RequestInfo | URL) => {
        hosts.push(new URL(String(input instanceof Request ? input.url : input)).host);
        return Response.json({ files: [], base_resp: { status_code: 0 } });
      };
      await createMiniMaxFiles({ region: "cn", fetch }).list({ purpose: "voice_clone" });
      await createMiniMaxFiles({ region: "global", fetch }).list({ purpose: "voice_clone" });
      expect(hosts).toEqual(["api.minimaxi.com", "api.minimax.io"]);
    } finally {
      for (const [name, value] of [
        ["MINIMAX_API_KEY", saved.key],
        ["MINIMAX_BASE_URL", saved.url],
      ] as const) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
  });

  it("rejects bad numbers and modes", () => {
    expect(() => createMiniMaxFiles({ apiKey: "k", maxRetries: -1 })).toThrow(MiniMaxValidationError);
    expect(() => createMiniMaxFiles({ apiKey: "k", timeoutMs: 0 })).toThrow(MiniMaxValidationError);
    expect(() => createMiniMaxFiles({ apiKey: "k", ids: "hex" as never })).toThrow(MiniMaxValidationError);
    expect(() => createMiniMaxFiles({ apiKey: "k", region: "eu" as never })).toThrow(MiniMaxValidationError);
    const saved = process.env.MINIMAX_API_KEY;
    delete process.env.MINIMAX_API_KEY;
    try {
      expect(() => createMiniMaxFiles(null as never)).toThrow(MiniMaxValidationError);
    } finally {
      if (saved !== undefined) process.env.MINIMAX_API_KEY = saved;
    }
  });
});
