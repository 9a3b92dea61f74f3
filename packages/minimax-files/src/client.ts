/**
 * `createMiniMaxFiles`: the typed methods, each a few lines over openapi-fetch. Everything that
 * must behave the same for the raw `api` client (auth, timeouts, retries, the envelope, exact ids)
 * lives below openapi-fetch, in the auth middleware and the transport passed to it as `fetch`.
 */
import {
  type DeletePurpose,
  type FileObject,
  fileOperations,
  type ListPurpose,
  type paths,
} from "@org/minimax-files-types";
import createClient, { type Client, type Middleware } from "openapi-fetch";
import { type ClientOptions, resolveConfig } from "./config.js";
import { MiniMaxError, MiniMaxLocalFileError, type MiniMaxOperation, MiniMaxResponseError } from "./errors.js";
import { type FileId, type FileIdOf, fileIdAs, fileIdToDigits, type IdsMode, unsafeIdError } from "./ids.js";
import type { DownloadOptions } from "./node/download.js";
import { type CallOptions, checkCallOptions, checkPurpose, type RequestOptions } from "./options.js";
import { withRetries } from "./retry.js";
import { createTransport } from "./transport.js";
import { prepareUpload, type UploadParams } from "./upload.js";

/** A file as MiniMax describes it, with `file_id` typed by the client's ids mode. */
export type MiniMaxFileObject<Ids extends IdsMode = "number"> = Omit<FileObject, "file_id"> & {
  file_id?: FileIdOf<Ids>;
};

export interface DownloadResult {
  /** Absolute path of the written file. */
  path: string;
  bytes: number;
}

export interface MiniMaxFiles<Ids extends IdsMode = "number"> {
  /** Files of one purpose. */
  list(params: { purpose: ListPurpose }, options?: RequestOptions): Promise<MiniMaxFileObject<Ids>[]>;
  /** Upload a file from a path, `file:` URL, Blob/File, bytes or stream; returns the stored file. */
  upload(params: UploadParams, options?: RequestOptions): Promise<MiniMaxFileObject<Ids>>;
  /** A file's metadata; may include a temporary `download_url`. */
  retrieve(fileId: FileId, options?: RequestOptions): Promise<MiniMaxFileObject<Ids>>;
  /** A file's content as a `Response` whose body streams. */
  retrieveContent(fileId: FileId, options?: RequestOptions): Promise<Response>;
  /** Node only: save a file's content to `destinationPath` atomically. */
  download(
    fileId: FileId,
    destinationPath: string,
    options?: RequestOptions & DownloadOptions,
  ): Promise<DownloadResult>;
  delete(
    params: { fileId: FileId; purpose: DeletePurpose },
    options?: RequestOptions,
  ): Promise<{ fileId: FileIdOf<Ids> }>;
  /** The raw openapi-fetch client, with the same auth, timeouts, retries and typed errors. */
  readonly api: Client<paths>;
}

