/**
 * Bulk helpers over the public methods: `uploadMany`, `deleteMany`, `listAll`. Each item is one
 * ordinary call (its own retries, span and hooks), and every item passes the client's limiter, so
 * several bulk jobs on one client share its rate-limit awareness.
 *
 * Results are `Promise.allSettled`-shaped and in input order. One item's failure never stops the
 * others. `signal` stops new work only: calls already in flight finish and are reported (an upload
 * cut off mid-way could be stored without anyone knowing its id), and items never started are
 * rejected with the signal's reason.
 */
import { knownPurposes, type Purpose } from "@org/minimax-files-types";
import { MiniMaxValidationError } from "./errors.js";
import type { FileObject } from "./file-object.js";
import { type FileId, fileIdToDigits, type IdsMode } from "./ids.js";
import type { RequestOptions } from "./options.js";
import type { UploadParams } from "./upload.js";

/** The bulk helpers' options. */
export interface BulkOptions extends Omit<RequestOptions, "signal" | "onProgress"> {
  /** Items in flight at once (the client's `rateLimit` may allow fewer). Default 4. */
  concurrency?: number;
  /** Stops starting items; those in flight finish, the rest reject with `signal.reason`. */
  signal?: AbortSignal;
  /** Told as each item settles, in completion order (for a progress display). */
  onSettled?: (result: PromiseSettledResult<unknown>, index: number) => void;
}

export interface DeleteManyOptions extends BulkOptions {
  /** The purpose of ids given bare. A file object carries its own; without either, each file is looked up first. */
  purpose?: Purpose;
}

export interface ListAllOptions extends Omit<BulkOptions, "onSettled"> {
  /** The purposes to list. Default: every documented purpose (`knownPurposes`). */
  purposes?: readonly Purpose[];
}

/** What `deleteMany` takes: an id, or a file as the client returned it (its purpose comes along). */
export type DeleteItem<Ids extends IdsMode = IdsMode> = FileId | Pick<FileObject<Ids>, "file_id" | "purpose">;

interface Methods<Ids extends IdsMode> {
  upload(params: UploadParams, options?: RequestOptions): Promise<FileObject<Ids>>;
  list(params: { purpose: Purpose }, options?: RequestOptions): Promise<FileObject<Ids>[]>;
  delete(fileId: FileId, options?: RequestOptions & { purpose?: Purpose }): Promise<{ file_id: unknown }>;
}

const DEFAULT_CONCURRENCY = 4;

/** Runs `work` over `items`, at most `concurrency` at once; settles every item, in input order. */
export async function settleEach<Item, Result>(
  items: readonly Item[],
  options: BulkOptions,
  work: (item: Item, index: number) => Promise<Result>,
): Promise<PromiseSettledResult<Result>[]> {
  const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new MiniMaxValidationError(`concurrency must be a positive integer, got ${concurrency}.`);
  }
  const { signal, onSettled } = options;
  const results = new Array<PromiseSettledResult<Result>>(items.length);
  let next = 0;
  const settle = (index: number, result: PromiseSettledResult<Result>) => {
    results[index] = result;
    onSettled?.(result, index);
  };
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      if (signal?.aborted) {
        settle(index, { status: "rejected", reason: signal.reason });
        continue;
      }
      try {
        settle(index, { status: "fulfilled", value: await work(items[index] as Item, index) });
      } catch (reason) {
        settle(index, { status: "rejected", reason });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return results;
}

export function bulkMethods<Ids extends IdsMode>(client: Methods<Ids>) {
  // The bulk signal is not passed to the calls: aborting stops new items, not the ones in flight.
  const perCall = ({ concurrency, signal, onSettled, ...rest }: BulkOptions) => rest;
  return {
    uploadMany: (items: readonly UploadParams[], options: BulkOptions = {}) => {
      const each = perCall(options);
      return settleEach(Array.from(items), options, (item) => client.upload(item, each));
    },

    deleteMany: (items: readonly DeleteItem<Ids>[], options: DeleteManyOptions = {}) => {
      const { purpose, ...bulk } = options;
      const each = perCall(bulk);
      return settleEach(Array.from(items), bulk, (item) => {
        const isFile = typeof item === "object" && item !== null && "file_id" in item;
        const fileId = isFile ? item.file_id : item;
        return client.delete(fileId, { ...each, purpose: isFile ? item.purpose : purpose }) as Promise<{
          file_id: FileObject<Ids>["file_id"];
        }>;
      });
    },

    async listAll(options: ListAllOptions = {}): Promise<FileObject<Ids>[]> {
      const { purposes = knownPurposes, ...bulk } = options;
      const each = perCall(bulk);
      const lists = await settleEach(Array.from(purposes), bulk, (purpose) => client.list({ purpose }, each));
      const seen = new Set<string>();
      const files: FileObject<Ids>[] = [];
      for (const list of lists) {
        if (list.status === "rejected") throw list.reason;
        for (const file of list.value) {
          const key = fileIdToDigits(file.file_id);
          if (seen.has(key)) continue;
          seen.add(key);
          files.push(file);
        }
      }
      return files;
    },
  };
}
