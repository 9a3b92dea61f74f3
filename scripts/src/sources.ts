import { readFile } from "node:fs/promises";
import path from "node:path";
import { parse } from "yaml";
import { specDir } from "./paths.js";

export interface SourceOperation {
  /** Short name used in messages and file names, e.g. `list`. */
  name: string;
  /** The docs page whose markdown embeds the operation's OpenAPI document. */
  page: string;
  /** Vendored copy of the embedded YAML, relative to `spec/`. */
  file: string;
}

export async function loadSources(dir = specDir): Promise<SourceOperation[]> {
  const doc = parse(await readFile(path.join(dir, "sources.yaml"), "utf8")) as {
    operations?: SourceOperation[];
  };
  if (!Array.isArray(doc?.operations) || doc.operations.length === 0) {
    throw new Error("spec/sources.yaml: expected a non-empty `operations` list");
  }
  return doc.operations;
}
