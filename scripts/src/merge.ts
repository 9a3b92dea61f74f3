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
 * `paths` and `components`, and refuses anything the documents disagree on that the generated code
 * depends on, so a change on one page cannot silently shadow another.
 *
 * `servers` is the exception: neither the generated types nor the runtime use it (the runtime takes
 * its hosts from its region table), so pages that disagree on it (the China site's do) do not block
 * generation. The merged `servers` is every distinct server of every page, in page order, and the
 * disagreement is pushed to `notices` for the drift pull request to report.
 */
export function mergeDocuments(
  docs: Array<{ name: string; doc: OpenApiDocument }>,
  notices: string[] = [],
): OpenApiDocument {
  const [first] = docs;
  if (!first) throw new MergeError("nothing to merge");
  const paths: Record<string, Record<string, unknown>> = {};
  const components: Record<string, Record<string, unknown>> = {};
  const merged: OpenApiDocument = {
    openapi: first.doc.openapi,
    info: first.doc.info,
    servers: mergeServers(docs, notices),
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
    for (const field of ["openapi", "security"] as const) {
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

function mergeServers(docs: Array<{ name: string; doc: OpenApiDocument }>, notices: string[]): unknown[] | undefined {
  const [first, ...rest] = docs;
  if (!first) return undefined;
  const disagreeing = rest.filter(({ doc }) => !isDeepStrictEqual(doc.servers, first.doc.servers));
  if (disagreeing.length === 0) return first.doc.servers;
  const servers: unknown[] = [];
  for (const { doc } of docs) {
    for (const server of doc.servers ?? []) {
      if (!servers.some((known) => isDeepStrictEqual(known, server))) servers.push(server);
    }
  }
  const urls = (list: unknown[] | undefined) =>
    (list ?? [])
      .map((server) => (typeof server === "object" && server && "url" in server ? server.url : "?"))
      .join(", ");
  notices.push(
    `\`servers\` differs between the pages (${docs.map(({ name, doc }) => `${name}: [${urls(doc.servers)}]`).join("; ")}); ` +
      `the merged spec lists all of them. Not used by the generated code: the runtime's region table sets the hosts.`,
  );
  return servers;
}
