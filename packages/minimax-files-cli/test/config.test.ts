import { describe, expect, it } from "vitest";
import { clientOptions } from "../src/config.js";
import { UsageError } from "../src/errors.js";

describe("clientOptions", () => {
  it("takes flags first, then the environment", () => {
    const env = { MINIMAX_API_KEY: "env-key", MINIMAX_BASE_URL: "http://127.0.0.1:1", MINIMAX_REGION: "cn" };
    expect(clientOptions({}, env)).toMatchObject({ apiKey: "env-key", baseUrl: "http://127.0.0.1:1", ids: "bigint" });
    expect(clientOptions({ apiKey: "flag-key", baseUrl: "http://127.0.0.1:2" }, env)).toMatchObject({
      apiKey: "flag-key",
      baseUrl: "http://127.0.0.1:2",
    });
  });

  it("lets an endpoint flag beat both endpoint variables", () => {
    const options = clientOptions(
      { region: "global" },
      { MINIMAX_API_KEY: "k", MINIMAX_BASE_URL: "http://127.0.0.1:1" },
    );
    expect(options.region).toBe("global");
    expect(options.baseUrl).toBeUndefined();
  });

  it("uses MINIMAX_REGION when no base URL is given, and rejects unknown regions", () => {
    expect(clientOptions({}, { MINIMAX_API_KEY: "k", MINIMAX_REGION: "cn" }).region).toBe("cn");
    expect(() => clientOptions({}, { MINIMAX_API_KEY: "k", MINIMAX_REGION: "mars" })).toThrow(/MINIMAX_REGION/);
  });

  it("treats an empty or missing key as a usage error that names MINIMAX_API_KEY", () => {
    for (const env of [{}, { MINIMAX_API_KEY: "" }]) {
      const error = (() => {
        try {
          clientOptions({}, env);
        } catch (caught) {
          return caught;
        }
      })();
      expect(error).toBeInstanceOf(UsageError);
      expect((error as UsageError).hint).toContain("MINIMAX_API_KEY");
    }
  });

  it("rejects a base URL that is not http(s)", () => {
    expect(() => clientOptions({ baseUrl: "ftp://example" }, { MINIMAX_API_KEY: "k" })).toThrow(UsageError);
    expect(() => clientOptions({ baseUrl: "not a url" }, { MINIMAX_API_KEY: "k" })).toThrow(UsageError);
  });
});
