// The size budget of bench/.size-limit.js, enforced in `pnpm test`: the runtime's root entry with
// its dependencies and its browser build, minified and gzipped, must stay within their limits.
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { measureSize } from "../src/size.js";

describe("size budget", () => {
  it("the runtime's root entry and its browser build, with dependencies, min+gz, are within budget", async () => {
    // size-limit reports an empty bundle (and "passed") for a missing file: check it is really there.
    const entry = createRequire(import.meta.url).resolve("@org/minimax-files");
    for (const file of [entry, join(dirname(entry), "browser", "index.js")]) {
      expect(existsSync(file), `${file} (run the runtime's build first)`).toBe(true);
    }

    const { checks, exitCode } = await measureSize();
    expect(checks.map((c) => c.name)).toEqual([
      expect.stringContaining("root entry"),
      expect.stringContaining("browser build"),
    ]);
    for (const check of checks) {
      expect(check.size, `${check.name}: bundle is empty: is it built?`).toBeGreaterThan(1000);
      expect(check.limit).toBeGreaterThan(0);
      expect(check.size, `${check.name}: ${check.size} B over the ${check.limit} B budget`).toBeLessThanOrEqual(
        check.limit,
      );
      expect(check.passed).toBe(true);
    }
    expect(exitCode).toBe(0);
  });
});
