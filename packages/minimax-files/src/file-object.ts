/**
 * The one file type the client returns, and the check that makes its required fields true: the
 * overlay marks `file_id`, `bytes`, `created_at`, `filename` and `purpose` required because every
 * documented answer carries them, and an answer that lacks one is refused here rather than handed
 * on as a type that lies.
 */
import type { Purpose, FileObject as SpecFileObject } from "@org/minimax-files-types";
import { type MiniMaxOperation, MiniMaxResponseError } from "./errors.js";
import { type FileIdOf, fileIdAs, type IdsMode, unsafeIdError } from "./ids.js";

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
  for (const [key, type] of REQUIRED) {
    if (hasType(file[key], type)) continue;
    const missing = REQUIRED.filter(([name, wanted]) => !hasType(file[name], wanted)).map(([name]) => name);
    throw answerError(context, `has a file object without ${missing.join(", ")}`);
  }

  // Every required field was checked just above: from here on the value is a file object.
  const checked = file as unknown as FileObject<IdsMode>;
  const id = checked.file_id;
  // The decoder already typed ids by mode; this covers a server that sent an id as a string.
  if (typeof id === (ids === "bigint" ? "bigint" : ids)) return checked as FileObject<Ids>;
  if (ids === "number" && !Number.isSafeInteger(Number(id))) throw unsafeIdError(id, operation);
  return { ...checked, file_id: fileIdAs(id, ids) };
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
