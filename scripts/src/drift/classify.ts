/**
 * Turns the structural differences between a vendored upstream document and the live one into
 * change records, classified for callers of this client. The rules (also in README.md, "Keeping up
 * with MiniMax's docs"):
 *
 * - A caller *sends* requests and *reads* responses. Loosening what may be sent, or adding to what
 *   may be read, is non-breaking; tightening what may be sent, or taking away from what is read,
 *   is breaking.
 * - Operations, parameters, properties: added → non-breaking (a new required parameter or request
 *   body is breaking); removed → breaking; a changed type, format or `$ref` → breaking.
 * - Required-ness: newly required in a request → breaking; no longer required in a response →
 *   breaking; the opposite directions are non-breaking.
 * - Enums: a value removed from a request enum breaks callers that send it; a value added to a
 *   response enum breaks exhaustive code (a `switch` with no default, a `Record<Enum, …>`). Added
 *   request values and removed response values are non-breaking.
 * - Media types: removed or changed → breaking; added → non-breaking for requests, breaking for
 *   responses (the client may receive a body it does not parse).
 * - Server URL changed or removed → breaking (the client's region hosts mirror it); added → not.
 * - Security scheme or requirement, operationId (it names the generated `operations` type) → breaking.
 * - Descriptions, summaries, titles → `description-changed`; examples → `example-changed`;
 *   info/tags → `metadata-changed`: non-breaking, and on their own a patch release.
 * - Anything else (defaults, constraints, extensions) → `other-changed`, non-breaking: read it.
 * - A component schema takes the side(s) of the operations that reference it, directly or through
 *   other schemas; one referenced from nowhere counts as both (the strictest reading).
 * - Bytes differ but both parse to the same document → one `formatting` change.
 */
import { type Change, type ChangeKind, type Severity, toPointer } from "./changes.js";
import { type Difference, diffTrees, type TrailStep } from "./tree-diff.js";

export interface ParsedDocument {
  text: string;
  doc: unknown;
}

type Side = "request" | "response";
type Sides = ReadonlySet<Side>;

const HTTP_METHODS = new Set(["get", "put", "post", "delete", "options", "head", "patch", "trace"]);
const COMPOSITIONS = new Set(["allOf", "oneOf", "anyOf", "prefixItems"]);
const NAMED_CHILDREN = new Set(["properties", "patternProperties", "$defs", "definitions"]);
const NESTED_SCHEMAS = new Set(["items", "additionalProperties", "not", "contains"]);
const TYPE_KEYWORDS = new Set(["type", "format", "$ref", "const", ...COMPOSITIONS]);
const TEXT_KEYWORDS = new Set(["description", "summary", "title"]);
const EXAMPLE_KEYWORDS = new Set(["example", "examples"]);

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

const show = (value: unknown): string => {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
};

/** Severity by side: `rule.request` for what callers send, `rule.response` for what they read. */
function severityOn(sides: Sides, rule: Record<Side, Severity>): Severity {
  const applicable: Side[] = sides.size === 0 ? ["request", "response"] : [...sides];
  return applicable.some((side) => rule[side] === "breaking") ? "breaking" : "non-breaking";
}

const sideLabel = (sides: Sides) => (sides.size === 0 ? "unreferenced" : [...sides].sort().join(" and "));

export function compareDocuments(operation: string, before: ParsedDocument, after: ParsedDocument): Change[] {
  if (before.text === after.text) return [];
  const differences = diffTrees(before.doc, after.doc);
  if (differences.length === 0) {
    return [
      {
        operation,
        path: "",
        kind: "formatting",
        severity: "non-breaking",
        message: "formatting only: the YAML text differs but parses to the same document",
      },
    ];
  }
  const context: Context = {
    operation,
    before: before.doc,
    after: after.doc,
    usage: schemaUsage(before.doc, after.doc),
  };
  const changes = differences.flatMap((difference) => classify(difference, context));
  return deduplicate(pairMediaTypes(changes));
}

interface Context {
  operation: string;
  before: unknown;
  after: unknown;
  usage: Map<string, Set<Side>>;
}

