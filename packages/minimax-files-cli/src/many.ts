/**
 * `upload` with several paths (or --recursive) and `delete` with several ids: one line per item,
 * in the order given, once the batch has finished (on a terminal a bar shows it running), then a
 * summary; with --json one JSON object per line per item instead. Failures go to stderr.
 */

import { finish, type Outcome, outcomes, printFailure, summaryLine, type Tally, tally, uploadAll } from "./batch.js";
import { client } from "./client.js";
import type { CommandContext } from "./commands.js";
import { checkUploadable, collectFiles } from "./local-files.js";
import { type File, json, plural, print } from "./output.js";
import { batchProgress } from "./progress.js";
import { formatBytes } from "./table.js";

export async function uploadFiles(
  { io, flags }: CommandContext,
  paths: readonly string[],
  options: { purpose: string; recursive: boolean; concurrency: number },
): Promise<void> {
  const items = await collectFiles(io.cwd, paths, { recursive: options.recursive });
  if (items.length === 0) {
    io.stderr.write("no files to upload\n");
    return;
  }
  checkUploadable(items, options.purpose);
  const files = client(io, flags);
  // The list before the batch lets a lost answer's upload be recognised afterwards (see uploadAll).
  // Best effort: a purpose that can be uploaded but not listed still uploads, unreconciled.
  const before = await files.list({ purpose: options.purpose }, { signal: io.signal }).catch(() => undefined);
  const list = await uploadAll(io, files, items, { ...options, before });
  list.forEach((item, index) => {
    const path = items[index]?.shown ?? "";
    if (flags.json) print(io, json(flags, uploadJson(path, item), ""));
    else if (item.status === "done") print(io, uploadedLine(path, item.value, item.answerLost));
    else if (item.status === "failed") printFailure(io, path, item.report);
  });
  if (!flags.json) print(io, summary(tally(list), "uploaded"));
  finish(io, list, "uploads");
}

export async function deleteFiles(
  { io, flags }: CommandContext,
  ids: readonly string[],
  options: { purpose?: string | undefined; concurrency: number },
): Promise<void> {
  const unique = [...new Set(ids)];
  const progress = batchProgress("delete", { files: unique.length, bytes: 0 }, io.progressOutput);
  let results: PromiseSettledResult<unknown>[];
  try {
    results = await client(io, flags).deleteMany(unique, {
      concurrency: options.concurrency,
      signal: io.signal,
      onSettled: (result) => progress?.settled(0, result.status === "rejected"),
      ...(options.purpose === undefined ? {} : { purpose: options.purpose }),
    });
  } finally {
    progress?.stop();
  }
  const list = outcomes(io, results);
  list.forEach((item, index) => {
    const id = BigInt(unique[index] ?? 0);
    if (flags.json) print(io, json(flags, { file_id: id, ...statusJson(item, "deleted") }, ""));
    else if (item.status === "done") print(io, `deleted file ${id}${options.purpose ? ` (${options.purpose})` : ""}`);
    else if (item.status === "failed") printFailure(io, `file ${id}`, item.report);
  });
  if (!flags.json) print(io, summary(tally(list), "deleted"));
  finish(io, list, "deletes");
}

export function uploadedLine(path: string, file: File, answerLost?: true): string {
  const lost = answerLost ? "; its answer was lost, the server's list shows it stored" : "";
  return `uploaded ${path} as ${file.file_id} (${formatBytes(file.bytes)})${lost}`;
}

function uploadJson(path: string, item: Outcome<File>): object {
  return { path, ...statusJson(item, "uploaded"), ...(item.status === "done" ? { file: item.value } : {}) };
}

/** `status` (done / failed / not_started), and the error (as `--json` prints errors) for a failure. */
export function statusJson(item: Outcome<unknown>, done: string): object {
  if (item.status === "done") return { status: done, ...(item.answerLost ? { answerLost: true } : {}) };
  if (item.status === "failed") return { status: "failed", error: item.report.json };
  return { status: "not_started" };
}

function summary(counts: Tally, done: string): string {
  return summaryLine([`${plural(counts.done, "file")} ${done}`], counts.failed, counts.notStarted);
}
