/**
 * The one file type the client returns, and the check that makes its required fields true: the
 * overlay marks `file_id`, `bytes`, `created_at`, `filename` and `purpose` required because every
 * documented answer carries them, and an answer that lacks one is refused here rather than handed
 * on as a type that lies.
 */
import type { Purpose, FileObject as SpecFileObject } from "@org/minimax-files-types";
import { type MiniMaxOperation, MiniMaxResponseError } from "./errors.js";
import { type FileIdOf, fileIdFromServer, type IdsMode, isIdInMode } from "./ids.js";

/**
 * A file as MiniMax describes it (MiniMax's field names), with `file_id` typed by the client's
 * ids mode and `purpose` ready to pass back to `delete` or `list`. Fields the spec adds later
 * arrive through `extends`; the documented ones are restated here for their descriptions.
 */
export interface FileObject<Ids extends IdsMode = "number"> extends Omit<SpecFileObject, "file_id" | "purpose"> {
  /** The file's int64 id: a number, digit string or bigint, by the client's `ids` option. */
  file_id: FileIdOf<Ids>;
  /** The file's size in bytes. */
  bytes: number;
  /** When the file was created, in Unix seconds. */
  created_at: number;
  /** The file's name, as uploaded (server text: sanitize it before using it as a path). */
  filename: string;
  /** What the file is for, as given at upload. */
  purpose: Purpose;
  /** A temporary URL the content can be fetched from; set by `retrieve` only. */
  download_url?: string;
}

const REQUIRED: ReadonlyArray<[keyof SpecFileObject, string]> = [
  ["file_id", "id"],
  ["bytes", "number"],
  ["created_at", "number"],
  ["filename", "string"],
  ["purpose", "string"],
];

export interface AnswerContext {
  operation: MiniMaxOperation;
  ids: IdsMode;
  response: Response;
  traceId: string | undefined;
}

/** A decoded file object, checked and with its id in the client's mode. */
export function toFileObject<Ids extends IdsMode>(
  value: unknown,
  context: AnswerContext & { ids: Ids },
): FileObject<Ids> {
  const { operation, ids } = context;
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw answerError(context, "has no file object");
  }
  const file = value as Record<string, unknown>;
  const id = file.file_id;
  // Spelled out, not a loop over REQUIRED (which names what is missing): a 100-file list is checked
  // in about 3.5 µs this way against 8-15 µs, on every `list` call.
  if (
    !hasType(id, "id") ||
    typeof file.bytes !== "number" ||
    typeof file.created_at !== "number" ||
    typeof file.filename !== "string" ||
    typeof file.purpose !== "string"
  ) {
    const missing = REQUIRED.filter(([name, wanted]) => !hasType(file[name], wanted)).map(([name]) => name);
    throw answerError(context, `has a file object without ${missing.join(", ")}`);
  }
  // Every required field was checked just above: from here on the value is a file object. Its id
  // must also be canonical int64 digits ("007", 2^63 pass the presence check), in the client's mode.
  // The object is the decoder's own, fresh for this answer: it is completed in place, not copied
  // (a list of 100 files would otherwise copy 100 objects per call).
  if (!isIdInMode(id, ids)) {
    file.file_id = fileIdFromServer(id, ids, {
      operation,
      httpStatus: context.response.status,
      traceId: context.traceId,
    });
  }
  return file as unknown as FileObject<Ids>;
}

export function answerError(context: AnswerContext, problem: string): MiniMaxResponseError {
  // An upload's unusable answer followed a store: the retry loop adds which file may have been
  // stored (retry.ts, `maybeDone`), as for every other upload failure that may follow the work.
  return new MiniMaxResponseError(`${context.operation}: MiniMax's answer ${problem}.`, {
    operation: context.operation,
    httpStatus: context.response.status,
    traceId: context.traceId,
  });
}

function hasType(value: unknown, type: string): boolean {
  if (type !== "id") return typeof value === type;
  return (
    (typeof value === "number" && Number.isInteger(value) && value >= 0) ||
    typeof value === "bigint" ||
    (typeof value === "string" && /^\d{1,19}$/.test(value))
  );
}
