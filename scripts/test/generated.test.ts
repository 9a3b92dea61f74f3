import { mkdir, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { staleGeneratedFiles } from "../src/check-generated.js";
import { generateAll, MERGED_SPEC } from "../src/generate.js";
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

describe("check-generated (the first step of lint)", () => {
  it("finds nothing stale in the committed tree", async () => {
    expect(await staleGeneratedFiles()).toEqual([]);
  });

  it("names a generated file that differs", async () => {
    const root = await mkdtemp(path.join(tmpdir(), "minimax-generated-"));
    for (const [file, content] of expected) {
      await mkdir(path.dirname(path.join(root, file)), { recursive: true });
      await writeFile(path.join(root, file), file === MERGED_SPEC ? `${content}# appended\n` : content);
    }
    expect(await staleGeneratedFiles(root)).toEqual([MERGED_SPEC]);
  });
});

describe("generation is deterministic", () => {
  it("produces identical bytes on a second run", async () => {
    const again = await generateAll();
    expect([...again.entries()]).toEqual([...expected.entries()]);
  });
});