export function createMiniMaxFiles<const Ids extends IdsMode = "number">(
  options: ClientOptions<Ids> = {},
): MiniMaxFiles<Ids> {
  const config = resolveConfig(options ?? {});
  const ids = config.ids as Ids;
  const { apiKey } = config;
  const redact = (text: string) => text.split(apiKey).join("[redacted]");
  const transport = createTransport({
    fetch: config.fetch,
    maxRetries: config.maxRetries,
    timeoutMs: config.timeoutMs,
    ids,
    logger: config.logger,
    redact,
  });

  const api = createClient<paths>({
    baseUrl: config.baseUrl,
    headers: config.headers,
    fetch: (request) => transport(request),
  });
  const auth: Middleware = {
    onRequest({ request }) {
      request.headers.set("Authorization", `Bearer ${apiKey}`);
      return request;
    },
  };
  api.use(auth);

  /** openapi-fetch's per-call `fetch`: the transport with this call's options. */
  const via = (call: CallOptions) => (request: Request) => transport(request, call);

  const toFile = (file: FileObject | undefined, operation: MiniMaxOperation): MiniMaxFileObject<Ids> => {
    if (!file || typeof file !== "object") {
      throw new MiniMaxResponseError(`${operation}: MiniMax's answer has no file object.`, {
        operation,
        httpStatus: 200,
      });
    }
    return withIdMode(file, ids, operation);
  };

  async function retrieveContent(fileId: FileId, call: CallOptions = {}) {
    const file_id = fileIdToDigits(fileId) as unknown as number; // digits go into the query exactly
    const { response } = await api.GET("/v1/files/retrieve_content", {
      params: { query: { file_id } },
      parseAs: "stream",
      fetch: via(call),
    });
    return response;
  }

  return {
    api,

    async list(params, options = {}) {
      const purpose = checkPurpose("list", params?.purpose) as ListPurpose;
      const { data } = await api.GET("/v1/files/list", { params: { query: { purpose } }, fetch: via(options) });
      const files = data?.files ?? [];
      if (!Array.isArray(files)) {
        throw new MiniMaxResponseError("list: MiniMax's answer has no files array.", {
          operation: "list",
          httpStatus: 200,
        });
      }
      return files.map((file) => withIdMode(file, ids, "list"));
    },

    async upload(params, options = {}) {
      const body = await prepareUpload(params, options.onProgress);
      const { data } = await api.POST("/v1/files/upload", {
        // openapi-fetch only types this call; the multipart body is built by the transport from
        // `body` for each attempt, so the serializer sends nothing itself.
        body: { purpose: params.purpose, file: "" },
        bodySerializer: () => undefined,
        fetch: via({ ...options, body }),
      });
      return toFile(data?.file, "upload");
    },

    async retrieve(fileId, options = {}) {
      const file_id = fileIdToDigits(fileId) as unknown as number;
      const { data } = await api.GET("/v1/files/retrieve", { params: { query: { file_id } }, fetch: via(options) });
      return toFile(data?.file, "retrieve");
    },

    retrieveContent: (fileId, options) => retrieveContent(fileId, options),

    async download(fileId, destinationPath, options = {}) {
      const digits = fileIdToDigits(fileId);
      const maxRetries = options.maxRetries ?? config.maxRetries;
      checkCallOptions("download", maxRetries, options.timeoutMs ?? config.timeoutMs);
      const { checkDestination, writeAtomically } = await import("./node/download.js");
      const destination = await checkDestination(destinationPath, options);
      // One loop for the request and the body together: each attempt is one request, whether the
      // request failed or its body was cut short, so a download makes at most 1 + maxRetries.
      const loop = {
        operation: "download",
        request: fileOperations.retrieveContent,
        maxRetries,
        signal: options.signal,
        logger: config.logger,
      };
      return withRetries(loop, async (attempt) => {
        const response = await retrieveContent(digits, {
          ...options,
          operation: "download",
          maxRetries: 0,
          attemptsBefore: attempt,
        });
        try {
          return { path: destination, bytes: await writeAtomically(response, destination, options) };
        } catch (error) {
          throw asDownloadError(error, redact);
        }
      });
    },

    async delete(params, options = {}) {
      const purpose = checkPurpose("delete", params?.purpose) as DeletePurpose;
      const digits = fileIdToDigits(params.fileId);
      // delete's answer echoes the id: one "number" mode cannot hold throws here, before the file
      // is gone, rather than after (when a caller would likely retry a deletion that happened).
      fileIdAs(digits, ids);
      const { data } = await api.POST("/v1/files/delete", {
        body: { file_id: digits as unknown as number, purpose },
        // JSON.stringify cannot write an int64 beyond 2^53 exactly; the id goes out as raw digits.
        bodySerializer: (body) => `{"file_id":${digits},"purpose":${JSON.stringify(body.purpose)}}`,
        fetch: via(options),
      });
      const returned = data?.file_id as unknown as string | number | bigint | undefined;
      return { fileId: fileIdAs(returned ?? digits, ids) };
    },
  };
}

/** The decoder already typed ids by mode; this only covers a server that sent an id as a string. */
function withIdMode<Ids extends IdsMode>(
  file: FileObject,
  ids: Ids,
  operation: MiniMaxOperation,
): MiniMaxFileObject<Ids> {
  const id = file.file_id as unknown;
  const expected = ids === "bigint" ? "bigint" : ids;
  if (id === undefined || typeof id === expected) return file as unknown as MiniMaxFileObject<Ids>;
  if (ids === "number" && typeof id === "string" && !Number.isSafeInteger(Number(id))) {
    throw unsafeIdError(id, operation);
  }
  return { ...file, file_id: fileIdAs(id as string | number | bigint, ids) } as MiniMaxFileObject<Ids>;
}

/** A body cut short stays a connection error (retried); anything else here is the local file's. */
function asDownloadError(error: unknown, redact: (text: string) => string): unknown {
  if (error instanceof MiniMaxError) return error;
  const code = (error as { code?: unknown }).code;
  const message = error instanceof Error ? error.message : String(error);
  return new MiniMaxLocalFileError(
    `download: cannot write the file: ${redact(code ? `${code}: ${message}` : message)}`,
    {
      operation: "download",
      code: typeof code === "string" ? code : undefined,
      cause: error,
    },
  );
}
