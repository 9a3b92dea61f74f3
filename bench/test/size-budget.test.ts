// The size budget of bench/.size-limit.js, enforced in `pnpm test`: the runtime's root entry with
// its dependencies, minified and gzipped, must stay within the limit.
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { measureSize } from "../src/size.js";

describe("size budget", () => {
  it("the runtime's root entry, with dependencies, min+gz, is within budget", async () => {
    // size-limit reports an empty bundle (and "passed") for a missing file: check it is really there.
    const entry = createRequire(import.meta.url).resolve("@org/minimax-files");
    expect(existsSync(entry), `${entry} (run the runtime's build first)`).toBe(true);

    const { checks, exitCode } = await measureSize();
    expect(checks).toHaveLength(1);
    const [check] = checks;
    expect(check!.size, "bundle is empty: is the entry built?").toBeGreaterThan(1000);
    expect(check!.limit).toBeGreaterThan(0);
    expect(check!.size, `${check!.name}: ${check!.size} B over the ${check!.limit} B budget`).toBeLessThanOrEqual(
      check!.limit,
    );
    expect(check!.passed).toBe(true);
    expect(exitCode).toBe(0);
  });
});
