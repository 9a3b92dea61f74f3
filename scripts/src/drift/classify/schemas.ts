/** The walk inside a schema: properties, types, enums, required lists. */
import type { Change, ChangeKind } from "../changes.js";
import type { Difference } from "../tree-diff.js";
import type { Sides } from "./rules.js";
import { type Context, EXAMPLE_KEYWORDS, other, record, show, TEXT_KEYWORDS, valuesOf } from "./shared.js";

const COMPOSITIONS = new Set(["allOf", "oneOf", "anyOf", "prefixItems"]);
const NAMED_CHILDREN = new Set(["properties", "patternProperties", "$defs", "definitions"]);
const NESTED_SCHEMAS = new Set(["items", "additionalProperties", "not", "contains"]);
const TYPE_KEYWORDS = new Set(["type", "format", "$ref", "const", ...COMPOSITIONS]);

export interface SchemaSite {
  /** What the schema belongs to, for messages: `GET /v1/files/list query parameter "purpose"`. */
  owner: string;
  sides: Sides;
  /** Tokens inside the schema, from its root to the difference. */
  rest: string[];
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

export function classifySchema(difference: Difference, context: Context, site: SchemaSite): Change[] {
  const { property, keyword, keywordIndex, endsAtProperty } = locate(site.rest);
  const trail = difference.trail;
  const subject = property ? `${site.owner} property "${property}"` : site.owner;
  const { before, after } = valuesOf(difference);
  const typeChanged = (message: string): Change =>
    site.parameter && !property
      ? record(context, trail, "parameter-type-changed", message)
      : record(context, trail, "property-type-changed", message, { case: "type, format or $ref" });

  if (keyword === undefined) {
    if (endsAtProperty && difference.type === "added") {
      return [record(context, trail, "property-added", `${subject} added`)];
    }
    if (endsAtProperty && difference.type === "removed") {
      return [record(context, trail, "property-removed", `${subject} removed`)];
    }
    return [typeChanged(`${subject}: schema ${difference.type}`)];
  }

  const nested = site.rest.length > keywordIndex + 1;
  if (EXAMPLE_KEYWORDS.has(keyword))
    return [record(context, trail, "example-changed", `${subject}: ${keyword} changed`)];
  if (TEXT_KEYWORDS.has(keyword) && !nested) {
    return [record(context, trail, "description-changed", `${subject}: ${keyword} changed`)];
  }
  if (TYPE_KEYWORDS.has(keyword) && !nested) {
    const from = difference.type === "added" ? "(none)" : show(before);
    const to = difference.type === "removed" ? "(none)" : show(after);
    return [typeChanged(`${subject}: ${keyword} ${from} → ${to}`)];
  }
  if (keyword === "enum") return classifyEnum(difference, context, subject, site.sides);
  if (keyword === "required" && !nested) return classifyRequired(difference, context, site, property);
  if (TYPE_KEYWORDS.has(keyword)) return [typeChanged(`${subject}: ${keyword} changed`)];
  return [other(context, difference, subject)];
}

function classifyEnum(difference: Difference, context: Context, subject: string, sides: Sides): Change[] {
  const trail = difference.trail;
  const list = (values: unknown[]) => values.map(show).join(", ");
  switch (difference.type) {
    case "values-added":
      return [
        record(context, trail, "enum-value-added", `${subject}: enum value added: ${list(difference.values)}`, {
          sides,
        }),
      ];
    case "values-removed":
      return [
        record(context, trail, "enum-value-removed", `${subject}: enum value removed: ${list(difference.values)}`, {
          sides,
        }),
      ];
    case "added":
      // An enum appears: the values narrow to a list.
      return [
        record(
          context,
          trail,
          "property-type-changed",
          `${subject}: now restricted to enum ${show(difference.after)}`,
          {
            case: "enum appears",
            sides,
          },
        ),
      ];
    case "removed":
      return [
        record(
          context,
          trail,
          "property-type-changed",
          `${subject}: no longer restricted to enum ${show(difference.before)}`,
          { case: "enum disappears", sides },
        ),
      ];
    default:
      return [record(context, trail, "other-changed", `${subject}: enum values reordered`)];
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
    return [record(context, trail, "other-changed", `${site.owner}: required list reordered`)];
  }
  const where = property ? `${site.owner} property "${property}"` : site.owner;
  const kind: ChangeKind = "property-required-changed";
  return (Array.isArray(values) ? values : []).map((name) =>
    record(
      context,
      trail,
      kind,
      `${where}: "${String(name)}" is ${nowRequired ? "now required" : "no longer required"}`,
      {
        case: nowRequired ? "now required" : "now optional",
        sides: site.sides,
      },
    ),
  );
}
