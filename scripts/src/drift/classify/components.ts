/** The walk over `components`: schemas (with the side(s) that use them) and security schemes. */
import type { Change } from "../changes.js";
import type { Difference } from "../tree-diff.js";
import type { Side, Sides } from "./rules.js";
import { classifySchema } from "./schemas.js";
import { type Context, expandAddedRemoved, other, record, TEXT_KEYWORDS } from "./shared.js";

const sideLabel = (sides: Sides) => (sides.size === 0 ? "unreferenced" : [...sides].sort().join(" and "));

export function classifyComponents(difference: Difference, context: Context): Change[] {
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
        return [record(context, difference.trail, "schema-added", `schema ${name} added`)];
      if (difference.type === "removed") {
        return [
          record(
            context,
            difference.trail,
            "schema-removed",
            `schema ${name} removed (its exported type goes with it)`,
          ),
        ];
      }
    }
    return classifySchema(difference, context, {
      owner: `schema ${name} (${sideLabel(sides)})`,
      sides,
      rest: tokens.slice(3),
      parameter: false,
    });
  }
  if (section === "securitySchemes") {
    if (TEXT_KEYWORDS.has(tokens.at(-1) ?? "") && tokens.length === 4) {
      return [record(context, difference.trail, "description-changed", `security scheme ${name}: description changed`)];
    }
    return [record(context, difference.trail, "security-changed", `security scheme ${name ?? ""} changed`.trim())];
  }
  return [other(context, difference, `components.${section ?? ""}`)];
}
