// One client call in a process of its own, so a test can check what no in-process assertion can:
// that after the call settles nothing keeps the process alive (no leaked timer, socket or stream)
// and that nothing rejected unhandled. Plain JavaScript so the child needs no TypeScript loader.
//
// argv[2]: JSON ScenarioInput (see scenario.ts). stdout: one JSON line per event:
//   {"event":"log", ...}            a logger call
//   {"event":"result", ...}         how the call settled, and the resources still active right after
//   {"event":"unhandled", ...}      an unhandled rejection or uncaught exception
// The process is never told to exit: it must end by itself.
import { readFile } from "node:fs/promises";
import { inspect } from "node:util";
import {
  createMiniMaxFiles,
  MiniMaxApiError,
  MiniMaxConnectionError,
  MiniMaxError,
  MiniMaxTimeoutError,
  MiniMaxValidationError,
} from "@org/minimax-files";

const input = JSON.parse(process.argv[2] ?? "{}");
const emit = (event) => process.stdout.write(`${JSON.stringify({ ...event, at: Date.now() })}\n`);

process.on("unhandledRejection", (reason) =>
  emit({ event: "unhandled", type: "unhandledRejection", text: inspect(reason) }),
);
process.on("uncaughtException", (error) =>
  emit({ event: "unhandled", type: "uncaughtException", text: inspect(error) }),
);

const log = (level) => (msg, meta) =>
  emit({ event: "log", level, text: `${msg} ${meta === undefined ? "" : inspect(meta, { depth: null })}` });
const client = createMiniMaxFiles({
  apiKey: input.apiKey,
  baseUrl: input.baseUrl,
  logger: { debug: log("debug"), info: log("info"), warn: log("warn"), error: log("error") },
  ...input.clientOptions,
});

const abortReason = new Error("scenario: caller aborted mid-transfer");
const controller = new AbortController();
const requestOptions = { ...input.requestOptions };
let progressEvents = 0;
if (input.abortAfterBytes !== undefined) {
  requestOptions.signal = controller.signal;
  requestOptions.onProgress = ({ loaded }) => {
    progressEvents++;
    if (loaded >= input.abortAfterBytes && !controller.signal.aborted) controller.abort(abortReason);
  };
}

async function call() {
  const args = input.args ?? {};
  switch (input.operation) {
    case "list":
      return client.list({ purpose: args.purpose }, requestOptions);
    case "retrieve":
      return client.retrieve(args.fileId, requestOptions);
    case "retrieveContent": {
      const response = await client.retrieveContent(args.fileId, requestOptions);
      const bytes = new Uint8Array(await response.arrayBuffer());
      return { status: response.status, bytes: bytes.byteLength };
    }
    case "download": {
      const result = await client.download(args.fileId, args.destinationPath, requestOptions);
      const written = await readFile(result.path);
      return { ...result, writtenBytes: written.byteLength };
    }
    case "upload":
      return client.upload({ purpose: args.purpose, file: args.path, filename: args.filename }, requestOptions);
    case "delete":
      return client.delete(args.fileId, { ...requestOptions, purpose: args.purpose });
    // Controls: prove the parent's checks can fail. A leaked timer must keep the process alive, and
    // an unhandled rejection must be reported.
    case "control-leaked-timer":
      setTimeout(() => {}, 60_000);
      return client.list({ purpose: "t2a_async_input" }, requestOptions);
    case "control-unhandled-rejection":
      Promise.reject(new Error("control: nobody handles this"));
      return client.list({ purpose: "t2a_async_input" }, requestOptions);
    default:
      throw new Error(`unknown scenario operation ${input.operation}`);
  }
}

function describeError(error) {
  return {
    name: error?.name,
    message: error?.message,
    isMiniMaxError: error instanceof MiniMaxError,
    isApiError: error instanceof MiniMaxApiError,
    isConnectionError: error instanceof MiniMaxConnectionError,
    isTimeoutError: error instanceof MiniMaxTimeoutError,
    isValidationError: error instanceof MiniMaxValidationError,
    isAbortReason: error === abortReason,
    kind: error?.kind,
    code: error?.code ?? null,
    httpStatus: error?.httpStatus,
    traceId: error?.traceId,
    operation: error?.operation,
    inspect: inspect(error, { depth: null, showHidden: true }),
    json: JSON.stringify(error) ?? null,
    causeInspect: error?.cause === undefined ? null : inspect(error.cause, { depth: null, showHidden: true }),
  };
}

const toJson = (value) =>
  JSON.parse(JSON.stringify(value, (_key, item) => (typeof item === "bigint" ? `${item}n` : item)));

try {
  const value = await call();
  emit({ event: "result", ok: true, value: toJson(value), progressEvents, active: process.getActiveResourcesInfo() });
} catch (error) {
  emit({
    event: "result",
    ok: false,
    error: describeError(error),
    progressEvents,
    active: process.getActiveResourcesInfo(),
  });
}
