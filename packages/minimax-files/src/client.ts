/**
 * `createMiniMaxFiles`: the typed methods, each a few lines over openapi-fetch. Everything that
 * must behave the same for the raw `api` client (auth, timeouts, retries, the envelope, exact ids)
 * lives below openapi-fetch, in the auth middleware and the transport passed to it as `fetch`.
 */
import {
  type DeletePurpose,
  type FileObject,
  fileOperations,
  isPurposeOf,
  type ListPurpose,
  type paths,
} from "@org/minimax-files-types";
import createClient, { type Client, type Middleware } from "openapi-fetch";
import { type ClientOptions, resolveConfig } from "./config.js";
import {
  MiniMaxApiError,
  MiniMaxError,
  MiniMaxLocalFileError,
  type MiniMaxOperation,
  MiniMaxResponseError,
} from "./errors.js";
import { type FileId, type FileIdOf, fileIdAs, fileIdFromServer, fileIdToDigits, type IdsMode } from "./ids.js";
import type { DownloadOptions } from "./node/download.js";
import {
  type CallOptions,
  checkCallOptions,
  checkPurpose,
  guardCallbacks,
  own,
  type RequestOptions,
  requestOptionKeys,
} from "./options.js";
import { findUpload, maybeStored } from "./reconcile.js";
import { type SideEffectHandling, withRetries } from "./retry.js";
import { createTransport } from "./transport.js";
import { prepareUpload, type UploadParams } from "./upload.js";

