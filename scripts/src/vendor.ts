/**
 * Copies each upstream page's embedded OpenAPI YAML into `spec/upstream/`, verbatim.
 *
 *   pnpm --filter @org/minimax-files-scripts vendor --from <dir>
 *
 * `--from` names a folder of saved pages (`file-management-list.md`, ...), such as the offline
 * copies in ../shared/upstream/global. Fetching the live pages is the drift job's work.
 */
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { extractEmbeddedSpec } from "./extract.js";
import { specDir } from "./paths.js";
import { loadSources } from "./sources.js";

export async function vendorFromDirectory(dir: string): Promise<string[]> {
  const written: string[] = [];
  for (const source of await loadSources()) {
    const fileName = path.basename(new URL(source.page).pathname);
    const markdown = await readFile(path.join(dir, fileName), "utf8");
    const { yaml } = extractEmbeddedSpec(markdown, source.page);
    const target = path.join(specDir, source.file);
    await writeFile(target, yaml);
    written.push(path.relative(process.cwd(), target));
  }
  return written;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { from: { type: "string" } } });
  if (!values.from) {
    console.error("usage: vendor --from <folder of saved docs pages>");
    process.exit(2);
  }
  for (const file of await vendorFromDirectory(path.resolve(values.from))) console.log(`wrote ${file}`);
}
