/**
 * `@org/minimax-files`: a typed, retrying, streaming client for MiniMax's File Management API.
 *
 * @example
 * ```ts
 * import { createMiniMaxFiles } from "@org/minimax-files";
 * const files = createMiniMaxFiles(); // MINIMAX_API_KEY from the environment
 * const file = await files.upload({ file: "./speech.txt", purpose: "t2a_async_input" });
 * await files.delete(file.file_id, { purpose: file.purpose });
 * ```
 * @packageDocumentation
 * @module @org/minimax-files
 */
export type {
  BaseResp,
  DeletePurpose,
  FileOperation,
  FileOperationName,
  KnownPurpose,
  ListPurpose,
  Purpose,
  UploadPurpose,
} from "@org/minimax-files-types";
export {
  deletePurposes,
  documentedExtraPurposes,
  fileOperations,
  knownPurposes,
  listPurposes,
  uploadPurposes,
} from "@org/minimax-files-types";
export type { ApiPaths } from "./api.js";
export type { BulkOptions, DeleteItem, DeleteManyOptions, ListAllOptions } from "./bulk.js";
export {
  createMiniMaxFiles,
  type DeleteOptions,
  type DeleteResult,
  type DownloadResult,
  type MiniMaxFiles,
} from "./client.js";
export {
  type ClientOptions,
  type FetchOptions,
  isLoopbackUrl,
  type MiniMaxRegion,
  regionBaseUrls,
} from "./config.js";
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
export type { FileObject } from "./file-object.js";
export type {
  AfterResponseContext,
  BeforeRequestContext,
  BeforeRetryContext,
  Hook,
  HookContext,
  Hooks,
  OnErrorContext,
} from "./hooks.js";
export { type FileId, type FileIdOf, fileIdToDigits, type IdsMode, parseMiniMaxJson } from "./ids.js";
export type { RateLimitOptions } from "./limiter.js";
export type { DownloadOptions } from "./node/download.js";
export type { MiniMaxLogger, Progress, RequestOptions } from "./options.js";
export {
  isRetryableHttpStatus,
  type RetryContext,
  type RetryDelay,
  retryableStatusCodes,
  shouldRetry,
} from "./retry.js";
export { type UploadFile, type UploadParams, uploadExtensions } from "./upload.js";
export type { MiniMaxPromise, WithResponse } from "./with-response.js";
