/**
 * Turns the structural differences between a vendored upstream document and the live one into
 * change records, classified for callers of this client.
 *
 * The walk names each difference's kind (paths.ts: operations, parameters, bodies, responses,
 * media types; components.ts; schemas.ts: properties, types, enums, required lists); the severity
 * of every kind is looked up in one table, RULES (rules.ts), which README.md's table is rendered from.
 * Bytes that differ while both parse to the same document are one `formatting` change.
 */
import type { Change } from "../changes.js";
import { type Difference, diffTrees } from "../tree-diff.js";
import { classifyComponents } from "./components.js";
import { classifyPaths } from "./paths.js";
import { type Context, isObject, other, record, TEXT_KEYWORDS } from "./shared.js";
import { schemaUsage } from "./usage.js";

export { RULES, renderRulesTable, ruleVariants, severityOf } from "./rules.js";
export { schemaUsage } from "./usage.js";

export interface ParsedDocument {
  text: string;
  doc: unknown;
}

export function compareDocuments(operation: string, before: ParsedDocument, after: ParsedDocument): Change[] {
  if (before.text === after.text) return [];
  const context: Context = { operation, before: before.doc, after: after.doc, usage: new Map() };
  const differences = diffTrees(before.doc, after.doc);
  if (differences.length === 0) {
    return [
      record(context, [], "formatting", "formatting only: the YAML text differs but parses to the same document"),
    ];
  }
  context.usage = schemaUsage(before.doc, after.doc);
  const changes = differences.flatMap((difference) => classify(difference, context));
  return deduplicate(pairMediaTypes(changes, context));
}

function classify(difference: Difference, context: Context): Change[] {
  const tokens = difference.trail.map((step) => step.token);
  const last = tokens.at(-1) ?? "";
  switch (tokens[0]) {
    case "paths":
      return classifyPaths(difference, context);
    case "components":
      return classifyComponents(difference, context);
    case "servers":
      if (TEXT_KEYWORDS.has(last))
        return [record(context, difference.trail, "description-changed", "server description changed")];
      return [serverChange(context)];
    case "security":
      return [record(context, difference.trail, "security-changed", "document security requirement changed")];
    case "info":
      if (TEXT_KEYWORDS.has(last))
        return [record(context, difference.trail, "description-changed", `info ${last} changed`)];
      return [record(context, difference.trail, "metadata-changed", `info.${tokens.slice(1).join(".")} changed`)];
    case "tags":
    case "externalDocs":
      return [record(context, difference.trail, "metadata-changed", `${tokens[0]} changed`)];
    default:
      return [other(context, difference, "document")];
  }
}

function serverChange(context: Context): Change {
  const urls = (doc: unknown) =>
    isObject(doc) && Array.isArray(doc.servers)
      ? doc.servers.map((server) => (isObject(server) ? String(server.url) : String(server)))
      : [];
  const before = urls(context.before);
  const after = urls(context.after);
  const lost = before.filter((url) => !after.includes(url));
  const message =
    before.length === after.length && lost.length > 0
      ? `server URL changed: ${before.join(", ")} → ${after.join(", ")}`
      : `servers changed: [${before.join(", ")}] → [${after.join(", ")}]`;
  return record(context, ["servers"], "server-url-changed", message, {
    case: lost.length > 0 ? "a URL changed or removed" : "a server added",
  });
}

// ── post-processing ──────────────────────────────────────────────────────────────────────────────

/** One media type removed and one added under the same `content`: report a single change. */
function pairMediaTypes(changes: Change[], context: Context): Change[] {
  const parent = (change: Change) => change.path.slice(0, change.path.lastIndexOf("/"));
  const result: Change[] = [];
  const consumed = new Set<Change>();
  for (const change of changes) {
    if (consumed.has(change)) continue;
    if (change.kind === "media-type-removed") {
      const removed = changes.filter((c) => c.kind === "media-type-removed" && parent(c) === parent(change));
      const added = changes.filter((c) => c.kind === "media-type-added" && parent(c) === parent(change));
      const [onlyRemoved] = removed;
      const [onlyAdded] = added;
      if (removed.length === 1 && added.length === 1 && onlyRemoved && onlyAdded) {
        consumed.add(onlyAdded);
        const from = decodeLast(onlyRemoved.path);
        const to = decodeLast(onlyAdded.path);
        const owner = change.message.slice(0, change.message.indexOf(": media type"));
        const changed = record(context, [], "media-type-changed", `${owner}: media type ${from} → ${to}`);
        result.push({ ...changed, path: parent(change) });
        continue;
      }
    }
    result.push(change);
  }
  return result;
}

const decodeLast = (pointer: string) => (pointer.split("/").at(-1) ?? "").replaceAll("~1", "/").replaceAll("~0", "~");

function deduplicate(changes: Change[]): Change[] {
  const seen = new Set<string>();
  return changes.filter((change) => {
    const key = `${change.kind}\u0000${change.path}\u0000${change.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
