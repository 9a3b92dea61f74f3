import { isDeepStrictEqual } from "node:util";

/** The parts of an OpenAPI document the merge looks at; everything else passes through. */
export interface OpenApiDocument {
  openapi: string;
  info: Record<string, unknown>;
  servers?: unknown[];
  security?: unknown[];
  paths?: Record<string, Record<string, unknown>>;
  components?: Record<string, Record<string, unknown>>;
  [key: string]: unknown;
}

export class MergeError extends Error {
  override name = "MergeError";
}

/**
 * MiniMax publishes one OpenAPI document per operation; they share `info`, `servers`, `security`
 * and most components. Merging takes document-level fields from the first document, unions
 * `paths` and `components`, and refuses anything the documents disagree on, so a change on one
 * page cannot silently shadow another.
 */
export function mergeDocuments(docs: Array<{ name: string; doc: OpenApiDocument }>): OpenApiDocument {
  const [first] = docs;
  if (!first) throw new MergeError("nothing to merge");
  const paths: Record<string, Record<string, unknown>> = {};
  const components: Record<string, Record<string, unknown>> = {};
  const merged: OpenApiDocument = {
    openapi: first.doc.openapi,
    info: first.doc.info,
    servers: first.doc.servers,
    security: first.doc.security,
    paths,
    components,
  };
  const owners = new Map<string, string>();

  const claim = (key: string, value: unknown, target: Record<string, unknown>, field: string, name: string) => {
    if (key in target) {
      if (!isDeepStrictEqual(target[key], value)) {
        throw new MergeError(`${field} "${key}" differs between ${owners.get(`${field}/${key}`)} and ${name}`);
      }
      return;
    }
    target[key] = value;
    owners.set(`${field}/${key}`, name);
  };

  for (const { name, doc } of docs) {
    for (const field of ["openapi", "servers", "security"] as const) {
      if (!isDeepStrictEqual(doc[field], first.doc[field])) {
        throw new MergeError(`\`${field}\` differs between ${first.name} and ${name}`);
      }
    }
    for (const [route, item] of Object.entries(doc.paths ?? {})) {
      paths[route] ??= {};
      const target = paths[route];
      for (const [method, operation] of Object.entries(item)) {
        claim(method, operation, target, `paths["${route}"]`, name);
      }
    }
    for (const [kind, entries] of Object.entries(doc.components ?? {})) {
      components[kind] ??= {};
      const target = components[kind];
      for (const [key, value] of Object.entries(entries)) claim(key, value, target, `components.${kind}`, name);
    }
  }
  return merged;
}
