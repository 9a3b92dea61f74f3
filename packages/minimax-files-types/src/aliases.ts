/**
 * Short, stable aliases for the generated names. Everything here comes from
 * `./generated/minimax-files.ts`, which `pnpm generate` writes from spec/minimax-files.openapi.yaml.
 */
import {
  type components,
  deleteFileReqPurposeValues,
  type operations,
  pathsV1FilesListGetParametersQueryPurposeValues,
  pathsV1FilesUploadPostRequestBodyContentMultipartFormDataPurposeValues,
} from "./generated/minimax-files.js";

/** A file as list, retrieve and upload describe it. `download_url` is set by retrieve. */
export type FileObject = components["schemas"]["FileObject"];
/** MiniMax's status envelope: `status_code` 0 is success, anything else is an error. */
export type BaseResp = components["schemas"]["ListRetrieveDeleteFileBaseResp"];

/** Purposes accepted by upload. */
export type UploadPurpose = operations["uploadFile"]["requestBody"]["content"]["multipart/form-data"]["purpose"];
/** Purposes accepted by list (the list page documents fewer than upload and delete accept). */
export type ListPurpose = operations["listFiles"]["parameters"]["query"]["purpose"];
/** Purposes accepted by delete, including outputs of other MiniMax APIs (`t2a_async`, `video_generation`). */
export type DeletePurpose = components["schemas"]["DeleteFileReq"]["purpose"];

export const uploadPurposes: readonly UploadPurpose[] =
  pathsV1FilesUploadPostRequestBodyContentMultipartFormDataPurposeValues;
export const listPurposes: readonly ListPurpose[] = pathsV1FilesListGetParametersQueryPurposeValues;
export const deletePurposes: readonly DeletePurpose[] = deleteFileReqPurposeValues;
