/**
 * `createMiniMaxFiles`: the typed methods, each a few lines over openapi-fetch. Everything that
 * must behave the same for the raw `api` client (auth, timeouts, retries, the envelope, exact ids)
 * lives below openapi-fetch, in the auth middleware and the transport passed to it as `fetch`.
 */
import { fileOperations, isPurposeOf, type Purpose } from "@org/minimax-files-types";
import createClient, { type Client, type Middleware } from "openapi-fetch";
import { type ApiPaths, apiBodySerializer } from "./api.js";
import { type ClientOptions, resolveConfig } from "./config.js";
import { MiniMaxApiError, MiniMaxError, MiniMaxLocalFileError, type MiniMaxOperation } from "./errors.js";
import { type AnswerContext, answerError, type FileObject, toFileObject } from "./file-object.js";
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
import { type MiniMaxPromise, miniMaxPromise, type WithResponse, withResponse } from "./with-response.js";

export interface DownloadResult {
  /** Absolute path of the written file. */
  path: string;
  /** Bytes written. */
  bytes: number;
}

/** `delete`'s options: the usual per-call options, and the file's purpose if you know it. */
export interface DeleteOptions extends RequestOptions {
  /** The file's purpose. When absent, `delete` first retrieves the file to read it (one more request). */
  purpose?: Purpose;
}

/** What `delete` returns: the id MiniMax reports deleted, in the client's ids mode. */
export interface DeleteResult<Ids extends IdsMode = "number"> {
  file_id: FileIdOf<Ids>;
}

/**
 * The client. Every method takes the per-call options last and returns a {@link MiniMaxPromise}:
 * await it for the result, or call `.withResponse()` for `{ data, response, traceId }`.
 */
export interface MiniMaxFiles<Ids extends IdsMode = "number"> {
  /**
   * Upload a file from a path, `file:` URL, Blob/File, bytes or stream, and return the stored file.
   * The purpose, the file's presence and emptiness, and its extension for the documented purposes
   * are checked before anything is sent.
   */
  upload(params: UploadParams, options?: RequestOptions): MiniMaxPromise<FileObject<Ids>>;
  /** The files of one purpose. */
  list(params: { purpose: Purpose }, options?: RequestOptions): MiniMaxPromise<FileObject<Ids>[]>;
  /** One file's metadata; may include a temporary `download_url`. */
  retrieve(fileId: FileId, options?: RequestOptions): MiniMaxPromise<FileObject<Ids>>;
  /** A file's content as a `Response` whose body streams; it resolves as soon as headers arrive. */
  retrieveContent(fileId: FileId, options?: RequestOptions): MiniMaxPromise<Response>;
  /**
   * Node, Bun and Deno: save a file's content to `destinationPath` atomically (a temporary file
   * renamed into place when complete; nothing is left behind on failure).
   */
  download(
    fileId: FileId,
    destinationPath: string,
    options?: RequestOptions & DownloadOptions,
  ): MiniMaxPromise<DownloadResult>;
  /**
   * Delete a file. MiniMax needs its purpose: pass `options.purpose` (a returned file's `purpose`
   * fits as it is), or leave it out and the client retrieves the file first to read it.
   */
  delete(fileId: FileId, options?: DeleteOptions): MiniMaxPromise<DeleteResult<Ids>>;
  /**
   * The raw openapi-fetch client for the generated paths, with the same auth, timeouts, retries,
   * typed errors and ids mode as the methods.
   */
  readonly api: Client<ApiPaths<Ids>>;
}

