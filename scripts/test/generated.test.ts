import { readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { generateAll } from "../src/generate.js";
import { repoRoot } from "../src/paths.js";

// Generated drift: what is committed must be exactly what `pnpm generate` produces today.
const expected = await generateAll();

describe("committed generated files match `pnpm generate`", () => {
  for (const [file, content] of expected) {
    it(file, async () => {
      const committed = await readFile(path.join(repoRoot, file), "utf8").catch(() => "<missing>");
      if (committed !== content) {
        expect.fail(
          `${file} is stale: it differs from what \`pnpm generate\` produces. Run \`pnpm generate\` and commit.`,
        );
      }
    });
  }
});

describe("generation is deterministic", () => {
  it("produces identical bytes on a second run", async () => {
    const again = await generateAll();
    expect([...again.entries()]).toEqual([...expected.entries()]);
  });
});
