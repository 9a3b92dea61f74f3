/**
 * pnpm spec:update [--body-file <path>] [--upstream <origin>] [--timeout-ms <n>] [--root <dir>]
 *
 * The drift check, then: rewrite spec/upstream/, re-merge, re-apply the overlay, regenerate the
 * merged spec and the types, and write a changeset. All or nothing (see update.ts).
 * Exit 0: updated, or nothing to update. 1: a step failed (named); the tree is untouched.
 * 2: could not check (the message names the page); the tree is untouched.
 */
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { formatChange } from "./changes.js";
import { renderPullRequestBody } from "./changeset.js";
import { CheckError } from "./check.js";
import { COMMON_USAGE, parseCommandLine } from "./cli-options.js";
import { updateSpec } from "./update.js";

export const EXIT = { ok: 0, updateFailed: 1, couldNotCheck: 2 } as const;

const USAGE = `usage: pnpm spec:update [options]

Runs the drift check (pnpm spec:check); when the pages changed, rewrites spec/upstream/, regenerates
spec/minimax-files.openapi.yaml and the types, and writes a changeset whose bump follows the change
classification. All or nothing: when any step fails, no file in the tree changes.
Exit codes: 0 updated or nothing to do, 1 a step failed (named), 2 could not check.

options:
  --body-file <path>      when anything changed, write the change list as a pull-request body (markdown)
${COMMON_USAGE}`;

export async function main(argv: string[]): Promise<number> {
  let parsed: ReturnType<typeof parseCommandLine>;
  try {
    parsed = parseCommandLine(argv, { "body-file": { type: "string" } });
  } catch (error) {
    console.error(`spec:update: ${error instanceof Error ? error.message : error}\n\n${USAGE}`);
    return EXIT.couldNotCheck;
  }
  if (parsed.help) {
    console.log(USAGE);
    return EXIT.ok;
  }
  try {
    const result = await updateSpec(parsed.options);
    if (result.changes.length === 0) {
      console.log("no drift: spec/upstream/ matches the pages; nothing written");
      return EXIT.ok;
    }
    for (const change of result.changes) console.log(formatChange(change));
    console.log(`\nbump: ${result.bump}`);
    for (const file of result.written) console.log(`wrote ${file}`);
    for (const notice of result.notices) console.log(`note: ${notice}`);
    for (const action of result.unnecessaryActions) {
      console.log(`overlay fix no longer needed (applied alone it changes nothing): ${action}`);
    }
    const bodyFile = parsed.values["body-file"];
    if (typeof bodyFile === "string") {
      await writeFile(path.resolve(process.env.INIT_CWD ?? process.cwd(), bodyFile), renderPullRequestBody(result));
    }
    return EXIT.ok;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof CheckError) {
      console.error(`spec:update could not check, nothing written: ${message}`);
      return EXIT.couldNotCheck;
    }
    console.error(`spec:update failed, nothing written: ${message}`);
    return EXIT.updateFailed;
  }
}

if (import.meta.url === `file://${process.argv[1]}`) process.exitCode = await main(process.argv.slice(2));
