/**
 * `@org/minimax-files`: a typed, retrying, streaming client for MiniMax's File Management API.
 *
 * @example
 * ```ts
 * import { createMiniMaxFiles } from "@org/minimax-files";
 * const files = createMiniMaxFiles(); // MINIMAX_API_KEY from the environment
 * const file = await files.upload({ purpose: "t2a_async_input", file: "./speech.txt" });
 * ```
 * @packageDocumentation
 */
export type {
  BaseResp,
  DeletePurpose,
  FileObject,
  FileOperation,
  FileOperationName,
  ListPurpose,
  UploadPurpose,
} from "@org/minimax-files-types";
export { deletePurposes, fileOperations, listPurposes, uploadPurposes } from "@org/minimax-files-types";
export {
  createMiniMaxFiles,
  type DownloadResult,
  type MiniMaxFileObject,
  type MiniMaxFiles,
} from "./client.js";
export { type ClientOptions, type MiniMaxRegion, regionBaseUrls } from "./config.js";
export {
  MiniMaxApiError,
  type MiniMaxApiErrorOptions,
  MiniMaxConnectionError,
  MiniMaxError,
  type MiniMaxErrorKind,
  type MiniMaxErrorOptions,
  MiniMaxLocalFileError,
  type MiniMaxOperation,
  MiniMaxResponseError,
  MiniMaxTimeoutError,
  MiniMaxUnsafeIdError,
  MiniMaxValidationError,
} from "./errors.js";
export { type FileId, type FileIdOf, fileIdToDigits, type IdsMode, parseMiniMaxJson } from "./ids.js";
export type { DownloadOptions } from "./node/download.js";
export type { MiniMaxLogger, Progress, RequestOptions } from "./options.js";
export { isRetryableHttpStatus, type RetryContext, retryableStatusCodes, shouldRetry } from "./retry.js";
export { type UploadFile, type UploadParams, uploadExtensions } from "./upload.js";
