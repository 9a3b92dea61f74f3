/**
 * The changeset `spec:update` writes, and the pull-request body the drift workflow posts. Both list
 * the same change records; the bump follows their classification (changes.ts, `bumpFor`).
 */
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { type Bump, type Change, formatChange } from "./changes.js";

/** Every package in .changeset/config.json's `fixed` groups: they always move together. */
export async function fixedPackages(root: string): Promise<string[]> {
  const file = path.join(root, ".changeset/config.json");
  const config = JSON.parse(await readFile(file, "utf8")) as { fixed?: string[][] };
  const names = (config.fixed ?? []).flat();
  if (names.length === 0) throw new Error(`${file}: no \`fixed\` package group to bump`);
  return names;
}

/**
 * Named after the new upstream text, so a daily re-run against unchanged pages writes the same
 * file (the drift PR does not churn) while a later, different drift never overwrites a pending one.
 */
export function changesetFileName(upstreamTexts: string[]): string {
  const hash = createHash("sha256");
  for (const text of upstreamTexts) hash.update(text).update("\0");
  return `.changeset/upstream-drift-${hash.digest("hex").slice(0, 8)}.md`;
}

const bullet = (change: Change) =>
  `- ${change.severity === "breaking" ? "**breaking**" : "non-breaking"} (${change.operation}, ${change.kind}): ${change.message}`;

export function renderChangeset(packages: string[], bump: Exclude<Bump, "none">, changes: Change[]): string {
  const header = packages.map((name) => `"${name}": ${bump}`).join("\n");
  const listed = changes.filter((change) => change.kind !== "formatting");
  return `---\n${header}\n---\n\nRegenerated from MiniMax's File Management docs (upstream drift, \`pnpm spec:update\`):\n\n${listed.map(bullet).join("\n")}\n`;
}

export interface PullRequestBodyInput {
  changes: Change[];
  bump: Bump;
  changesetFile?: string;
  written: string[];
  unnecessaryActions: string[];
  notices?: string[];
}

export function renderPullRequestBody(input: PullRequestBodyInput): string {
  const breaking = input.changes.filter((change) => change.severity === "breaking").length;
  const lines = [
    "MiniMax changed its File Management docs. `pnpm spec:update` re-vendored the pages, re-applied",
    "`spec/overlay.yaml` and regenerated the types. How to review: README.md, “Keeping up with",
    "MiniMax's docs (drift job)”.",
    "",
    `**${input.changes.length} change(s), ${breaking} breaking → ${input.bump === "none" ? "no release (formatting only)" : `${input.bump} release`}**`,
    "",
    "```text",
    ...input.changes.map(formatChange),
    "```",
    "",
    input.changesetFile
      ? `Changeset: \`${input.changesetFile}\``
      : "No changeset: nothing a package consumer can notice changed.",
    "",
    "Files rewritten:",
    ...input.written.map((file) => `- \`${file}\``),
  ];
  if (input.notices && input.notices.length > 0) {
    lines.push("", "Notes (reported, not blocking):", ...input.notices.map((notice) => `- ${notice}`));
  }
  if (input.unnecessaryActions.length > 0) {
    lines.push(
      "",
      "Overlay fixes upstream has made unnecessary (applied alone they change nothing; drop them from `spec/overlay.yaml`):",
      ...input.unnecessaryActions.map((action) => `- ${action}`),
    );
  }
  return `${lines.join("\n")}\n`;
}
