/**
 * What the bulk commands (many-file upload, many-id delete, prune, sync) share: turning the client's
 * settled results into outcomes, finding out what the server did when an answer was lost, and the
 * exit code.
 *
 * The client's bulk helpers let calls in flight finish when the signal aborts (an upload cut off
 * mid-way could be stored without anyone learning its id) and reject the items never started with
 * the signal's reason: so after Ctrl-C every item is either done and reported, failed and reported,
 * or known never to have been sent.
 */
import type { MiniMaxFiles } from "@org/minimax-files";
import type { CliIo } from "./cli-io.js";
import { BatchFailedError, describeFailure, type FailureReport } from "./errors.js";
import type { LocalFile } from "./local-files.js";
import type { File } from "./output.js";
import { batchProgress } from "./progress.js";

export type Outcome<T> =
  | {
      status: "done";
      value: T /** The answer was lost; the server's list shows the work was done. */;
      answerLost?: true;
    }
  | { status: "failed"; error: unknown; report: FailureReport }
  | { status: "not_started" };

/** Settled results → outcomes; an item rejected with the abort's own reason was never sent. */
export function outcomes<T>(io: CliIo, results: readonly PromiseSettledResult<T>[]): Outcome<T>[] {
  return results.map((result) => {
    if (result.status === "fulfilled") return { status: "done", value: result.value };
    if (io.signal.aborted && result.reason === io.signal.reason) return { status: "not_started" };
    return { status: "failed", error: result.reason, report: describeFailure(result.reason, { interrupted: false }) };
  });
}

export type Tally = { done: number; failed: number; notStarted: number };

/** Counts by status. */
export function tally(list: readonly Outcome<unknown>[]): Tally {
  const count = (status: Outcome<unknown>["status"]) => list.filter((item) => item.status === status).length;
  return { done: count("done"), failed: count("failed"), notStarted: count("not_started") };
}

/**
 * A bulk command's last line: what it did (`done`, in its own words), how many items failed, and
 * after Ctrl-C how many were never sent.
 */
export function summaryLine(done: readonly string[], failed: number, notStarted: number): string {
  const parts = [...done, `${failed} failed`];
  if (notStarted > 0) parts.push(`${notStarted} not started (interrupted)`);
  return parts.join(", ");
}

/**
 * Uploads `files` under `purpose`, one bar for the batch on a terminal. `before` is the purpose's
 * list from before the batch: an upload that failed after the server stored it (the answer was
 * lost) is found as a new file of the same name and size, and reported as uploaded with its id.
 */
export async function uploadAll(
  io: CliIo,
  files: MiniMaxFiles<"bigint">,
  items: readonly LocalFile[],
  options: { purpose: string; concurrency: number; before: readonly File[] | undefined },
): Promise<Outcome<File>[]> {
  const progress = batchProgress("upload", total(items), io.progressOutput);
  let results: PromiseSettledResult<File>[];
  try {
    results = await files.uploadMany(
      items.map((item) => ({ file: item.absolute, purpose: options.purpose, filename: item.name })),
      {
        concurrency: options.concurrency,
        signal: io.signal,
        onSettled: (result, index) => progress?.settled(items[index]?.bytes ?? 0, result.status === "rejected"),
      },
    );
  } finally {
    progress?.stop();
  }
  const list = outcomes(io, results);
  if (options.before && list.some(mayHaveBeenDone)) {
    await findStored(files, list, items, options.purpose, options.before);
  }
  return list;
}

async function findStored(
  files: MiniMaxFiles<"bigint">,
  list: Outcome<File>[],
  items: readonly LocalFile[],
  purpose: string,
  before: readonly File[],
): Promise<void> {
  const after = await files.list({ purpose }).catch(() => undefined);
  if (!after) return; // the failures stand as reported
  const done = list.flatMap((item) => (item.status === "done" ? [item.value] : []));
  const knownIds = new Set([...before, ...done].map((file) => String(file.file_id)));
  const unclaimed = after.filter((file) => !knownIds.has(String(file.file_id)));
  list.forEach((item, index) => {
    const local = items[index];
    if (item.status !== "failed" || !local || !mayHaveBeenDone(item)) return;
    const found = unclaimed.findIndex((file) => file.filename === local.name && file.bytes === local.bytes);
    if (found === -1) return;
    const [file] = unclaimed.splice(found, 1);
    list[index] = { status: "done", value: file as File, answerLost: true };
  });
}

/**
 * Deletes `targets` (files as listed, so each carries its purpose), one bar on a terminal. A delete
 * that failed after the server did it (the answer was lost) is found missing from its purpose's
 * list afterwards, and reported as deleted.
 */
export async function deleteAll(
  io: CliIo,
  files: MiniMaxFiles<"bigint">,
  targets: readonly File[],
  concurrency: number,
): Promise<Outcome<unknown>[]> {
  const progress = batchProgress("delete", total(targets), io.progressOutput);
  let results: PromiseSettledResult<unknown>[];
  try {
    results = await files.deleteMany(targets, {
      concurrency,
      signal: io.signal,
      onSettled: (result, index) => progress?.settled(targets[index]?.bytes ?? 0, result.status === "rejected"),
    });
  } finally {
    progress?.stop();
  }
  const list = outcomes(io, results);
  if (list.some(mayHaveBeenDone)) {
    const purposes = [...new Set(targets.map((file) => file.purpose))];
    const after = await files.listAll({ purposes }).catch(() => undefined);
    if (after) {
      const present = new Set(after.map((file) => String(file.file_id)));
      list.forEach((item, index) => {
        const target = targets[index];
        if (item.status === "failed" && target && mayHaveBeenDone(item) && !present.has(String(target.file_id))) {
          list[index] = { status: "done", value: { file_id: target.file_id }, answerLost: true };
        }
      });
    }
  }
  return list;
}

/** A failure that happened at or after MiniMax (not a refusal before sending), so the work may be done. */
function mayHaveBeenDone(item: Outcome<unknown>): boolean {
  return item.status === "failed" && !["usage", "local_file"].includes(item.report.json.kind);
}

/**
 * Ends a bulk command: interrupted → the abort reaches run() (exit 130); any failure → exit with
 * the first failure's code; otherwise success.
 */
export function finish(io: CliIo, list: readonly Outcome<unknown>[], what: string): void {
  if (io.signal.aborted) throw io.signal.reason;
  const failures = list.filter((item) => item.status === "failed");
  const first = failures[0];
  if (first?.status === "failed") {
    throw new BatchFailedError(`${failures.length} of ${list.length} ${what} failed`, first.report.exitCode);
  }
}

/** Writes one failure's report on stderr, its first line naming the item. */
export function printFailure(io: CliIo, label: string, report: FailureReport): void {
  io.stderr.write(`error: ${label}: ${report.lines.join("\n")}\n`);
}

function total(items: readonly { bytes: number }[]): { files: number; bytes: number } {
  return { files: items.length, bytes: items.reduce((sum, item) => sum + item.bytes, 0) };
}
