/**
 * The one file type the client returns, and the check that makes its required fields true: the
 * overlay marks `file_id`, `bytes`, `created_at`, `filename` and `purpose` required because every
 * documented answer carries them, and an answer that lacks one is refused here rather than handed
 * on as a type that lies.
 */
import type { Purpose, FileObject as SpecFileObject } from "@org/minimax-files-types";
import { MiniMaxError, type MiniMaxOperation, MiniMaxResponseError } from "./errors.js";
import { type FileIdOf, fileIdAs, type IdsMode } from "./ids.js";

/**
 * A file as MiniMax describes it (MiniMax's field names), with `file_id` typed by the client's
 * ids mode and `purpose` ready to pass back to `delete` or `list`.
 * @interface
 */
export type FileObject<Ids extends IdsMode = "number"> = Omit<SpecFileObject, DocumentedField> & {
  /** The file's int64 id: a number, digit string or bigint, by the client's `ids` option. */
  file_id: FileIdOf<Ids>;
  /** The file's size in bytes. */
  bytes: SpecFileObject["bytes"];
  /** When the file was created, in Unix seconds. */
  created_at: SpecFileObject["created_at"];
  /** The file's name, as given at upload. */
  filename: SpecFileObject["filename"];
  /** What the file is for, as given at upload. */
  purpose: Purpose;
  /** A temporary URL the content can be fetched from; set by retrieve. */
  download_url?: SpecFileObject["download_url"];
};

// Declared here with their own comments: the types package's bundled .d.ts (tsdown) moves the
// generated one-line comments onto the previous field, so TypeDoc would show them on the wrong one.
type DocumentedField = "file_id" | "bytes" | "created_at" | "filename" | "purpose" | "download_url";

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
  const missing = REQUIRED.filter(([key, type]) => !hasType(file[key], type)).map(([key]) => key);
  if (missing.length > 0) throw answerError(context, `has a file object without ${missing.join(", ")}`);

  const id = file.file_id as string | number | bigint;
  // The decoder already typed ids by mode; this covers a server that sent an id as a string.
  if (typeof id === (ids === "bigint" ? "bigint" : ids)) return file as FileObject<Ids>;
  if (ids === "number" && !Number.isSafeInteger(Number(id))) {
    throw new MiniMaxError(
      `${operation}: file_id ${id} is beyond 2^53 and would be rounded as a number; create the client with ids: "string" or "bigint".`,
      { operation },
    );
  }
  return { ...file, file_id: fileIdAs(id, ids) } as FileObject<Ids>;
}

export function answerError(context: AnswerContext, problem: string): MiniMaxResponseError {
  const { operation } = context;
  // MiniMax answered success: an upload then stored the file even though its answer is unusable.
  const stored =
    operation === "upload" ? " The file was probably stored: list its purpose before uploading again." : "";
  return new MiniMaxResponseError(`${operation}: MiniMax's answer ${problem}.${stored}`, {
    operation,
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
