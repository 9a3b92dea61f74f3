/**
 * A fake MiniMax File Management server for tests: node:http on 127.0.0.1, a random port, state
 * in memory, MiniMax's envelope and error model, and scriptable faults.
 */
import { randomBytes, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { fileOperationAt } from "@org/minimax-files-types";
import { StatusCode } from "./base-resp.js";
import {
  actsAfterWork,
  cutAfter,
  damagedReply,
  type FakeOperation,
  type Fault,
  FaultQueue,
  type InjectedFault,
  replacementReply,
} from "./faults.js";
import {
  gzipCut,
  hostileHeaderText,
  noLengthCut,
  withControlCharacters,
  withExtraEntry,
  withHostileIds,
} from "./hostile.js";
import { toId } from "./json-ids.js";
import { drain, operations } from "./operations.js";
import { type FakeRateLimit, tokenBucket } from "./rate-limit.js";
import {
  type BodyReply,
  type ContentReply,
  type Ending,
  errorReply,
  jsonReply,
  type Reply,
  textReply,
  writeReply,
} from "./replies.js";
import { type MutableRecord, type RecordedRequest, recordRequest } from "./request-log.js";
import { type FakeFile, FileStore, type SeedFile } from "./store.js";

export interface FakeMiniMaxOptions {
  /** The bearer key requests must carry; default: a random `test-…` key (see `server.apiKey`). */
  apiKey?: string;
  /**
   * First id handed to uploads and seeds without `fileId`; ids then count up. Default
   * 307593383186476 (15 digits, like MiniMax's). Use `2n ** 53n + 1n` to test exact-id handling.
   */
  idStart?: bigint | number | string;
  /** Uploads up to this many bytes keep their content for retrieve_content; default 64 MiB. */
  retainContentUpTo?: number;
  /** base_resp code for a wrong (not missing) key: 1004 (default) or 2049 ("invalid api key"). */
  invalidKeyCode?: 1004 | 2049;
  /** Clock for `created_at`, in Unix seconds; default: the system clock. */
  now?: () => number;
  /** Port on 127.0.0.1; default 0 (a free port). */
  port?: number;
  /**
   * Answer browsers on other origins (a test page served elsewhere): every response allows any
   * origin and exposes `Trace-Id`, and a CORS preflight (`OPTIONS`) is answered 204 allowing
   * `Authorization` and `Content-Type`, without being recorded in `requests`. Default false.
   */
  cors?: boolean;
  /**
   * Rate-limit mode: a token bucket over authenticated API requests (`{ perSecond, burst?, code? }`).
   * A request over the limit is answered base_resp 1002 (or the given code) and not performed;
   * `rateLimited` counts them. Default: no limit.
   */
  rateLimit?: FakeRateLimit;
  /** Milliseconds every authenticated API answer waits before it is sent, as MiniMax's own work takes time. Default 0. */
  latencyMs?: number;
}

export interface FakeMiniMax {
  /** Base URL, e.g. `http://127.0.0.1:41234`; pass it as the client's `baseUrl`. */
  readonly url: string;
  /**
   * A second address of this fake (another port: another origin), where redirect faults point.
   * It answers anything with a success envelope; its requests appear in `requests` with `elsewhere: true`.
   */
  readonly elsewhereUrl: string;
  readonly apiKey: string;
  /** Every request received, oldest first, Authorization redacted. */
  readonly requests: readonly RecordedRequest[];
  /** The files the server holds now, oldest first. */
  readonly files: readonly FakeFile[];
  /** Injected faults not used up yet, in the order they will be taken. */
  readonly pendingFaults: readonly InjectedFault[];
  /** Requests answered "rate limited" by the `rateLimit` mode. */
  readonly rateLimited: number;
  /** Most API requests in progress at once (received, not yet answered). */
  readonly maxInFlight: number;
  /** TCP connections clients opened, to check a client reuses and bounds its sockets. */
  readonly connections: ConnectionStats;
  /** Adds a file as if it had been uploaded (or produced by another MiniMax API). */
  seed(file: SeedFile): FakeFile;
  /** Queues a fault for the next request(s) it targets. */
  inject(fault: Fault): InjectedFault;
  clearFaults(): void;
  clearRequests(): void;
  /** Stops listening, destroys every open connection and cancels pending delays. */
  close(): Promise<void>;
}

export interface ConnectionStats {
  /** Connections accepted since the server started. */
  readonly opened: number;
  /** Connections open now. */
  readonly open: number;
  /** Most connections open at the same time. */
  readonly maxOpen: number;
}

const DEFAULT_ID_START = 307_593_383_186_476n;
const DEFAULT_RETAIN_CONTENT_UP_TO = 64 * 1024 * 1024;

function routeOf(method: string | undefined, pathname: string): FakeOperation | undefined {
  if (method === "GET" && /^\/download\/\d+$/.test(pathname)) return "downloadUrl";
  // MiniMax's own paths only: unlike the client, the fake has no proxy prefix to allow for.
  const operation = fileOperationAt(pathname);
  return operation?.path === pathname && operation.method === method ? operation.name : undefined;
}

export async function startFakeMiniMax(options: FakeMiniMaxOptions = {}): Promise<FakeMiniMax> {
  const apiKey = options.apiKey ?? `test-${randomBytes(12).toString("hex")}`;
  if (apiKey.length === 0) throw new TypeError("apiKey must not be empty");
  const retainContentUpTo = options.retainContentUpTo ?? DEFAULT_RETAIN_CONTENT_UP_TO;
  if (!(retainContentUpTo >= 0)) throw new TypeError("retainContentUpTo must be a byte count (>= 0)");
  const invalidKeyCode = options.invalidKeyCode ?? StatusCode.unauthorized;
  const store = new FileStore(
    options.idStart === undefined ? DEFAULT_ID_START : toId(options.idStart, "idStart"),
    options.now ?? (() => Math.floor(Date.now() / 1000)),
  );
  const faults = new FaultQueue();
  const bucket = options.rateLimit ? tokenBucket(options.rateLimit) : undefined;
  const latencyMs = options.latencyMs ?? 0;
  if (!(latencyMs >= 0) || !Number.isFinite(latencyMs)) throw new TypeError("latencyMs must be >= 0");
  let rateLimited = 0;
  let inFlight = 0;
  let maxInFlight = 0;
  let requests: MutableRecord[] = [];
  const timers = new Set<NodeJS.Timeout>();
  let serverUrl = "";
  let elsewhereUrl = "";

  const later = (ms: number, callback: () => void): (() => void) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      callback();
    }, ms);
    timers.add(timer);
    return () => {
      clearTimeout(timer);
      timers.delete(timer);
    };
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (options.cors) {
      res.setHeader("Access-Control-Allow-Origin", "*");
      res.setHeader("Access-Control-Expose-Headers", "Trace-Id");
      if (req.method === "OPTIONS") return answerPreflight(req, res);
    }
    const traceId = randomBytes(16).toString("hex");
    res.setHeader("Trace-Id", traceId);
    const url = new URL(req.url ?? "/", serverUrl);
    const record = recordRequest(req, url, traceId, apiKey, connectionIds.get(req.socket) ?? 0);
    requests.push(record);
    const onBodyBytes = (bytes: number) => {
      record.bodyBytes += bytes;
    };
    const send = (reply: Reply, ending: Ending = { kind: "complete" }) => {
      record.httpStatus = reply.kind === "content" ? 200 : reply.httpStatus;
      record.statusCode = reply.kind === "body" ? reply.statusCode : undefined;
      return writeReply(res, reply, ending, { later });
    };

    const operation = routeOf(req.method, url.pathname);
    if (!operation) {
      await drain(req, onBodyBytes);
      return send(textReply(404, "text/plain; charset=utf-8", "404 page not found\n"));
    }
    record.operation = operation;

    const fault = faults.take(operation);
    record.fault = fault?.kind;
    const afterWork = fault !== undefined && actsAfterWork(fault);
    if (fault && !afterWork) {
      if (fault.kind === "reset-before-headers") {
        await drain(req, onBodyBytes);
        req.socket.resetAndDestroy();
        return;
      }
      const replacement = replacementReply(fault, url, elsewhereUrl);
      if (replacement) {
        await drain(req, onBodyBytes);
        return send(replacement);
      }
      if (fault.kind === "slow-headers") {
        await holdFor(fault.delayMs, res);
        // A client that gave up must not have its upload or delete performed behind its back.
        if (res.destroyed || req.socket.destroyed) return;
      }
    }

    let reply: BodyReply | ContentReply;
    const authFailure =
      operation === "downloadUrl" ? undefined : checkBearer(req.headers.authorization, apiKey, invalidKeyCode);
    if (operation !== "downloadUrl") record.authorized = authFailure === undefined;
    if (authFailure) {
      await drain(req, onBodyBytes);
      reply = authFailure;
    } else if (bucket && operation !== "downloadUrl" && !bucket.take()) {
      rateLimited++;
      await drain(req, onBodyBytes);
      const code = options.rateLimit?.code ?? StatusCode.rateLimit;
      reply = code === 429 ? textReply(429, "text/plain; charset=utf-8", "429 Too Many Requests\n") : errorReply(code);
    } else {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      try {
        reply = await operations[operation]({ req, url, store, serverUrl, retainContentUpTo, onBodyBytes });
        if (latencyMs > 0 && operation !== "downloadUrl") await holdFor(latencyMs, res);
      } finally {
        inFlight--;
      }
      record.performed = reply.kind === "content" || reply.statusCode === 0;
    }
    if (!fault || !afterWork) return send(reply);
    return answerAfterWork(fault, reply, { req, res, send });
  }

  /** The fault acts on the service's reply: the work is done, the answer is lost or hostile. */
  async function answerAfterWork(fault: Fault, reply: BodyReply | ContentReply, scope: RequestScope): Promise<void> {
    const { req, res, send } = scope;
    switch (fault.kind) {
      case "reset-before-headers":
        req.socket.resetAndDestroy();
        return;
      case "slow-headers":
        await holdFor(fault.delayMs, res);
        if (res.destroyed || req.socket.destroyed) return;
        return send(reply);
      case "malformed-json":
      case "missing-base-resp":
        return send(damagedReply(fault, reply));
      case "reset-mid-body":
        return send(reply, { kind: "reset", afterBytes: cutAfter(fault, reply) });
      case "truncated-download":
        return send(reply, { kind: "end", afterBytes: cutAfter(fault, reply) });
      case "hostile-id":
        return send(withHostileIds(reply, fault.json));
      case "non-object-entry":
        return send(withExtraEntry(reply, fault.json ?? "null"));
      case "control-characters":
        res.setHeader("Trace-Id", hostileHeaderText + String(res.getHeader("Trace-Id")));
        return send(withControlCharacters(reply, fault.code));
      case "no-length-cut":
        return send(noLengthCut(reply, cutAfter(fault, reply)));
      case "gzip-cut":
        return send(gzipCut(reply, cutAfter(fault, reply)));
      default:
        return send(replacementReply(fault, new URL(req.url ?? "/", serverUrl), elsewhereUrl) ?? reply);
    }
  }

  /** Resolves after `ms` (never, for Infinity) or as soon as the client or the server closes. */
  function holdFor(ms: number, res: ServerResponse): Promise<void> {
    return new Promise<void>((resolve) => {
      const cancel = Number.isFinite(ms) ? later(ms, resolve) : () => {};
      res.once("close", () => {
        cancel();
        resolve();
      });
    });
  }

  const connections = { opened: 0, open: 0, maxOpen: 0 };
  const connectionIds = new WeakMap<Socket, number>();

  const server = createServer({ requestTimeout: 0 }, (req, res) => {
    // A write to a connection the client already closed must not crash the test process.
    res.on("error", () => {});
    handle(req, res).catch((error: unknown) => {
      if (res.headersSent || res.destroyed) {
        res.destroy();
        return;
      }
      const reason = error instanceof Error ? error.message : String(error);
      send500(res, reason);
    });
  });
  server.on("clientError", (_error, socket) => socket.destroy());
  server.on("connection", (socket) => {
    connections.opened++;
    connections.open++;
    connections.maxOpen = Math.max(connections.maxOpen, connections.open);
    connectionIds.set(socket, connections.opened);
    socket.once("close", () => {
      connections.open--;
    });
  });

  // Where redirect faults point by default: another origin, which takes anything it is sent and
  // answers with a success envelope, so a client that follows a redirect is seen doing so.
  const elsewhere = createServer({ requestTimeout: 0 }, (req, res) => {
    res.on("error", () => {});
    const traceId = randomBytes(16).toString("hex");
    const record = recordRequest(req, new URL(req.url ?? "/", elsewhereUrl), traceId, apiKey, 0);
    record.elsewhere = true;
    requests.push(record);
    const reply = jsonReply({ base_resp: { status_code: 0, status_msg: "success" } });
    record.httpStatus = reply.httpStatus;
    record.statusCode = 0;
    drain(req, (bytes) => {
      record.bodyBytes += bytes;
    })
      .then(() => {
        res.setHeader("Trace-Id", traceId);
        return writeReply(res, reply, { kind: "complete" }, { later });
      })
      .catch(() => res.destroy());
  });
  elsewhere.on("clientError", (_error, socket) => socket.destroy());

  serverUrl = `http://127.0.0.1:${await listen(server, options.port ?? 0)}`;
  elsewhereUrl = `http://127.0.0.1:${await listen(elsewhere, 0)}`;

  let closed: Promise<void> | undefined;
  return {
    url: serverUrl,
    elsewhereUrl,
    apiKey,
    get requests() {
      return requests;
    },
    get files() {
      return store.all();
    },
    get pendingFaults() {
      return faults.pending();
    },
    get rateLimited() {
      return rateLimited;
    },
    get maxInFlight() {
      return maxInFlight;
    },
    get connections() {
      return { ...connections };
    },
    seed: (file) => store.seed(file),
    inject: (fault) => faults.add(fault),
    clearFaults: () => faults.clear(),
    clearRequests: () => {
      requests = [];
    },
    close() {
      closed ??= new Promise<void>((resolve) => {
        let open = 2;
        const closedOne = () => --open === 0 && resolve();
        server.close(closedOne);
        elsewhere.close(closedOne);
        server.closeAllConnections();
        elsewhere.closeAllConnections();
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        faults.clear();
      });
      return closed;
    },
  };
}

