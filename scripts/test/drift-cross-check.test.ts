import { apiCompare } from "api-smart-diff";
import { describe, expect, it } from "vitest";
import { type Edit, RULE_CASES, type Variant, variantDocuments } from "./fixtures/drift-cases.js";

// Our RULES against api-smart-diff (an OpenAPI diff engine whose classification is rule data), on
// the same one-edit-per-rule table drift-classify.test.ts pins (fixtures/drift-cases.ts). Where it
// agrees it confirms the rule; where it does not, the reason we keep ours is written below, with
// oasdiff's verdict (its checker/rules.go: ERR breaking, WARN maybe, INFO not) as the tie-breaker.
// docs/ARCHITECTURE.md, "Drift rules: compared with api-smart-diff and oasdiff", has the decision.

type Verdict = "breaking" | "non-breaking" | "none";

/**
 * api-smart-diff resolves `$ref`s and classifies each change once where an operation uses it (with
 * the request/response direction) and once more inside components/schemas without one; only the
 * first is kept here (and whole schemas added or removed). Its "annotation" and "unclassified"
 * count as non-breaking.
 */
function theirVerdict(variant: Variant, edit: Edit): Verdict {
  const { before, after } = variantDocuments(variant, edit);
  const { diffs } = apiCompare(before, after);
  const relevant = diffs.filter((diff) => !(diff.path[0] === "components" && diff.path.length > 3));
  if (relevant.some((diff) => diff.type === "breaking")) return "breaking";
  return relevant.length > 0 ? "non-breaking" : "none";
}

const ourVerdict = (expected: string[]): Verdict =>
  expected.some((record) => record.endsWith(" breaking")) ? "breaking" : "non-breaking";

/** Every variant where api-smart-diff 1.0.6 disagrees: its verdict, and why ours stands. */
const DISAGREEMENTS: Record<Variant, [Verdict, string]> = {
  "operation-id-changed": [
    "non-breaking",
    "renames the generated `operations` type callers import (oasdiff: not checked)",
  ],
  "parameter-type-changed": [
    "non-breaking",
    "sent values no longer type-check (oasdiff: ERR request-parameter-type-changed)",
  ],
  "request-body-added / as required": [
    "non-breaking",
    "callers must now send one (oasdiff: ERR added-required-request-body)",
  ],
  "property-removed": ["non-breaking", "code reading it breaks (oasdiff: ERR/WARN response-*-property-removed)"],
  "property-type-changed / type, format or $ref": ["non-breaking", "oasdiff: ERR response-property-type-changed"],
  "property-type-changed / enum appears / request": [
    "non-breaking",
    "narrows what may be sent (oasdiff: ERR request-property-became-enum)",
  ],
  "property-type-changed / enum appears / response": ["breaking", "narrows what is read: nothing breaks"],
  "property-type-changed / enum disappears / request": ["breaking", "widens what may be sent: nothing breaks"],
  "property-type-changed / enum disappears / response": ["non-breaking", "exhaustive code over the read value breaks"],
  "media-type-added / response": [
    "non-breaking",
    "the client may get a body it does not parse (oasdiff: INFO; kept strict)",
  ],
  "server-url-changed / a URL changed or removed": ["non-breaking", "a human must update the runtime's region hosts"],
  "security-changed": ["none", "it reports no change for a security scheme edit (oasdiff: INFO; kept strict: auth)"],
  "other-changed": ["breaking", "a tightened request constraint: ours says read it yourself (oasdiff: WARN/ERR)"],
};

describe("RULES cross-checked against api-smart-diff", () => {
  const compared = RULE_CASES.map(([variant, edit, expected]) => ({
    variant,
    ours: ourVerdict(expected),
    theirs: theirVerdict(variant, edit),
  }));

  it("agrees on every variant but the listed ones", () => {
    const agreeing = compared.filter(({ ours, theirs }) => ours === theirs).map(({ variant }) => variant);
    expect(agreeing.length).toBe(RULE_CASES.length - Object.keys(DISAGREEMENTS).length);
    expect(agreeing).toEqual(expect.arrayContaining(["enum-value-added / response", "enum-value-removed / request"]));
  });

  it.each(Object.entries(DISAGREEMENTS))("disagrees on %s as recorded", (variant, [theirs]) => {
    const row = compared.find((entry) => entry.variant === variant);
    expect(row?.theirs).toBe(theirs);
    expect(row?.ours).not.toBe(theirs);
  });
});
