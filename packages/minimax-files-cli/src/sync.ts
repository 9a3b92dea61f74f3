/**
 * `sync <dir>`: upload the files under a directory that the purpose does not hold yet (a remote
 * file of the same name and size counts as present), and with `--delete` remove remote files no
 * local file matches. Deleting needs `--yes` (or `--dry-run`, which changes nothing), and happens
 * only when every upload succeeded: an older version is never removed before its replacement is in.
 */
import { stat } from "node:fs/promises";
import path from "node:path";
import { deleteAll, finish, printFailure, summaryLine, type Tally, tally, uploadAll } from "./batch.js";
import { client } from "./client.js";
import type { CommandContext } from "./commands.js";
import { UsageError } from "./errors.js";
import { checkUploadable, collectFiles, type LocalFile } from "./local-files.js";
import { uploadedLine } from "./many.js";
import { type File, json, plural, print } from "./output.js";

export interface SyncOptions {
  purpose: string;
  delete?: boolean;
  dryRun?: boolean;
  yes?: boolean;
  concurrency: number;
}

export async function sync({ io, flags }: CommandContext, directory: string, options: SyncOptions): Promise<void> {
  if (options.delete && !options.yes && !options.dryRun) {
    throw new UsageError(
      "sync --delete removes remote files, so it needs --dry-run or --yes",
      "run it with --dry-run to see what it would delete, then with --yes",
    );
  }
  if (!(await stat(path.resolve(io.cwd, directory)).catch(() => undefined))?.isDirectory()) {
    throw new UsageError(`${directory}: no such directory`, "sync takes a directory");
  }
  const local = await collectFiles(io.cwd, [directory], { recursive: true });
  refuseDuplicateNames(local);
  checkUploadable(local, options.purpose);

  const files = client(io, flags);
  const remote = await files.list({ purpose: options.purpose }, { signal: io.signal });
  const key = (name: string, bytes: number) => `${bytes}\0${name}`;
  const remoteByKey = new Map(remote.map((file) => [key(file.filename, file.bytes), file]));
  const localKeys = new Set(local.map((file) => key(file.name, file.bytes)));
  const skipped = local.flatMap((file) => {
    const present = remoteByKey.get(key(file.name, file.bytes));
    return present ? [{ path: file.shown, file_id: present.file_id }] : [];
  });
  const missing = local.filter((file) => !remoteByKey.has(key(file.name, file.bytes)));
  const extra = options.delete ? remote.filter((file) => !localKeys.has(key(file.filename, file.bytes))) : [];

  if (options.dryRun) return dryRun({ io, flags }, options.purpose, missing, skipped, extra);

  const uploads = await uploadAll(io, files, missing, { ...options, before: remote });
  const uploadsDone = uploads.every((item) => item.status === "done");
  const deletes = uploadsDone && extra.length > 0 ? await deleteAll(io, files, extra, options.concurrency) : [];
  const notDeleted = uploadsDone ? [] : extra;

  if (flags.json) {
    const failed = [
      ...uploads.flatMap((item, index) =>
        item.status === "failed" ? [{ path: missing[index]?.shown, error: item.report.json }] : [],
      ),
      ...deletes.flatMap((item, index) =>
        item.status === "failed" ? [{ file_id: extra[index]?.file_id, error: item.report.json }] : [],
      ),
    ];
    print(
      io,
      json(flags, {
        purpose: options.purpose,
        dryRun: false,
        uploaded: uploads.flatMap((item, index) =>
          item.status === "done"
            ? [{ path: missing[index]?.shown, file: item.value, ...(item.answerLost ? { answerLost: true } : {}) }]
            : [],
        ),
        skipped,
        deleted: extra.filter((_, index) => deletes[index]?.status === "done"),
        failed,
        notStarted: [
          ...missing
            .filter((_, index) => uploads[index]?.status === "not_started")
            .map((file) => ({ path: file.shown })),
          ...extra
            .filter((_, index) => deletes[index]?.status === "not_started")
            .map((file) => ({ file_id: file.file_id })),
        ],
        notDeleted: notDeleted.map((file) => file.file_id),
      }),
    );
  } else {
    uploads.forEach((item, index) => {
      const shown = missing[index]?.shown ?? "";
      if (item.status === "done") print(io, uploadedLine(shown, item.value, item.answerLost));
      if (item.status === "failed") printFailure(io, shown, item.report);
    });
    for (const skip of skipped) print(io, `skipped ${skip.path} (present as ${skip.file_id})`);
    deletes.forEach((item, index) => {
      const file = extra[index];
      if (item.status === "done") print(io, `deleted ${file?.file_id} ${file?.filename}`);
      if (item.status === "failed") printFailure(io, `file ${file?.file_id}`, item.report);
    });
    if (notDeleted.length > 0) {
      io.stderr.write(`not deleting ${plural(notDeleted.length, "remote file")}: an upload failed\n`);
    }
    print(io, syncSummary(tally(uploads), skipped.length, tally(deletes)));
  }
  finish(io, [...uploads, ...deletes], "operations");
}

function dryRun(
  { io, flags }: CommandContext,
  purpose: string,
  missing: readonly LocalFile[],
  skipped: readonly { path: string; file_id: bigint }[],
  extra: readonly File[],
): void {
  if (flags.json) {
    const wouldUpload = missing.map((file) => ({ path: file.shown, bytes: file.bytes }));
    print(io, json(flags, { purpose, dryRun: true, wouldUpload, skipped, wouldDelete: extra }));
    return;
  }
  for (const file of missing) print(io, `would upload ${file.shown}`);
  for (const skip of skipped) print(io, `skipped ${skip.path} (present as ${skip.file_id})`);
  for (const file of extra) print(io, `would delete ${file.file_id} ${file.filename}`);
  print(
    io,
    `dry run: would upload ${plural(missing.length, "file")}, skip ${skipped.length}, delete ${extra.length}; nothing was changed`,
  );
}

function syncSummary(uploads: Tally, skipped: number, deletes: Tally): string {
  return summaryLine(
    [`uploaded ${plural(uploads.done, "file")}`, `skipped ${skipped}`, `deleted ${deletes.done}`],
    uploads.failed + deletes.failed,
    uploads.notStarted + deletes.notStarted,
  );
}

/** MiniMax's names are flat: two local files with one name could not be told apart remotely. */
function refuseDuplicateNames(files: readonly LocalFile[]): void {
  const seen = new Map<string, string>();
  for (const file of files) {
    const other = seen.get(file.name);
    if (other !== undefined) {
      throw new UsageError(
        `${other} and ${file.shown} would both be stored as ${file.name}`,
        "sync compares files by name and size; rename one of them",
      );
    }
    seen.set(file.name, file.shown);
  }
}
