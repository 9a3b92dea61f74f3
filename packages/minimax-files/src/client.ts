/**
 * `createMiniMaxFiles`: the typed methods, and `api`, the raw openapi-fetch client. Everything that
 * must behave the same for both (auth, timeouts, retries, the envelope, exact ids) lives in the
 * transport. The methods hand it prepared requests directly (URLs and queries typed by the same
 * generated `paths` openapi-fetch uses); going through openapi-fetch's runtime would cost each call
 * a `Request`, a header merge and a rebuilt `Response` (docs/ARCHITECTURE.md, "The request path").
 */
import { fileOperations, isPurposeOf, type Purpose } from "@org/minimax-files-types";
import createClient, { type Client, type Middleware } from "openapi-fetch";
import { type ApiPaths, apiBodySerializer } from "./api.js";
import { declaredLength } from "./body.js";
import { type BulkOptions, bulkMethods, type DeleteItem, type DeleteManyOptions, type ListAllOptions } from "./bulk.js";
import { type ClientOptions, resolveConfig } from "./config.js";
import { traceIdOf } from "./envelope.js";
import { MiniMaxApiError, MiniMaxError, MiniMaxLocalFileError, type MiniMaxOperation } from "./errors.js";
import { type AnswerContext, answerError, type FileObject, toFileObject } from "./file-object.js";
import { type CallScope, inCall } from "./hooks.js";
import { type FileId, type FileIdOf, fileIdAs, fileIdFromServer, fileIdToDigits, type IdsMode } from "./ids.js";
import { createLimiter } from "./limiter.js";
import type { DownloadOptions } from "./node/download.js";
import {
  type BodySource,
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
import { bodyReaderOf, createTransport, type PreparedRequest, retryHook } from "./transport.js";
import { prepareUpload, type UploadParams } from "./upload.js";
import { type MiniMaxPromise, miniMaxPromise, type WithResponse } from "./with-response.js";

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
   * Upload many files, `concurrency` (default 4) at a time: one `Promise.allSettled`-shaped result
   * per item, in input order; one failure never loses the others' results. `signal` stops starting
   * items: those in flight finish and are reported, the rest reject with the signal's reason.
   */
  uploadMany(items: readonly UploadParams[], options?: BulkOptions): Promise<PromiseSettledResult<FileObject<Ids>>[]>;
  /**
   * Delete many files, as `uploadMany` runs uploads. Pass ids (with `options.purpose`, or each is
   * looked up) or file objects as the client returned them, which carry their purpose.
   */
  deleteMany(
    items: readonly DeleteItem<Ids>[],
    options?: DeleteManyOptions,
  ): Promise<PromiseSettledResult<DeleteResult<Ids>>[]>;
  /**
   * Every file of every documented purpose (or `options.purposes`), in one list without
   * duplicates. Rejects with the first purpose's failure, if any.
   */
  listAll(options?: ListAllOptions): Promise<FileObject<Ids>[]>;
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
  const redact = (text: string) => (text.includes(apiKey) ? text.split(apiKey).join("[redacted]") : text);
  const hooks = config.hooks;
  const transport = createTransport({
    limiter: createLimiter(config.rateLimit),
    hooks,
    fetch: config.fetch,
    platformFetch: config.platformFetch,
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

  // The methods' headers: the caller's, then the client's own Authorization (whatever case the
  // caller wrote theirs in), as one object every request sends without copying. Made on first use
  // so a header fetch would refuse fails the call, as it did through openapi-fetch.
  let headers: Record<string, string> | undefined;
  const headersOf = () => {
    if (!headers) {
      const merged = new Headers(config.headers);
      merged.set("authorization", `Bearer ${apiKey}`);
      headers = Object.fromEntries(merged);
    }
    return headers;
  };
  /** A typed method's request: the path and its one query parameter, as the generated spec names them. */
  const get = <P extends GetPath, K extends keyof QueryOf<P> & string>(
    name: "list" | "retrieve" | "retrieveContent",
    path: P,
    key: K,
    value: QueryOf<P>[K] & string,
  ) =>
    ({
      method: "GET",
      url: `${config.baseUrl}${path}?${key}=${encodeURIComponent(value)}`,
      headers: headersOf(),
      operation: fileOperations[name],
    }) satisfies PreparedRequest;
  // The trace id is read when asked for (an error, `.withResponse()`): a header read per call costs
  // more than the rest of a successful answer's bookkeeping.
  const contextOf = (operation: MiniMaxOperation, response: Response) => new Answered(operation, ids, response, redact);
  const done = <T>(data: T, response: Response): WithResponse<T> => new Result(data, response, redact);
  /** Runs a method's body as one call; its validation errors, thrown in an async function, are rejections. */
  const call = <T>(operation: MiniMaxOperation, run: (scope: CallScope) => Promise<WithResponse<T>>) =>
    miniMaxPromise(inCall(operation, hooks, run));
  /** A method's options, own properties only (a polluted prototype chooses nothing), in `scope`. */
  const ownOptions = (options: RequestOptions | undefined, scope: CallScope): CallOptions => {
    const copy: CallOptions = own(options, requestOptionKeys);
    copy.scope = scope;
    copy.operation = undefined; // every copy gets the same shape: spreading it later stays cheap
    return copy;
  };
  /** The loop of a method whose attempt is more than one request (each sent with maxRetries 0). */
  const loopOf = (operation: MiniMaxOperation, options: CallOptions, scope: CallScope) => {
    const maxRetries = options.maxRetries ?? config.maxRetries;
    checkCallOptions(operation, maxRetries, options.timeoutMs ?? config.timeoutMs);
    return {
      operation,
      maxRetries,
      signal: options.signal,
      logger: config.logger,
      retryDelay: config.retryDelay,
      beforeRetry: retryHook(hooks, scope),
    };
  };

  async function retrieve(fileId: FileId, options: CallOptions) {
    const file_id = fileIdToDigits(fileId);
    const { value, response } = await transport.send(get("retrieve", "/v1/files/retrieve", "file_id", file_id), {
      ...options,
      operation: "retrieve",
    });
    const context = contextOf("retrieve", response);
    return done(toFileObject(value?.file, context), response);
  }

  async function retrieveContent(fileId: FileId, call: CallOptions) {
    const file_id = fileIdToDigits(fileId);
    const answer = await transport.send(get("retrieveContent", "/v1/files/retrieve_content", "file_id", file_id), call);
    // A JSON success where the content was expected: still handed on as a readable body.
    const response = answer.bytes
      ? new Response(answer.bytes, {
          status: answer.response.status,
          statusText: answer.response.statusText,
          headers: answer.response.headers,
        })
      : answer.response;
    return done(response, response);
  }

  async function listFiles(purpose: string, options: CallOptions) {
    options.operation = "list"; // every caller passes its own options object
    const { value, response } = await transport.send(get("list", "/v1/files/list", "purpose", purpose), options);
    const context = contextOf("list", response);
    const files: unknown = value?.files ?? [];
    if (!Array.isArray(files)) throw answerError(context, "has no files array");
    // Checked and completed in place: the array, like its objects, is the decoder's own.
    for (let i = 0; i < files.length; i++) files[i] = toFileObject(files[i], context);
    return done(files as FileObject<Ids>[], response);
  }

  const methods: Omit<MiniMaxFiles<Ids>, "uploadMany" | "deleteMany" | "listAll"> = {
    api: raw as unknown as Client<ApiPaths<Ids>>, // same client: only the ids' declared type differs

    upload: (params, options = {}) =>
      call("upload", async (scope) => {
        const given = guardCallbacks(ownOptions(options, scope));
        const body = await prepareUpload(own(params, ["purpose", "file", "filename", "contentType"]), given.onProgress);
        const upload = body.upload as NonNullable<typeof body.upload>;
        const { filename, purpose, bytes } = upload;
        // Reconciling lists the purpose: possible when list takes it and the size is known.
        const canReconcile = bytes !== undefined && isPurposeOf("list", purpose);
        const sideEffect: SideEffectHandling<WithResponse<FileObject<Ids>>> = {
          maybeDone: maybeStored(upload),
          reconcile: canReconcile
            ? async (since) => {
                const listed = await listFiles(purpose, { signal: given.signal, timeoutMs: given.timeoutMs, scope });
                const found = findUpload(listed.data, { filename, bytes }, since);
                return found && done(found, listed.response);
              }
            : undefined,
        };
        const loop = { ...loopOf("upload", given, scope), request: fileOperations.upload, sideEffect };
        // The multipart body is built by the transport from `body` for each attempt.
        const prepared = {
          method: "POST",
          url: `${config.baseUrl}/v1/files/upload`,
          headers: headersOf(),
          operation: fileOperations.upload,
        };
        return withRetries({ ...loop, oneShotReason: body.oneShotReason }, async (attempt) => {
          const { value, response } = await transport.send(prepared, {
            ...given,
            body,
            maxRetries: 0,
            attemptsBefore: attempt,
          });
          const context = contextOf("upload", response);
          return done(toFileObject(value?.file, context), response);
        });
      }),

    list: (params, options = {}) =>
      call("list", (scope) =>
        listFiles(checkPurpose("list", own(params, ["purpose"]).purpose), ownOptions(options, scope)),
      ),

    retrieve: (fileId, options = {}) => call("retrieve", (scope) => retrieve(fileId, ownOptions(options, scope))),

    retrieveContent: (fileId, options = {}) =>
      call("retrieveContent", (scope) => retrieveContent(fileId, ownOptions(options, scope))),

    download: (fileId, destinationPath, options = {}) =>
      call("download", async (scope) => {
        const given: CallOptions & DownloadOptions = guardCallbacks(ownOptions(options, scope));
        const digits = fileIdToDigits(fileId);
        // One loop for the request and the body together: each attempt is one request, whether the
        // request failed or its body was cut short, so a download makes at most 1 + maxRetries.
        const loop = { ...loopOf("download", given, scope), request: fileOperations.retrieveContent };
        const { checkDestination, writeAtomically } = await import("./node/download.js");
        const destination = await checkDestination(destinationPath, given);
        let expectedBytes = given.expectedBytes;
        return withRetries(loop, async (attempt) => {
          const { response } = await retrieveContent(digits, {
            ...given,
            operation: "download",
            maxRetries: 0,
            attemptsBefore: attempt,
          });
          try {
            // A compressed or length-less body says nothing of its length: retrieve's `bytes` does.
            if (expectedBytes === undefined && declaredLength(response) === undefined) {
              const file = await retrieve(digits, { signal: given.signal, timeoutMs: given.timeoutMs, scope });
              expectedBytes = file.data.bytes;
            }
            const bytes = await writeAtomically(
              response,
              destination,
              { ...given, expectedBytes },
              bodyReaderOf(response),
            );
            return done({ path: destination, bytes }, response);
          } catch (error) {
            response.body?.cancel().catch(() => {});
            throw asDownloadError(error, redact);
          }
        });
      }),

    delete: (fileId, options = {}) =>
      call("delete", async (scope) => {
        const digits = fileIdToDigits(fileId);
        // delete's answer echoes the id: one "number" mode cannot hold throws here, before the file
        // is gone, rather than after (when a caller would likely retry a deletion that happened).
        const file_id = fileIdAs(digits, ids);
        const given = guardCallbacks(own(options as DeleteOptions, [...requestOptionKeys, "purpose"]));
        const { purpose: purposeGiven, ...rest } = given;
        const requestOptions = { ...rest, scope };
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
        const loop = { ...loopOf("delete", requestOptions, scope), request: fileOperations.delete, sideEffect };
        const body = jsonBody(apiBodySerializer({ file_id: digits, purpose } satisfies DeleteBody) as string);
        const prepared = {
          method: "POST",
          url: `${config.baseUrl}/v1/files/delete`,
          headers: { ...headersOf(), "content-type": "application/json" },
          operation: fileOperations.delete,
        };
        return withRetries(loop, async (attempt) => {
          const { value, response } = await transport.send(prepared, {
            ...requestOptions,
            body,
            maxRetries: 0,
            attemptsBefore: attempt,
          });
          const returned: unknown = value?.file_id;
          if (returned !== undefined) {
            const context = contextOf("delete", response);
            const echoed = String(fileIdFromServer(returned, "string", { ...context, httpStatus: response.status }));
            if (echoed !== digits) throw answerError(context, `names file ${echoed}, not ${digits}`);
          }
          return done({ file_id }, response);
        });
      }),
  };
  return { ...methods, ...bulkMethods(methods) };
}

type Paths = ApiPaths<"string">;
type GetPath = {
  [P in keyof Paths]: Paths[P] extends { get: { parameters: { query: object } } } ? P : never;
}[keyof Paths];
type QueryOf<P extends GetPath> = Paths[P] extends { get: { parameters: { query: infer Q } } } ? Q : never;
type DeleteBody = NonNullable<Paths["/v1/files/delete"]["post"]["requestBody"]>["content"]["application/json"];

/** A small JSON body, sent again as it is on each attempt. */
function jsonBody(text: string): BodySource {
  return { open: async () => ({ body: text, headers: {} }) };
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

/** A response whose trace id (a header read, and redacted) is read only when asked for. */
class Traced {
  readonly #redact: (text: string) => string;
  constructor(
    readonly response: Response,
    redact: (text: string) => string,
  ) {
    this.#redact = redact;
  }
  get traceId(): string | undefined {
    return traceIdOf(this.response, { redact: this.#redact });
  }
}

/** A method's answer context. */
class Answered<Ids extends IdsMode> extends Traced implements AnswerContext {
  constructor(
    readonly operation: MiniMaxOperation,
    readonly ids: Ids,
    response: Response,
    redact: (text: string) => string,
  ) {
    super(response, redact);
  }
}

/** A method's result inside the client; `.withResponse()` hands out a plain copy (with-response.ts). */
class Result<T> extends Traced implements WithResponse<T> {
  constructor(
    readonly data: T,
    response: Response,
    redact: (text: string) => string,
  ) {
    super(response, redact);
  }
}