function record(
  context: Context,
  trail: readonly TrailStep[] | readonly string[],
  kind: ChangeKind,
  severity: Severity,
  message: string,
): Change {
  const tokens = trail.map((step) => (typeof step === "string" ? step : step.token));
  return { operation: context.operation, path: toPointer(tokens), kind, severity, message };
}

/** added/removed/changed value of a difference, for messages. */
const valuesOf = (difference: Difference) => ({
  before: "before" in difference ? difference.before : undefined,
  after: "after" in difference ? difference.after : undefined,
});

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
        return [record(context, difference.trail, "description-changed", "non-breaking", "server description changed")];
      return [serverChange(context)];
    case "security":
      return [
        record(context, difference.trail, "security-changed", "breaking", "document security requirement changed"),
      ];
    case "info":
      if (TEXT_KEYWORDS.has(last))
        return [record(context, difference.trail, "description-changed", "non-breaking", `info ${last} changed`)];
      return [
        record(
          context,
          difference.trail,
          "metadata-changed",
          "non-breaking",
          `info.${tokens.slice(1).join(".")} changed`,
        ),
      ];
    case "tags":
    case "externalDocs":
      return [record(context, difference.trail, "metadata-changed", "non-breaking", `${tokens[0]} changed`)];
    default:
      return [other(context, difference, "document")];
  }
}

function other(context: Context, difference: Difference, subject: string): Change {
  const { before, after } = valuesOf(difference);
  const what =
    difference.type === "values-added" || difference.type === "values-removed"
      ? `${difference.type.replace("-", " ")}: ${difference.values.map(show).join(", ")}`
      : difference.type === "changed"
        ? `${show(before)} → ${show(after)}`
        : `${difference.type} ${show(difference.type === "added" ? after : before)}`;
  const key = difference.trail.at(-1)?.token ?? "";
  return record(context, difference.trail, "other-changed", "non-breaking", `${subject}: ${key} ${what}`);
}

function serverChange(context: Context): Change {
  const urls = (doc: unknown) =>
    isObject(doc) && Array.isArray(doc.servers)
      ? doc.servers.map((server) => (isObject(server) ? String(server.url) : String(server)))
      : [];
  const before = urls(context.before);
  const after = urls(context.after);
  const lost = before.filter((url) => !after.includes(url));
  const severity: Severity = lost.length > 0 ? "breaking" : "non-breaking";
  const message =
    before.length === after.length && lost.length > 0
      ? `server URL changed: ${before.join(", ")} → ${after.join(", ")}`
      : `servers changed: [${before.join(", ")}] → [${after.join(", ")}]`;
  return record(context, ["servers"], "server-url-changed", severity, message);
}

// ── paths ────────────────────────────────────────────────────────────────────────────────────────

function classifyPaths(difference: Difference, context: Context): Change[] {
  const tokens = difference.trail.map((step) => step.token);
  const [, route, method] = tokens;
  if (route === undefined || method === undefined) {
    // All of `paths`, or a whole path item, came or went: one record per operation in it.
    return (
      expandAddedRemoved(difference, (child) => classifyPaths(child, context)) ?? [other(context, difference, "paths")]
    );
  }
  if (!HTTP_METHODS.has(method)) {
    if (method === "parameters") return classifyOperation(difference, context, route, 2);
    if (TEXT_KEYWORDS.has(method) && tokens.length === 3) {
      return [
        record(context, difference.trail, "description-changed", "non-breaking", `path ${route}: ${method} changed`),
      ];
    }
    return [other(context, difference, `path ${route}`)];
  }
  if (tokens.length === 3) return operationPresence(difference, context, route, method);
  return classifyOperation(difference, context, `${method.toUpperCase()} ${route}`, 3);
}

/**
 * An added or removed object stands for everything in it: one difference per key, so that (say) a
 * new path item reports each of its operations. `undefined` for anything else.
 */
function expandAddedRemoved(difference: Difference, each: (child: Difference) => Change[]): Change[] | undefined {
  if (difference.type === "added" && isObject(difference.after)) {
    return Object.entries(difference.after).flatMap(([key, after]) =>
      each({ type: "added", trail: [...difference.trail, { token: key }], after }),
    );
  }
  if (difference.type === "removed" && isObject(difference.before)) {
    return Object.entries(difference.before).flatMap(([key, before]) =>
      each({ type: "removed", trail: [...difference.trail, { token: key }], before }),
    );
  }
  return undefined;
}

