/**
 * What the drift check reports: one record per change between a vendored upstream document and
 * the live page's, classified for callers of this client. The rules live in classify/rules.ts; this file
 * holds the record, the bump it implies and how it is printed.
 */

export type Severity = "breaking" | "non-breaking";

export type ChangeKind =
  | "operation-added"
  | "operation-removed"
  | "operation-id-changed"
  | "parameter-added"
  | "parameter-removed"
  | "parameter-required-changed"
  | "parameter-type-changed"
  | "request-body-added"
  | "request-body-removed"
  | "request-body-required-changed"
  | "response-added"
  | "response-removed"
  | "enum-value-added"
  | "enum-value-removed"
  | "property-added"
  | "property-removed"
  | "property-required-changed"
  | "property-type-changed"
  | "schema-added"
  | "schema-removed"
  | "media-type-added"
  | "media-type-removed"
  | "media-type-changed"
  | "server-url-changed"
  | "security-changed"
  | "description-changed"
  | "example-changed"
  | "metadata-changed"
  | "other-changed"
  | "formatting";

export interface Change {
  /** The source's name in spec/sources.yaml (`list`, `upload`, ...): whose page changed. */
  operation: string;
  /** JSON pointer (RFC 6901) inside that operation's document; added things are addressed in the
   * new document, removed things in the old one. Empty for a whole-document change. */
  path: string;
  kind: ChangeKind;
  severity: Severity;
  message: string;
}

/** A changeset bump; `none` when nothing a package consumer could notice changed. */
export type Bump = "major" | "minor" | "patch" | "none";

/** Kinds that only change documentation: they regenerate comments, never shapes. */
const DOCUMENTATION_KINDS: ReadonlySet<ChangeKind> = new Set([
  "description-changed",
  "example-changed",
  "metadata-changed",
]);

/**
 * breaking → major; any other structural change (an addition, a loosening) → minor;
 * documentation only → patch; formatting only → none (the parsed documents are equal, so the
 * generated spec and types are too).
 */
export function bumpFor(changes: readonly Change[]): Bump {
  if (changes.some((change) => change.severity === "breaking")) return "major";
  if (changes.some((change) => change.kind !== "formatting" && !DOCUMENTATION_KINDS.has(change.kind))) return "minor";
  if (changes.some((change) => DOCUMENTATION_KINDS.has(change.kind))) return "patch";
  return "none";
}

export function formatChange(change: Change): string {
  return `${change.severity.padEnd(12)} ${change.operation.padEnd(16)} ${change.kind.padEnd(27)} ${change.message} — at ${change.path || "/"}`;
}

/** RFC 6901: `~` → `~0`, `/` → `~1`, so routes like `/v1/files/list` stay one token. */
export function toPointer(tokens: readonly string[]): string {
  return tokens.map((token) => `/${token.replaceAll("~", "~0").replaceAll("/", "~1")}`).join("");
}
