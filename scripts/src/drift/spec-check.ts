/**
 * pnpm spec:check [--json] [--upstream <origin>] [--timeout-ms <n>] [--root <dir>]
 *
 * Compares the live MiniMax docs pages with spec/upstream/. Never writes.
 * Exit 0: no drift. 1: drift (one line per change). 2: could not check (the message names the page).
 */
import { formatChange } from "./changes.js";
import { checkDrift } from "./check.js";
import { COMMON_USAGE, parseCommandLine } from "./cli-options.js";

export const EXIT = { noDrift: 0, drift: 1, couldNotCheck: 2 } as const;

const USAGE = `usage: pnpm spec:check [options]

Fetches every page in spec/sources.yaml, extracts its embedded OpenAPI YAML and compares it with
the vendored spec/upstream/ copy. Prints one line per change:
  <severity> <operation> <kind> <message> — at <JSON pointer into the page's document>
Writes nothing. Exit codes: 0 no drift, 1 drift, 2 could not check.

options:
  --json                  print the change records as a JSON array instead
${COMMON_USAGE}`;

export async function main(argv: string[]): Promise<number> {
  let parsed: ReturnType<typeof parseCommandLine>;
  try {
    parsed = parseCommandLine(argv, { json: { type: "boolean" } });
  } catch (error) {
    console.error(`spec:check: ${error instanceof Error ? error.message : error}\n\n${USAGE}`);
    return EXIT.couldNotCheck;
  }
  if (parsed.help) {
    console.log(USAGE);
    return EXIT.noDrift;
  }
  try {
    const report = await checkDrift(parsed.options);
    if (parsed.values.json) console.log(JSON.stringify(report.changes, null, 2));
    else if (report.changes.length === 0)
      console.log(`no drift: ${report.operations.length} pages match spec/upstream/`);
    else for (const change of report.changes) console.log(formatChange(change));
    return report.changes.length === 0 ? EXIT.noDrift : EXIT.drift;
  } catch (error) {
    console.error(`spec:check could not check: ${error instanceof Error ? error.message : error}`);
    return EXIT.couldNotCheck;
  }
}

if (import.meta.url === `file://${process.argv[1]}`) process.exitCode = await main(process.argv.slice(2));