type DownloadCallOptions = RequestOptions & DownloadOptions;

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
    maxResponseBytes: config.maxResponseBytes,
    allowInsecureHttp: config.allowInsecureHttp,
  });

  const api = createClient<paths>(
    bare({
      baseUrl: config.baseUrl,
      headers: config.headers,
      fetch: (request: Request) => transport(request),
    }),
  );
  const auth: Middleware = {
    onRequest({ request }) {
      request.headers.set("Authorization", `Bearer ${apiKey}`);
      return request;
    },
  };
  api.use(auth);

  /** openapi-fetch's per-call `fetch`: the transport with this call's options. */
  const via = (call: CallOptions) => (request: Request) => transport(request, call);
  /** The loop of a method whose attempt is more than one transport request (each sent with maxRetries 0). */
  const loopOf = (operation: MiniMaxOperation, call: RequestOptions) => {
    const maxRetries = call.maxRetries ?? config.maxRetries;
    checkCallOptions(operation, maxRetries, call.timeoutMs ?? config.timeoutMs);
    return { operation, maxRetries, signal: call.signal, logger: config.logger };
  };

  const toFile = (file: unknown, operation: MiniMaxOperation): MiniMaxFileObject<Ids> => {
    if (!isRecord(file)) {
      const problem = file === undefined ? "has no file object" : "has a file entry that is not an object";
      throw new MiniMaxResponseError(`${operation}: MiniMax's answer ${problem}.`, { operation, httpStatus: 200 });
    }
    const file_id = fileIdFromServer(file.file_id, ids, { operation, httpStatus: 200 });
    return { ...file, file_id } as MiniMaxFileObject<Ids>;
  };

  async function listFiles(purpose: string, call: RequestOptions) {
    const { data } = await api.GET(
      "/v1/files/list",
      bare({
        params: { query: { purpose: purpose as ListPurpose } },
        fetch: via(call),
      }),
    );
    const files: unknown = data?.files ?? [];
    if (!Array.isArray(files)) {
      throw new MiniMaxResponseError("list: MiniMax's answer has no files array.", {
        operation: "list",
        httpStatus: 200,
      });
    }
    return files.map((file) => toFile(file, "list"));
  }

  async function retrieveFile(fileId: FileId, call: CallOptions) {
    const file_id = fileIdToDigits(fileId) as unknown as number; // digits go into the query exactly
    const { data } = await api.GET("/v1/files/retrieve", bare({ params: { query: { file_id } }, fetch: via(call) }));
    return toFile(data?.file, "retrieve");
  }

  async function retrieveContent(fileId: FileId, call: CallOptions = {}) {
    const file_id = fileIdToDigits(fileId) as unknown as number;
    const { response } = await api.GET(
      "/v1/files/retrieve_content",
      bare({
        params: { query: { file_id } },
        parseAs: "stream",
        fetch: via(guardCallbacks(call)),
      }),
    );
    return response;
  }

  return {
    api,

    async list(params, options = {}) {
      const purpose = checkPurpose("list", own(params, ["purpose"]).purpose);
      return listFiles(purpose, own(options, requestOptionKeys));
    },

    async upload(params, options = {}) {
      const call = guardCallbacks(own(options as DownloadCallOptions, requestOptionKeys));
      const body = await prepareUpload(own(params, ["purpose", "file", "filename", "contentType"]), call.onProgress);
      const loop = loopOf("upload", call);
      const upload = body.upload as NonNullable<typeof body.upload>;
      const { filename, purpose, bytes } = upload;
      // Reconciling lists the purpose: possible when list takes it and the size is known.
      const canReconcile = bytes !== undefined && isPurposeOf("list", purpose);
      const sideEffect: SideEffectHandling<MiniMaxFileObject<Ids>> = {
        maybeDone: maybeStored(upload),
        reconcile: canReconcile
          ? async (since) => {
              const files = await listFiles(purpose, { signal: call.signal, timeoutMs: call.timeoutMs });
              return findUpload(files, { filename, bytes }, since);
            }
          : undefined,
      };
      return withRetries(
        { ...loop, request: fileOperations.upload, oneShotReason: body.oneShotReason, sideEffect },
        async (attempt) => {
          const { data } = await api.POST(
            "/v1/files/upload",
            bare({
              // openapi-fetch only types this call; the multipart body is built by the transport from
              // `body` for each attempt, so the serializer sends nothing itself.
              body: { purpose: purpose as UploadParams["purpose"], file: "" },
              bodySerializer: () => undefined,
              fetch: via({ ...call, body, maxRetries: 0, attemptsBefore: attempt }),
            }),
          );
          return toFile(data?.file, "upload");
        },
      );
    },

    retrieve: (fileId, options = {}) => retrieveFile(fileId, own(options, requestOptionKeys)),

    retrieveContent: (fileId, options = {}) => retrieveContent(fileId, own(options, requestOptionKeys)),

    async download(fileId, destinationPath, options = {}) {
      const call = guardCallbacks(own(options as DownloadCallOptions, requestOptionKeys));
      const digits = fileIdToDigits(fileId);
      const loop = loopOf("download", call);
      const { checkDestination, writeAtomically } = await import("./node/download.js");
      const destination = await checkDestination(destinationPath, call);
      let expectedBytes = call.expectedBytes;
      // One loop for the request and the body together: each attempt is one request, whether the
      // request failed or its body was cut short, so a download makes at most 1 + maxRetries.
      return withRetries({ ...loop, request: fileOperations.retrieveContent }, async (attempt) => {
        const response = await retrieveContent(digits, {
          ...call,
          operation: "download",
          maxRetries: 0,
          attemptsBefore: attempt,
        });
        try {
          // A compressed or length-less body says nothing of its length: retrieve's `bytes` does.
          if (expectedBytes === undefined && !hasIdentityLength(response)) {
            expectedBytes = sizeOf(await retrieveFile(digits, { signal: call.signal, timeoutMs: call.timeoutMs }));
          }
          return { path: destination, bytes: await writeAtomically(response, destination, { ...call, expectedBytes }) };
        } catch (error) {
          response.body?.cancel().catch(() => {});
          throw asDownloadError(error, redact);
        }
      });
    },

    async delete(params, options = {}) {
      const call = guardCallbacks(own(options as DownloadCallOptions, requestOptionKeys));
      const given = own(params, ["fileId", "purpose"]);
      const purpose = checkPurpose("delete", given.purpose) as DeletePurpose;
      const digits = fileIdToDigits(given.fileId);
      // delete's answer echoes the id: one "number" mode cannot hold throws here, before the file
      // is gone, rather than after (when a caller would likely retry a deletion that happened).
      const fileId = fileIdAs(digits, ids);
      const sideEffect: SideEffectHandling<{ fileId: FileIdOf<Ids> }> = {
        maybeDone: `file ${digits} may have been deleted`,
        // After an attempt that may have deleted it, "not found" from a repeat means it was.
        alreadyDone: (error) =>
          error instanceof MiniMaxApiError && error.code === fileOperations.delete.doneCode ? { fileId } : undefined,
      };
      return withRetries({ ...loopOf("delete", call), request: fileOperations.delete, sideEffect }, async (attempt) => {
        const { data } = await api.POST(
          "/v1/files/delete",
          bare({
            body: { file_id: digits as unknown as number, purpose },
            // JSON.stringify cannot write an int64 beyond 2^53 exactly; the id goes out as raw digits.
            bodySerializer: () => `{"file_id":${digits},"purpose":${JSON.stringify(purpose)}}`,
            fetch: via({ ...call, maxRetries: 0, attemptsBefore: attempt }),
          }),
        );
        const returned: unknown = data?.file_id;
        if (returned === undefined) return { fileId };
        const context = { operation: "delete", httpStatus: 200 };
        const echoed = String(fileIdFromServer(returned, "string", context));
        if (echoed !== digits) {
          throw new MiniMaxResponseError(`delete: MiniMax's answer names file ${echoed}, not ${digits}.`, context);
        }
        return { fileId };
      });
    },
  };
}

/**
 * An options object for openapi-fetch with every option it reads set as an own property. It
 * spreads and destructures what it is given (`baseUrl`, `fetch`, `Request`, `querySerializer`…),
 * and a missing one would be read from a polluted `Object.prototype` (a `baseUrl` there would send
 * the key to another host). Undefined takes openapi-fetch's default, as absent does.
 */
function bare<T extends object>(options: T): T {
  return {
    baseUrl: undefined,
    fetch: undefined,
    Request: undefined,
    headers: undefined,
    params: undefined,
    parseAs: undefined,
    querySerializer: undefined,
    bodySerializer: undefined,
    pathSerializer: undefined,
    middleware: undefined,
    requestInitExt: undefined,
    ...options,
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function hasIdentityLength(response: Response): boolean {
  const encoding = response.headers.get("content-encoding");
  return (!encoding || encoding === "identity") && response.headers.get("content-length") !== null;
}

function sizeOf(file: { bytes?: unknown }): number {
  const { bytes } = file;
  if (typeof bytes === "number" && Number.isSafeInteger(bytes) && bytes >= 0) return bytes;
  throw new MiniMaxResponseError("download: retrieve's answer has no byte count to check the content against.", {
    operation: "download",
    httpStatus: 200,
  });
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