function operationPresence(difference: Difference, context: Context, route: string, method: string): Change[] {
  const trail = difference.trail;
  const name = `${method.toUpperCase()} ${route}`;
  if (difference.type === "added")
    return [record(context, trail, "operation-added", "non-breaking", `operation added: ${name}`)];
  if (difference.type === "removed")
    return [record(context, trail, "operation-removed", "breaking", `operation removed: ${name}`)];
  return [other(context, difference, name)];
}

/** `depth` is where the operation's own keys start in the trail (3 for paths/R/M, 2 for path-level). */
function classifyOperation(difference: Difference, context: Context, name: string, depth: number): Change[] {
  const rest = difference.trail.slice(depth).map((step) => step.token);
  const trail = difference.trail;
  const { before, after } = valuesOf(difference);
  switch (rest[0]) {
    case "parameters":
      return classifyParameter(difference, context, name, depth);
    case "requestBody":
      return classifyRequestBody(difference, context, name, depth);
    case "responses":
      return classifyResponses(difference, context, name, depth);
    case "operationId":
      return [
        record(
          context,
          trail,
          "operation-id-changed",
          "breaking",
          `${name}: operationId ${show(before)} → ${show(after)} (renames its generated type)`,
        ),
      ];
    case "security":
      return [record(context, trail, "security-changed", "breaking", `${name}: security requirement changed`)];
    case "tags":
      return [record(context, trail, "metadata-changed", "non-breaking", `${name}: tags changed`)];
    default:
      if (rest.length === 1 && TEXT_KEYWORDS.has(rest[0] ?? "")) {
        return [record(context, trail, "description-changed", "non-breaking", `${name}: ${rest[0]} changed`)];
      }
      return [other(context, difference, name)];
  }
}

function classifyParameter(difference: Difference, context: Context, name: string, depth: number): Change[] {
  const trail = difference.trail;
  const rest = trail.slice(depth).map((step) => step.token);
  if (rest.length === 1) {
    // The whole `parameters` list came or went.
    const list =
      difference.type === "added" ? difference.after : difference.type === "removed" ? difference.before : undefined;
    if (!Array.isArray(list)) return [other(context, difference, name)];
    return list.flatMap((parameter, index) =>
      parameterPresence(
        difference.type === "added" ? "added" : "removed",
        parameter,
        context,
        [...trail, { token: String(index) }],
        name,
      ),
    );
  }
  const parameterStep = trail[depth + 1] as TrailStep;
  const label = parameterStep.label ?? `parameter ${parameterStep.token}`;
  if (rest.length === 2) {
    if (difference.type === "added" || difference.type === "removed") {
      return parameterPresence(
        difference.type,
        difference.type === "added" ? difference.after : difference.before,
        context,
        trail,
        name,
      );
    }
    return [other(context, difference, `${name} ${label}`)];
  }
  const key = rest[2] ?? "";
  if (key === "required" && rest.length === 3) {
    const nowRequired = valuesOf(difference).after === true;
    return [
      record(
        context,
        trail,
        "parameter-required-changed",
        nowRequired ? "breaking" : "non-breaking",
        `${name} ${label} is ${nowRequired ? "now required" : "no longer required"}`,
      ),
    ];
  }
  if (key === "schema") {
    return classifySchema(difference, context, {
      owner: `${name} ${label}`,
      sides: new Set(["request"]),
      rest: rest.slice(3),
      restTrail: trail.slice(depth + 3),
      parameter: true,
    });
  }
  if (TEXT_KEYWORDS.has(key) && rest.length === 3) {
    return [record(context, trail, "description-changed", "non-breaking", `${name} ${label}: description changed`)];
  }
  if (EXAMPLE_KEYWORDS.has(key))
    return [record(context, trail, "example-changed", "non-breaking", `${name} ${label}: example changed`)];
  return [other(context, difference, `${name} ${label}`)];
}

