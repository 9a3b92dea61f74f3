/**
 * Fails, naming each file, when a committed generated file differs from what `pnpm generate`
 * produces now. Runs first in `lint`, so a hand-edited or stale file is reported as such before
 * any linter trips over its content; scripts/test/generated.test.ts asserts the same in the tests.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { generateAll } from "./generate.js";
import { repoRoot } from "./paths.js";

export async function staleGeneratedFiles(root = repoRoot): Promise<string[]> {
  const stale: string[] = [];
  for (const [file, content] of await generateAll()) {
    const committed = await readFile(path.join(root, file), "utf8").catch(() => undefined);
    if (committed !== content) stale.push(file);
  }
  return stale;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const stale = await staleGeneratedFiles();
  for (const file of stale) {
    console.error(
      `${file} is stale: it differs from what \`pnpm generate\` produces. Run \`pnpm generate\` and commit.`,
    );
  }
  process.exit(stale.length > 0 ? 1 : 0);
}
