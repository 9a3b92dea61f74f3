/**
 * `prune`: delete a purpose's files older than an age and/or matching a filename glob. `--dry-run`
 * lists what would go and sends no delete; `--yes` deletes; on a terminal without either it shows
 * the files and asks. Anything else refuses before a request is sent.
 */
import picomatch from "picomatch";
import { deleteAll, finish, type Outcome, printFailure, summaryLine, tally } from "./batch.js";
import { client } from "./client.js";
import type { CommandContext } from "./commands.js";
import { canAsk, confirm } from "./confirm.js";
import { UsageError } from "./errors.js";
import { type File, fileTable, json, plural, print } from "./output.js";
import { formatBytes } from "./table.js";

export interface PruneOptions {
  purpose: string;
  /** Seconds (parsed from e.g. `7d`) and the text typed, for the summary. */
  olderThan?: { seconds: number; typed: string };
  match?: string;
  dryRun?: boolean;
  yes?: boolean;
  concurrency: number;
}

export async function prune({ io, flags }: CommandContext, options: PruneOptions): Promise<void> {
  if (!options.dryRun && !options.yes && !canAsk(io)) {
    throw new UsageError(
      "prune needs --dry-run or --yes when not on a terminal",
      "run it with --dry-run to see what it would delete, then with --yes",
    );
  }
  const files = client(io, flags);
  const listed = await files.list({ purpose: options.purpose }, { signal: io.signal });
  const matched = listed.filter(selector(options));
  const bytes = matched.reduce((sum, file) => sum + file.bytes, 0);
  const report = (outcomes: readonly Outcome<unknown>[]) =>
    json(flags, {
      purpose: options.purpose,
      dryRun: options.dryRun === true,
      olderThan: options.olderThan?.typed ?? null,
      match: options.match ?? null,
      matched,
      ...grouped(matched, outcomes),
    });

  if (!flags.json && matched.length > 0) print(io, fileTable(matched));
  const what = `${plural(matched.length, "file")} (${formatBytes(bytes)})`;
  if (matched.length === 0 || options.dryRun) {
    if (flags.json) return print(io, report([]));
    if (matched.length === 0) return print(io, `no ${options.purpose} files match; nothing to delete`);
    return print(io, `dry run: would delete ${what}; nothing was deleted`);
  }
  if (
    !options.yes &&
    !(await confirm(io, matched.length === 1 ? "Delete this file?" : `Delete these ${matched.length} files?`))
  ) {
    if (flags.json) return print(io, report([]));
    return print(io, "nothing was deleted");
  }

  const outcomes = await deleteAll(io, files, matched, options.concurrency);
  if (flags.json) print(io, report(outcomes));
  else {
    outcomes.forEach((item, index) => {
      if (item.status === "failed") printFailure(io, `file ${matched[index]?.file_id}`, item.report);
    });
    const counts = tally(outcomes);
    print(io, summaryLine([`deleted ${plural(counts.done, "file")}`], counts.failed, counts.notStarted));
  }
  finish(io, outcomes, "deletes");
}

/** Older than the age (by the server's created_at against this machine's clock) and matching the glob. */
function selector(options: PruneOptions): (file: File) => boolean {
  const cutoff = options.olderThan === undefined ? undefined : Date.now() / 1000 - options.olderThan.seconds;
  // dot: a leading dot is part of a MiniMax filename, not a hidden-file convention to respect.
  const matches = options.match === undefined ? undefined : picomatch(options.match, { dot: true });
  return (file) =>
    (cutoff === undefined || file.created_at < cutoff) && (matches === undefined || matches(file.filename));
}

function grouped(matched: readonly File[], outcomes: readonly Outcome<unknown>[]) {
  const ids = (status: Outcome<unknown>["status"]) =>
    matched.filter((_, index) => outcomes[index]?.status === status).map((file) => file.file_id);
  return {
    deleted: ids("done"),
    failed: outcomes.flatMap((item, index) =>
      item.status === "failed" ? [{ file_id: matched[index]?.file_id, error: item.report.json }] : [],
    ),
    notStarted: ids("not_started"),
  };
}