function parameterPresence(
  type: "added" | "removed",
  parameter: unknown,
  context: Context,
  trail: readonly TrailStep[],
  name: string,
): Change[] {
  const label = isObject(parameter) ? `${String(parameter.in)} parameter "${String(parameter.name)}"` : "parameter";
  if (type === "removed") return [record(context, trail, "parameter-removed", "breaking", `${name}: ${label} removed`)];
  const required = isObject(parameter) && parameter.required === true;
  return [
    record(
      context,
      trail,
      "parameter-added",
      required ? "breaking" : "non-breaking",
      `${name}: ${required ? "required" : "optional"} ${label} added`,
    ),
  ];
}

function classifyRequestBody(difference: Difference, context: Context, name: string, depth: number): Change[] {
  const trail = difference.trail;
  const rest = trail.slice(depth).map((step) => step.token);
  if (rest.length === 1) {
    if (difference.type === "added") {
      const required = isObject(difference.after) && difference.after.required === true;
      return [
        record(
          context,
          trail,
          "request-body-added",
          required ? "breaking" : "non-breaking",
          `${name}: ${required ? "required" : "optional"} request body added`,
        ),
      ];
    }
    if (difference.type === "removed")
      return [record(context, trail, "request-body-removed", "breaking", `${name}: request body removed`)];
    return [other(context, difference, `${name} request body`)];
  }
  if (rest[1] === "required" && rest.length === 2) {
    const nowRequired = valuesOf(difference).after === true;
    return [
      record(
        context,
        trail,
        "request-body-required-changed",
        nowRequired ? "breaking" : "non-breaking",
        `${name}: request body is ${nowRequired ? "now required" : "no longer required"}`,
      ),
    ];
  }
  if (rest[1] === "content") return classifyContent(difference, context, `${name} request body`, depth + 2, "request");
  if (TEXT_KEYWORDS.has(rest[1] ?? "") && rest.length === 2) {
    return [record(context, trail, "description-changed", "non-breaking", `${name} request body: description changed`)];
  }
  return [other(context, difference, `${name} request body`)];
}

function classifyResponses(difference: Difference, context: Context, name: string, depth: number): Change[] {
  const trail = difference.trail;
  const rest = trail.slice(depth).map((step) => step.token);
  const status = rest[1];
  if (status === undefined) return [other(context, difference, `${name} responses`)];
  const owner = `${name} ${status} response`;
  if (rest.length === 2) {
    if (difference.type === "added")
      return [record(context, trail, "response-added", "non-breaking", `${name}: ${status} response added`)];
    if (difference.type === "removed")
      return [record(context, trail, "response-removed", "breaking", `${name}: ${status} response removed`)];
    return [other(context, difference, owner)];
  }
  if (rest[2] === "content") return classifyContent(difference, context, owner, depth + 3, "response");
  if (TEXT_KEYWORDS.has(rest[2] ?? "") && rest.length === 3) {
    return [record(context, trail, "description-changed", "non-breaking", `${owner}: description changed`)];
  }
  return [other(context, difference, owner)];
}

/** `depth` is the index of the media-type token in the trail (just after `content`). */
function classifyContent(difference: Difference, context: Context, owner: string, depth: number, side: Side): Change[] {
  const trail = difference.trail;
  if (trail.length === depth) {
    return (
      expandAddedRemoved(difference, (child) => classifyContent(child, context, owner, depth, side)) ?? [
        other(context, difference, owner),
      ]
    );
  }
  const media = trail[depth]?.token ?? "";
  if (trail.length === depth + 1) {
    if (difference.type === "removed")
      return [record(context, trail, "media-type-removed", "breaking", `${owner}: media type ${media} removed`)];
    if (difference.type === "added") {
      const severity = side === "request" ? "non-breaking" : "breaking";
      return [record(context, trail, "media-type-added", severity, `${owner}: media type ${media} added`)];
    }
    return [other(context, difference, `${owner} (${media})`)];
  }
  const key = trail[depth + 1]?.token ?? "";
  if (key === "schema") {
    return classifySchema(difference, context, {
      owner: `${owner} (${media})`,
      sides: new Set([side]),
      rest: trail.slice(depth + 2).map((step) => step.token),
      restTrail: trail.slice(depth + 2),
      parameter: false,
    });
  }
  if (EXAMPLE_KEYWORDS.has(key))
    return [record(context, trail, "example-changed", "non-breaking", `${owner} (${media}): example changed`)];
  return [other(context, difference, `${owner} (${media})`)];
}

