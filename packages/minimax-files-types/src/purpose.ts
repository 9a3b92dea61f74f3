/**
 * One `Purpose` type for every operation. MiniMax's pages each publish their own `purpose` enum and
 * they disagree (upload lists `video_understanding`, list does not; delete adds `t2a_async` and
 * `video_generation`), yet a file uploaded with one purpose is listed and deleted with the same one.
 * So the union of every page's values is what callers may send anywhere, and the server decides.
 */
import {
  deleteFileReqPurposeValues,
  pathsV1FilesListGetParametersQueryPurposeValues,
  pathsV1FilesUploadPostRequestBodyContentMultipartFormDataPurposeValues,
} from "./generated/minimax-files.js";

/**
 * Purposes MiniMax documents outside the pages this package is generated from. The China site's
 * upload and list pages (https://platform.minimaxi.com/docs/api-reference/file-management-upload,
 * .../file-management-list) document `video_generation_input`; the global pages do not (yet).
 * When the global pages add it, the drift job's regenerated enums carry it and this entry is
 * merely redundant.
 */
export const documentedExtraPurposes = ["video_generation_input"] as const;

type Generated =
  | (typeof pathsV1FilesUploadPostRequestBodyContentMultipartFormDataPurposeValues)[number]
  | (typeof pathsV1FilesListGetParametersQueryPurposeValues)[number]
  | (typeof deleteFileReqPurposeValues)[number];

/** Every purpose any MiniMax page documents, for any operation. */
export type KnownPurpose = Generated | (typeof documentedExtraPurposes)[number];

/**
 * A file's purpose. The known values complete in editors; any other lower-case identifier also
 * type-checks (`string & {}`, as openai-node does), so a purpose MiniMax adds later can be sent
 * before this package is regenerated.
 */
export type Purpose = KnownPurpose | (string & {});

/** Every known purpose, in the order the pages list them (upload, list, delete, then the extras). */
export const knownPurposes: readonly KnownPurpose[] = [
  ...new Set<KnownPurpose>([
    ...pathsV1FilesUploadPostRequestBodyContentMultipartFormDataPurposeValues,
    ...pathsV1FilesListGetParametersQueryPurposeValues,
    ...deleteFileReqPurposeValues,
    ...documentedExtraPurposes,
  ]),
];
