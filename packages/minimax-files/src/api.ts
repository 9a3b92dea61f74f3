/**
 * The raw openapi-fetch client's types and body serializer. `client.api` runs through the same
 * transport as the methods, which decodes `file_id` by the ids mode; its types say so, and its
 * request bodies take what the methods take (any purpose, a Blob for upload's file, exact ids).
 */
import type { Purpose, paths } from "@org/minimax-files-types";
import type { FileIdOf, IdsMode } from "./ids.js";

type Retyped<T, Id> = T extends Blob
  ? T
  : T extends readonly (infer Item)[]
    ? Retyped<Item, Id>[]
    : T extends object
      ? { [K in keyof T]: K extends "file_id" ? Id : K extends "purpose" ? Purpose : Retyped<T[K], Id> }
      : T;

/**
 * The generated `paths` as `client.api` sees them: every `file_id` typed by the ids mode (sent
 * and returned), every `purpose` the open {@link Purpose}.
 */
export type ApiPaths<Ids extends IdsMode = "number"> = Retyped<paths, FileIdOf<Ids>>;

/**
 * openapi-fetch's body serializer for `api`: a body with a Blob member (upload's `file`) becomes
 * multipart form data; JSON writes `file_id` as the exact digits, since `JSON.stringify` cannot
 * write a bigint and would quote a digit string.
 */
export function apiBodySerializer(body: unknown): BodyInit {
  if (body instanceof FormData) return body;
  if (body !== null && typeof body === "object" && Object.values(body).some((value) => value instanceof Blob)) {
    const form = new FormData();
    for (const [name, value] of Object.entries(body)) form.append(name, value instanceof Blob ? value : String(value));
    return form;
  }
  return JSON.stringify(body, (key, value: unknown) =>
    key === "file_id" && (typeof value === "bigint" || (typeof value === "string" && /^\d{1,19}$/.test(value)))
      ? `${RAW}${value}${RAW}`
      : value,
  ).replace(RAW_DIGITS, "$1");
}

// A marker JSON.stringify writes as the escape \u0000. Only a string value that is exactly NUL,
// digits, NUL would be unquoted along with the marked ids; no MiniMax request field holds such text.
const RAW = "\u0000";
const RAW_DIGITS = /"\\u0000(\d+)\\u0000"/g;
