/** Which side of the API each component schema is on: what decides its request/response rules. */
import type { Side } from "./rules.js";
import { HTTP_METHODS, isObject } from "./shared.js";

const SCHEMA_REF = /^#\/components\/schemas\/(.+)$/;

function referencedSchemas(node: unknown, into: Set<string>): Set<string> {
  if (Array.isArray(node)) for (const item of node) referencedSchemas(item, into);
  else if (isObject(node)) {
    for (const [key, value] of Object.entries(node)) {
      const match = key === "$ref" && typeof value === "string" ? SCHEMA_REF.exec(value) : null;
      if (match?.[1]) into.add(match[1].replaceAll("~1", "/").replaceAll("~0", "~"));
      else referencedSchemas(value, into);
    }
  }
  return into;
}

/** Each component schema's sides, from both versions (a schema that moved sides counts for both). */
export function schemaUsage(...docs: unknown[]): Map<string, Set<Side>> {
  const usage = new Map<string, Set<Side>>();
  for (const doc of docs) {
    if (!isObject(doc)) continue;
    const schemas = isObject(doc.components) && isObject(doc.components.schemas) ? doc.components.schemas : {};
    const mark = (name: string, side: Side) => {
      const sides = usage.get(name) ?? new Set<Side>();
      if (sides.has(side)) return;
      sides.add(side);
      usage.set(name, sides);
      for (const inner of referencedSchemas(schemas[name], new Set())) mark(inner, side);
    };
    for (const item of Object.values(isObject(doc.paths) ? doc.paths : {})) {
      if (!isObject(item)) continue;
      for (const name of referencedSchemas(item.parameters, new Set())) mark(name, "request");
      for (const [method, operation] of Object.entries(item)) {
        if (!HTTP_METHODS.has(method) || !isObject(operation)) continue;
        for (const name of referencedSchemas([operation.parameters, operation.requestBody], new Set()))
          mark(name, "request");
        for (const name of referencedSchemas(operation.responses, new Set())) mark(name, "response");
      }
    }
  }
  return usage;
}
