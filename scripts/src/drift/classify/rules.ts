/**
 * The drift rules: which change kinds break callers of this client. This table is the only place a
 * severity is decided; the walk (paths.ts, components.ts, schemas.ts) only names the kind and, where
 * the table asks for it, the case (`as required`, `now optional`, ...) and the side (request or
 * response). README.md's "Breaking or not" table is rendered from it (`renderRulesTable`, checked
 * by scripts/test/drift-rules.test.ts).
 *
 * A caller *sends* requests and *reads* responses. Loosening what may be sent, or adding to what may
 * be read, is non-breaking; tightening what may be sent, or taking away from what is read, is
 * breaking. A component schema takes the side(s) of the operations that reference it, directly or
 * through other schemas; one referenced from nowhere counts as both (the strictest reading).
 */
import type { ChangeKind, Severity } from "../changes.js";

export type Side = "request" | "response";
export type Sides = ReadonlySet<Side>;

/** Severity for what callers send (`request`) and for what they read (`response`). */
export interface BySide {
  readonly request: Severity;
  readonly response: Severity;
}

export type Outcome = Severity | BySide;

/** A kind whose severity depends on how it happened: case name (as shown in the README) → outcome. */
export interface ByCase {
  readonly cases: Readonly<Record<string, Outcome>>;
}

export interface Rule {
  readonly severity: Outcome | ByCase;
  /** Why, for the README table. */
  readonly why?: string;
}

const B = "breaking";
const N = "non-breaking";
const requestBreaks: BySide = { request: B, response: N };
const responseBreaks: BySide = { request: N, response: B };

export const RULES = {
  "operation-added": { severity: N },
  "operation-removed": { severity: B },
  "operation-id-changed": { severity: B, why: "renames the generated `operations` type" },
  "parameter-added": { severity: { cases: { "as required": B, "as optional": N } } },
  "parameter-removed": { severity: B },
  "parameter-required-changed": { severity: { cases: { "now required": B, "now optional": N } } },
  "parameter-type-changed": { severity: B, why: "type, format or `$ref` of the parameter's schema" },
  "request-body-added": { severity: { cases: { "as required": B, "as optional": N } } },
  "request-body-removed": { severity: B },
  "request-body-required-changed": { severity: { cases: { "now required": B, "now optional": N } } },
  "response-added": { severity: N },
  "response-removed": { severity: B },
  "enum-value-added": { severity: responseBreaks, why: "exhaustive `switch`/`Record` code over a read value breaks" },
  "enum-value-removed": { severity: requestBreaks, why: "callers sending the value break" },
  "property-added": { severity: N },
  "property-removed": { severity: B },
  "property-required-changed": {
    severity: { cases: { "now required": requestBreaks, "now optional": responseBreaks } },
  },
  "property-type-changed": {
    severity: {
      cases: { "type, format or $ref": B, "enum appears": requestBreaks, "enum disappears": responseBreaks },
    },
  },
  "schema-added": { severity: N },
  "schema-removed": { severity: B, why: "its exported type goes" },
  "media-type-added": { severity: responseBreaks, why: "the client may receive a body it does not parse" },
  "media-type-removed": { severity: B },
  "media-type-changed": { severity: B },
  "server-url-changed": {
    severity: { cases: { "a URL changed or removed": B, "a server added": N } },
    why: "the runtime's region hosts mirror it: update them by hand",
  },
  "security-changed": { severity: B },
  "description-changed": { severity: N },
  "example-changed": { severity: N },
  "metadata-changed": { severity: N, why: "info, tags, externalDocs" },
  "other-changed": { severity: N, why: "defaults, constraints, extensions, reordering: read it yourself" },
  formatting: { severity: N, why: "same document, other bytes" },
} as const satisfies Record<ChangeKind, Rule>;

type RuleOf<K extends ChangeKind> = (typeof RULES)[K]["severity"];
/** The case names a kind's rule distinguishes; `never` for a kind with one outcome. */
export type CaseOf<K extends ChangeKind> = RuleOf<K> extends { cases: infer C } ? keyof C & string : never;

const isBySide = (outcome: Outcome): outcome is BySide => typeof outcome === "object";

/** Breaking if the rule says so on any side the change touches; no side known means both. */
export function resolve(outcome: Outcome, sides: Sides): Severity {
  if (!isBySide(outcome)) return outcome;
  const applicable: Side[] = sides.size === 0 ? ["request", "response"] : [...sides];
  return applicable.some((side) => outcome[side] === B) ? B : N;
}

export function severityOf(kind: ChangeKind, caseName: string | undefined, sides: Sides): Severity {
  const rule: Outcome | ByCase = RULES[kind].severity;
  if (typeof rule === "object" && "cases" in rule) {
    const outcome = caseName === undefined ? undefined : rule.cases[caseName];
    if (outcome === undefined) throw new Error(`drift rule for ${kind} has no case ${JSON.stringify(caseName)}`);
    return resolve(outcome, sides);
  }
  return resolve(rule, sides);
}

/** One row per (kind, case, side) the table distinguishes: what the tests must each cover once. */
export interface RuleVariant {
  kind: ChangeKind;
  case?: string;
  side?: Side;
  severity: Severity;
}

export function ruleVariants(): RuleVariant[] {
  const variants: RuleVariant[] = [];
  const push = (kind: ChangeKind, caseName: string | undefined, outcome: Outcome) => {
    if (isBySide(outcome)) {
      for (const side of ["request", "response"] as const) {
        variants.push({ kind, case: caseName, side, severity: outcome[side] });
      }
    } else variants.push({ kind, case: caseName, severity: outcome });
  };
  for (const [kind, rule] of Object.entries(RULES) as [ChangeKind, Rule][]) {
    if (typeof rule.severity === "object" && "cases" in rule.severity) {
      for (const [caseName, outcome] of Object.entries(rule.severity.cases)) push(kind, caseName, outcome);
    } else push(kind, undefined, rule.severity);
  }
  return variants;
}

/** README.md's "Breaking or not" table, rendered from RULES. */
export function renderRulesTable(): string {
  const rows = ["| kind | breaking when | non-breaking when | why |", "| --- | --- | --- | --- |"];
  const cell = (parts: string[]) => (parts.length > 0 ? parts.join("; ") : "never");
  for (const [kind, rule] of Object.entries(RULES) as [ChangeKind, Rule][]) {
    const breaking: string[] = [];
    const safe: string[] = [];
    const place = (label: string, outcome: Outcome) => {
      if (isBySide(outcome)) {
        for (const side of ["request", "response"] as const) {
          const where = `in a ${side}`;
          (outcome[side] === B ? breaking : safe).push(label ? `${label}, ${where}` : where);
        }
      } else (outcome === B ? breaking : safe).push(label || "always");
    };
    if (typeof rule.severity === "object" && "cases" in rule.severity) {
      for (const [caseName, outcome] of Object.entries(rule.severity.cases)) place(caseName, outcome);
    } else place("", rule.severity);
    rows.push(`| \`${kind}\` | ${cell(breaking)} | ${cell(safe)} | ${rule.why ?? ""} |`);
  }
  return `${rows.join("\n")}\n`;
}
