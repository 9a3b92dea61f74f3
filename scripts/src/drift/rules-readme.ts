/**
 * README.md's "Breaking or not" table is rendered from RULES (classify/rules.ts), between two marker
 * comments. `pnpm --filter @org/minimax-files-scripts run rules:readme` rewrites it;
 * scripts/test/drift-rules.test.ts fails while the committed README differs.
 */
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { repoRoot } from "../paths.js";
import { renderRulesTable } from "./classify/rules.js";

export const README = path.join(repoRoot, "README.md");
const START =
  "<!-- drift-rules:start (generated from scripts/src/drift/classify/rules.ts: pnpm --filter @org/minimax-files-scripts run rules:readme) -->";
const END = "<!-- drift-rules:end -->";

/** `readme` with the table between the markers replaced by the one RULES renders now. */
export function withRulesTable(readme: string): string {
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start === -1 || end < start) throw new Error(`README.md has no ${START} … ${END} section`);
  return `${readme.slice(0, start + START.length)}\n${renderRulesTable()}${readme.slice(end)}`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const readme = await readFile(README, "utf8");
  const updated = withRulesTable(readme);
  if (updated !== readme) await writeFile(README, updated);
  console.log(
    updated === readme ? "README.md: drift rules table up to date" : "README.md: drift rules table rewritten",
  );
}
