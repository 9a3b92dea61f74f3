/** What every part of the walk shares: the context, `record()` (which asks RULES for the severity) and helpers. */
import { type Change, type ChangeKind, toPointer } from "../changes.js";
import type { Difference, TrailStep } from "../tree-diff.js";
import { type CaseOf, type Side, type Sides, severityOf } from "./rules.js";

export interface Context {
  operation: string;
  before: unknown;
  after: unknown;
  usage: Map<string, Set<Side>>;
}

export const HTTP_METHODS = new Set(["get", "put", "post", "delete", "options", "head", "patch", "trace"]);
export const TEXT_KEYWORDS = new Set(["description", "summary", "title"]);
export const EXAMPLE_KEYWORDS = new Set(["example", "examples"]);

export const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

export const show = (value: unknown): string => {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
};

/** What RULES needs to decide a kind's severity: its case, where the rule has cases, and the side(s). */
export type How<K extends ChangeKind> = [CaseOf<K>] extends [never]
  ? { sides?: Sides }
  : { case: CaseOf<K>; sides?: Sides };

/** A change record; its severity is looked up in RULES, never decided here. */
export function record<K extends ChangeKind>(
  context: Context,
  trail: readonly TrailStep[] | readonly string[],
  kind: K,
  message: string,
  ...how: [CaseOf<K>] extends [never] ? [How<K>?] : [How<K>]
): Change {
  const tokens = trail.map((step) => (typeof step === "string" ? step : step.token));
  const options = (how[0] ?? {}) as { case?: string; sides?: Sides };
  const severity = severityOf(kind, options.case, options.sides ?? new Set());
  return { operation: context.operation, path: toPointer(tokens), kind, severity, message };
}

/** added/removed/changed value of a difference, for messages. */
export const valuesOf = (difference: Difference) => ({
  before: "before" in difference ? difference.before : undefined,
  after: "after" in difference ? difference.after : undefined,
});

/** Anything the rules do not name (defaults, constraints, extensions): `other-changed`. */
export function other(context: Context, difference: Difference, subject: string): Change {
  const { before, after } = valuesOf(difference);
  const what =
    difference.type === "values-added" || difference.type === "values-removed"
      ? `${difference.type.replace("-", " ")}: ${difference.values.map(show).join(", ")}`
      : difference.type === "changed"
        ? `${show(before)} → ${show(after)}`
        : `${difference.type} ${show(difference.type === "added" ? after : before)}`;
  const key = difference.trail.at(-1)?.token ?? "";
  return record(context, difference.trail, "other-changed", `${subject}: ${key} ${what}`);
}

/**
 * An added or removed object stands for everything in it: one difference per key, so that (say) a
 * new path item reports each of its operations. `undefined` for anything else.
 */
export function expandAddedRemoved(
  difference: Difference,
  each: (child: Difference) => Change[],
): Change[] | undefined {
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