// ── components ───────────────────────────────────────────────────────────────────────────────────

function classifyComponents(difference: Difference, context: Context): Change[] {
  const tokens = difference.trail.map((step) => step.token);
  const [, section, name] = tokens;
  if (section === "schemas") {
    if (name === undefined) {
      return (
        expandAddedRemoved(difference, (child) => classifyComponents(child, context)) ?? [
          other(context, difference, "components.schemas"),
        ]
      );
    }
    const sides = context.usage.get(name) ?? new Set<Side>();
    if (tokens.length === 3) {
      if (difference.type === "added")
        return [record(context, difference.trail, "schema-added", "non-breaking", `schema ${name} added`)];
      if (difference.type === "removed")
        return [
          record(
            context,
            difference.trail,
            "schema-removed",
            "breaking",
            `schema ${name} removed (its exported type goes with it)`,
          ),
        ];
    }
    return classifySchema(difference, context, {
      owner: `schema ${name} (${sideLabel(sides)})`,
      sides,
      rest: tokens.slice(3),
      restTrail: difference.trail.slice(3),
      parameter: false,
    });
  }
  if (section === "securitySchemes") {
    if (TEXT_KEYWORDS.has(tokens.at(-1) ?? "") && tokens.length === 4) {
      return [
        record(
          context,
          difference.trail,
          "description-changed",
          "non-breaking",
          `security scheme ${name}: description changed`,
        ),
      ];
    }
    return [
      record(context, difference.trail, "security-changed", "breaking", `security scheme ${name ?? ""} changed`.trim()),
    ];
  }
  return [other(context, difference, `components.${section ?? ""}`)];
}

// ── schemas ──────────────────────────────────────────────────────────────────────────────────────

interface SchemaSite {
  /** What the schema belongs to, for messages: `GET /v1/files/list query parameter "purpose"`. */
  owner: string;
  sides: Sides;
  /** Tokens inside the schema, from its root to the difference. */
  rest: string[];
  restTrail: readonly TrailStep[];
  /** The schema is a parameter's: a type change at its root is the parameter's type. */
  parameter: boolean;
}

/** Where inside a schema a difference sits: the property path leading to it and the keyword hit. */
function locate(rest: string[]): { property: string; keyword?: string; keywordIndex: number; endsAtProperty: boolean } {
  let property = "";
  let index = 0;
  let endsAtProperty = false;
  while (index < rest.length) {
    const token = rest[index] as string;
    endsAtProperty = false;
    if (NAMED_CHILDREN.has(token) && index + 1 < rest.length) {
      property = property ? `${property}.${rest[index + 1]}` : (rest[index + 1] as string);
      endsAtProperty = token === "properties";
      index += 2;
    } else if (COMPOSITIONS.has(token) && index + 1 < rest.length) {
      property = `${property}<${token}[${rest[index + 1]}]>`;
      index += 2;
    } else if (NESTED_SCHEMAS.has(token) && index + 1 < rest.length) {
      property = `${property}[]`;
      index += 1;
    } else {
      return { property, keyword: token, keywordIndex: index, endsAtProperty: false };
    }
  }
  return { property, keywordIndex: rest.length, endsAtProperty };
}