/** Create a client. Options default to the `MINIMAX_*` environment variables where they exist. */
export function createMiniMaxFiles<const Ids extends IdsMode = "number">(
  options: ClientOptions<Ids> = {},
): MiniMaxFiles<Ids> {
  const config = resolveConfig(options ?? {});
  const ids = config.ids as Ids;
  const { apiKey } = config;
  const redact = (text: string) => text.split(apiKey).join("[redacted]");
  const transport = createTransport({
    fetch: config.fetch,
    fetchOptions: config.fetchOptions,
    maxRetries: config.maxRetries,
    timeoutMs: config.timeoutMs,
    retryDelay: config.retryDelay,
    ids,
    logger: config.logger,
    redact,
    maxResponseBytes: config.maxResponseBytes,
    allowInsecureHttp: config.allowInsecureHttp,
  });

  // Typed with digit-string ids, the form the methods send; the transport decodes answers by mode.
  const raw = createClient<ApiPaths<"string">>(
    bare({
      baseUrl: config.baseUrl,
      headers: config.headers,
      bodySerializer: apiBodySerializer,
      fetch: (request: Request) => transport(request),
    }),
  );
  const auth: Middleware = {
    onRequest({ request }) {
      request.headers.set("Authorization", `Bearer ${apiKey}`);
      return request;
    },
  };
  raw.use(auth);

  /** openapi-fetch's per-call `fetch`: the transport with this call's options. */
  const via = (call: CallOptions) => (request: Request) => transport(request, call);
  const contextOf = (operation: MiniMaxOperation, response: Response): AnswerContext & { ids: Ids } => {
    const traceId = response.headers.get("trace-id");
    return { operation, ids, response, traceId: traceId === null ? undefined : redact(traceId) };
  };
  const done = <T>(data: T, response: Response) => withResponse(data, response, redact);
  /** Runs a method's body, turning any synchronous validation error into a rejection. */
  const call = <T>(run: () => Promise<WithResponse<T>>): MiniMaxPromise<T> =>
    miniMaxPromise(Promise.resolve().then(run));
  /** The loop of a method whose attempt is more than one transport request (each sent with maxRetries 0). */
  const loopOf = (operation: MiniMaxOperation, options: RequestOptions) => {
    const maxRetries = options.maxRetries ?? config.maxRetries;
    checkCallOptions(operation, maxRetries, options.timeoutMs ?? config.timeoutMs);
    return { operation, maxRetries, signal: options.signal, logger: config.logger, retryDelay: config.retryDelay };
  };

  async function retrieve(fileId: FileId, options: RequestOptions) {
    const file_id = fileIdToDigits(fileId);
    const { data, response } = await raw.GET(
      "/v1/files/retrieve",
      bare({ params: { query: { file_id } }, fetch: via({ ...options, operation: "retrieve" }) }),
    );
    return done(toFileObject(data?.file, contextOf("retrieve", response)), response);
  }

  async function retrieveContent(fileId: FileId, call: CallOptions) {
    const file_id = fileIdToDigits(fileId);
    const { response } = await raw.GET(
      "/v1/files/retrieve_content",
      bare({ params: { query: { file_id } }, parseAs: "stream" as const, fetch: via(guardCallbacks(call)) }),
    );
    return done(response, response);
  }

  async function listFiles(purpose: string, options: RequestOptions) {
    const { data, response } = await raw.GET(
      "/v1/files/list",
      bare({ params: { query: { purpose } }, fetch: via({ ...options, operation: "list" }) }),
    );
    const context = contextOf("list", response);
    const files: unknown = data?.files ?? [];
    if (!Array.isArray(files)) throw answerError(context, "has no files array");
    return done(
      files.map((file) => toFileObject(file, context)),
      response,
    );
  }

  return {
    api: raw as unknown as Client<ApiPaths<Ids>>, // same client: only the ids' declared type differs

    upload: (params, options = {}) =>
      call(async () => {
        const given = guardCallbacks(own(options, requestOptionKeys));
        const body = await prepareUpload(own(params, ["purpose", "file", "filename", "contentType"]), given.onProgress);
        const upload = body.upload as NonNullable<typeof body.upload>;
        const { filename, purpose, bytes } = upload;
        // Reconciling lists the purpose: possible when list takes it and the size is known.
        const canReconcile = bytes !== undefined && isPurposeOf("list", purpose);
        const sideEffect: SideEffectHandling<WithResponse<FileObject<Ids>>> = {
          maybeDone: maybeStored(upload),
          reconcile: canReconcile
            ? async (since) => {
                const listed = await listFiles(purpose, { signal: given.signal, timeoutMs: given.timeoutMs });
                const found = findUpload(listed.data, { filename, bytes }, since);
                return found && done(found, listed.response);
              }
            : undefined,
        };
        const loop = { ...loopOf("upload", given), request: fileOperations.upload, sideEffect };
        return withRetries({ ...loop, oneShotReason: body.oneShotReason }, async (attempt) => {
          const { data, response } = await raw.POST(
            "/v1/files/upload",
            bare({
              // openapi-fetch only types this call; the multipart body is built by the transport from
              // `body` for each attempt, so the serializer sends nothing itself.
              body: { purpose, file: new Blob() },
              bodySerializer: () => undefined,
              fetch: via({ ...given, body, maxRetries: 0, attemptsBefore: attempt }),
            }),
          );
          return done(toFileObject(data?.file, contextOf("upload", response)), response);
        });
      }),

    list: (params, options = {}) =>
      call(async () => {
        const purpose = checkPurpose("list", own(params, ["purpose"]).purpose);
        return listFiles(purpose, own(options, requestOptionKeys));
      }),

    retrieve: (fileId, options = {}) => call(() => retrieve(fileId, own(options, requestOptionKeys))),

    retrieveContent: (fileId, options = {}) => call(() => retrieveContent(fileId, own(options, requestOptionKeys))),

    download: (fileId, destinationPath, options = {}) =>
      call(async () => {
        const given = guardCallbacks(own(options as RequestOptions & DownloadOptions, requestOptionKeys));
        const digits = fileIdToDigits(fileId);
        const loop = { ...loopOf("download", given), request: fileOperations.retrieveContent };
        const { checkDestination, writeAtomically } = await import("./node/download.js");
        const destination = await checkDestination(destinationPath, given);
        let expectedBytes = given.expectedBytes;
        // One loop for the request and the body together: each attempt is one request, whether the
        // request failed or its body was cut short, so a download makes at most 1 + maxRetries.
        return withRetries(loop, async (attempt) => {
          const { response } = await retrieveContent(digits, {
            ...given,
            operation: "download",
            maxRetries: 0,
            attemptsBefore: attempt,
          });
          try {
            // A compressed or length-less body says nothing of its length: retrieve's `bytes` does.
            if (expectedBytes === undefined && !hasIdentityLength(response)) {
              const file = await retrieve(digits, { signal: given.signal, timeoutMs: given.timeoutMs });
              expectedBytes = file.data.bytes;
            }
            const bytes = await writeAtomically(response, destination, { ...given, expectedBytes });
            return done({ path: destination, bytes }, response);
          } catch (error) {
            response.body?.cancel().catch(() => {});
            throw asDownloadError(error, redact);
          }
        });
      }),

    delete: (fileId, options = {}) =>
      call(async () => {
        const digits = fileIdToDigits(fileId);
        // delete's answer echoes the id: one "number" mode cannot hold throws here, before the file
        // is gone, rather than after (when a caller would likely retry a deletion that happened).
        const file_id = fileIdAs(digits, ids);
        const given = guardCallbacks(own(options as DeleteOptions, [...requestOptionKeys, "purpose"]));
        const { purpose: purposeGiven, ...requestOptions } = given;
        const purpose =
          purposeGiven === undefined
            ? (await retrieve(digits, requestOptions)).data.purpose
            : checkPurpose("delete", purposeGiven);
        const sideEffect: SideEffectHandling<WithResponse<DeleteResult<Ids>>> = {
          maybeDone: `file ${digits} may have been deleted`,
          // After an attempt that may have deleted it, "not found" from a repeat means it was; the
          // repeat's answer (its status and trace id) stands for the response.
          alreadyDone: (error) =>
            error instanceof MiniMaxApiError && error.code === fileOperations.delete.doneCode
              ? done({ file_id }, answerOf(error))
              : undefined,
        };
        const loop = { ...loopOf("delete", requestOptions), request: fileOperations.delete, sideEffect };
        return withRetries(loop, async (attempt) => {
          const { data, response } = await raw.POST(
            "/v1/files/delete",
            bare({
              body: { file_id: digits, purpose },
              fetch: via({ ...requestOptions, maxRetries: 0, attemptsBefore: attempt }),
            }),
          );
          const returned: unknown = data?.file_id;
          if (returned !== undefined) {
            const context = contextOf("delete", response);
            const echoed = String(fileIdFromServer(returned, "string", { ...context, httpStatus: response.status }));
            if (echoed !== digits) throw answerError(context, `names file ${echoed}, not ${digits}`);
          }
          return done({ file_id }, response);
        });
      }),
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

function hasIdentityLength(response: Response): boolean {
  const encoding = response.headers.get("content-encoding");
  return (!encoding || encoding === "identity") && response.headers.get("content-length") !== null;
}

/** A response standing for an error's answer: its status and trace id (the body was already read). */
function answerOf(error: MiniMaxApiError): Response {
  const headers = error.traceId === undefined ? undefined : { "trace-id": error.traceId };
  return new Response(null, { status: error.httpStatus, headers });
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
