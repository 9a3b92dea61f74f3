/** Prints what `pnpm generate` produced: one line per operation of the merged, overlaid spec. */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { parse } from "yaml";
import { MERGED_SPEC, TYPES_FILE } from "./generate.js";
import type { OpenApiDocument } from "./merge.js";
import { repoRoot } from "./paths.js";

interface Operation {
  operationId: string;
  parameters?: Array<{ in: string; name: string; required?: boolean }>;
  requestBody?: { content?: Record<string, unknown> };
  responses?: Record<string, { content?: Record<string, unknown> }>;
}

export function summarize(doc: OpenApiDocument): string[] {
  const lines: string[] = [];
  for (const [route, item] of Object.entries(doc.paths ?? {})) {
    for (const [method, op] of Object.entries(item) as Array<[string, Operation]>) {
      const params = (op.parameters ?? []).map((p) => `${p.in}:${p.name}${p.required ? "" : "?"}`);
      const body = Object.keys(op.requestBody?.content ?? {});
      const response = Object.keys(op.responses?.["200"]?.content ?? {});
      lines.push(
        `${op.operationId.padEnd(20)} ${method.toUpperCase().padEnd(5)} ${route.padEnd(26)} ` +
          `params[${params.join(", ")}] body[${body.join(", ")}] → ${response.join(", ")}`,
      );
    }
  }
  return lines;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const doc = parse(await readFile(path.join(repoRoot, MERGED_SPEC), "utf8")) as OpenApiDocument;
  console.log(`Generated ${TYPES_FILE} from ${MERGED_SPEC}:`);
  for (const line of summarize(doc)) console.log(`  ${line}`);
}