function classifySchema(difference: Difference, context: Context, site: SchemaSite): Change[] {
  const { property, keyword, keywordIndex, endsAtProperty } = locate(site.rest);
  const trail = difference.trail;
  const subject = property ? `${site.owner} property "${property}"` : site.owner;
  const { before, after } = valuesOf(difference);
  const typeKind: ChangeKind = site.parameter && !property ? "parameter-type-changed" : "property-type-changed";

  if (keyword === undefined) {
    if (endsAtProperty && difference.type === "added") {
      return [record(context, trail, "property-added", "non-breaking", `${subject} added`)];
    }
    if (endsAtProperty && difference.type === "removed") {
      return [record(context, trail, "property-removed", "breaking", `${subject} removed`)];
    }
    return [record(context, trail, typeKind, "breaking", `${subject}: schema ${difference.type}`)];
  }

  const nested = site.rest.length > keywordIndex + 1;
  if (EXAMPLE_KEYWORDS.has(keyword))
    return [record(context, trail, "example-changed", "non-breaking", `${subject}: ${keyword} changed`)];
  if (TEXT_KEYWORDS.has(keyword) && !nested) {
    return [record(context, trail, "description-changed", "non-breaking", `${subject}: ${keyword} changed`)];
  }
  if (TYPE_KEYWORDS.has(keyword) && !nested) {
    const from = difference.type === "added" ? "(none)" : show(before);
    const to = difference.type === "removed" ? "(none)" : show(after);
    return [record(context, trail, typeKind, "breaking", `${subject}: ${keyword} ${from} → ${to}`)];
  }
  if (keyword === "enum") return classifyEnum(difference, context, subject, site.sides);
  if (keyword === "required" && !nested) return classifyRequired(difference, context, site, property);
  if (TYPE_KEYWORDS.has(keyword)) {
    return [record(context, trail, typeKind, "breaking", `${subject}: ${keyword} changed`)];
  }
  return [other(context, difference, subject)];
}

function classifyEnum(difference: Difference, context: Context, subject: string, sides: Sides): Change[] {
  const trail = difference.trail;
  const list = (values: unknown[]) => values.map(show).join(", ");
  switch (difference.type) {
    case "values-added":
      return [
        record(
          context,
          trail,
          "enum-value-added",
          severityOn(sides, { request: "non-breaking", response: "breaking" }),
          `${subject}: enum value added: ${list(difference.values)}`,
        ),
      ];
    case "values-removed":
      return [
        record(
          context,
          trail,
          "enum-value-removed",
          severityOn(sides, { request: "breaking", response: "non-breaking" }),
          `${subject}: enum value removed: ${list(difference.values)}`,
        ),
      ];
    case "added":
      // An enum appears: the values narrow to a list.
      return [
        record(
          context,
          trail,
          "property-type-changed",
          severityOn(sides, { request: "breaking", response: "non-breaking" }),
          `${subject}: now restricted to enum ${show(difference.after)}`,
        ),
      ];
    case "removed":
      return [
        record(
          context,
          trail,
          "property-type-changed",
          severityOn(sides, { request: "non-breaking", response: "breaking" }),
          `${subject}: no longer restricted to enum ${show(difference.before)}`,
        ),
      ];
    default:
      return [record(context, trail, "other-changed", "non-breaking", `${subject}: enum values reordered`)];
  }
}

function classifyRequired(difference: Difference, context: Context, site: SchemaSite, property: string): Change[] {
  const trail = difference.trail;
  const values =
    difference.type === "values-added" || difference.type === "values-removed"
      ? difference.values
      : difference.type === "added"
        ? (difference.after as unknown[])
        : difference.type === "removed"
          ? (difference.before as unknown[])
          : [];
  const nowRequired = difference.type === "values-added" || difference.type === "added";
  if (difference.type === "changed" && values.length === 0) {
    return [record(context, trail, "other-changed", "non-breaking", `${site.owner}: required list reordered`)];
  }
  const where = property ? `${site.owner} property "${property}"` : site.owner;
  return (Array.isArray(values) ? values : []).map((name) =>
    record(
      context,
      trail,
      "property-required-changed",
      severityOn(
        site.sides,
        nowRequired
          ? { request: "breaking", response: "non-breaking" }
          : { request: "non-breaking", response: "breaking" },
      ),
      `${where}: "${String(name)}" is ${nowRequired ? "now required" : "no longer required"}`,
    ),
  );
}

// ── post-processing ──────────────────────────────────────────────────────────────────────────────

/** One media type removed and one added under the same `content`: report a single change. */
function pairMediaTypes(changes: Change[]): Change[] {
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
        result.push({
          ...change,
          path: parent(change),
          kind: "media-type-changed",
          severity: "breaking",
          message: `${owner}: media type ${from} → ${to}`,
        });
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

// ── which side of the API each component schema is on ────────────────────────────────────────────

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