interface RequestScope {
  req: IncomingMessage;
  res: ServerResponse;
  send(reply: Reply, ending?: Ending): Promise<void>;
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      server.off("error", reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/** undefined when `authorization` carries the key; otherwise the envelope MiniMax answers with. */
function checkBearer(authorization: string | undefined, apiKey: string, invalidKeyCode: number): BodyReply | undefined {
  const match = /^Bearer\s+(.+)$/i.exec(authorization?.trim() ?? "");
  if (!match?.[1]) {
    return errorReply(
      StatusCode.unauthorized,
      "login fail: Please carry the API secret key in the 'Authorization' field of the request header",
    );
  }
  const given = Buffer.from(match[1]);
  const expected = Buffer.from(apiKey);
  if (given.length === expected.length && timingSafeEqual(given, expected)) return undefined;
  return errorReply(invalidKeyCode, "invalid api key");
}

/** MiniMax's API needs only the bearer key and the body's type, so no other header is allowed. */
async function answerPreflight(req: IncomingMessage, res: ServerResponse): Promise<void> {
  await drain(req, () => {});
  res.writeHead(204, {
    "Access-Control-Allow-Methods": "GET, POST",
    "Access-Control-Allow-Headers": "Authorization, Content-Type",
    "Access-Control-Max-Age": "600",
  });
  res.end();
}

/** A bug in the fake itself: answered as MiniMax's unknown error, with the reason, never a key. */
function send500(res: ServerResponse, reason: string): void {
  const reply = errorReply(StatusCode.unknownError, `fake server error: ${reason}`);
  if (reply.kind !== "body") return;
  res.writeHead(200, { "Content-Type": reply.contentType, "Content-Length": reply.body.byteLength });
  res.end(reply.body);
}
