/**
 * Runs one client call in a child process (src/scenario-child.mjs) and reports how it settled,
 * what it logged, whether anything rejected unhandled, and whether the process then exited by
 * itself within a bound: a leaked timer, socket or unconsumed body would keep it alive.
 */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

export interface ScenarioInput {
  baseUrl: string;
  apiKey: string;
  operation:
    | "list"
    | "retrieve"
    | "retrieveContent"
    | "download"
    | "upload"
    | "delete"
    | "control-leaked-timer"
    | "control-unhandled-rejection";
  args?: Record<string, unknown>;
  clientOptions?: { maxRetries?: number; timeoutMs?: number; ids?: "number" | "string" | "bigint" };
  requestOptions?: { maxRetries?: number; timeoutMs?: number };
  /** Abort through the call's signal once onProgress reports at least this many bytes. */
  abortAfterBytes?: number;
}

export interface ScenarioError {
  name: string;
  message: string;
  isMiniMaxError: boolean;
  isApiError: boolean;
  isConnectionError: boolean;
  isTimeoutError: boolean;
  isValidationError: boolean;
  /** The rejection is the very reason passed to `abort()`. */
  isAbortReason: boolean;
  kind?: string;
  /** null when the error has none (JSON cannot carry undefined). */
  code?: number | null;
  httpStatus?: number;
  traceId?: string;
  operation?: string;
  inspect: string;
  json: string | null;
  causeInspect: string | null;
}

export type ScenarioResult =
  | { ok: true; value: unknown; progressEvents: number; active: string[] }
  | { ok: false; error: ScenarioError; progressEvents: number; active: string[] };

export interface ScenarioOutcome {
  /** Undefined when the child died before settling the call. */
  result: ScenarioResult | undefined;
  logs: string[];
  unhandled: string[];
  /** The child ended on its own within `exitWithinMs` of settling (not killed by us). */
  exitedByItself: boolean;
  exitCode: number | null;
  stderr: string;
}

const childScript = fileURLToPath(new URL("./scenario-child.mjs", import.meta.url));

export interface RunScenarioOptions {
  /** How long after settling the child may take to exit before it counts as kept alive. */
  exitWithinMs?: number;
  /** Hard cap for the whole run. */
  killAfterMs?: number;
  /** Node flags for the child, e.g. `--max-old-space-size=64` to prove a call's memory is bounded. */
  nodeOptions?: string[];
}

export function runScenario(input: ScenarioInput, options: RunScenarioOptions = {}): Promise<ScenarioOutcome> {
  // A leak keeps the child alive for good; 15 s only absorbs a starved machine (5 s was exceeded
  // by children that did exit, with two suites running side by side).
  const exitWithinMs = options.exitWithinMs ?? 15_000;
  const killAfterMs = options.killAfterMs ?? 120_000;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...(options.nodeOptions ?? []), childScript, JSON.stringify(input)], {
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, MINIMAX_API_KEY: "" },
    });
    const outcome: ScenarioOutcome = {
      result: undefined,
      logs: [],
      unhandled: [],
      exitedByItself: false,
      exitCode: null,
      stderr: "",
    };
    let killedByUs = false;
    const kill = () => {
      killedByUs = true;
      child.kill("SIGKILL");
    };
    const hardCap = setTimeout(kill, killAfterMs);
    let exitTimer: NodeJS.Timeout | undefined;
    let buffered = "";
    child.stdout.on("data", (chunk: Buffer) => {
      buffered += chunk.toString("utf8");
      const lines = buffered.split("\n");
      buffered = lines.pop() ?? "";
      for (const line of lines) {
        if (!line) continue;
        const event = JSON.parse(line) as { event: string; text?: string } & Record<string, unknown>;
        if (event.event === "log") outcome.logs.push(String(event.text));
        else if (event.event === "unhandled") outcome.unhandled.push(String(event.text));
        else if (event.event === "result") {
          const { event: _event, at: _at, ...result } = event;
          outcome.result = result as unknown as ScenarioResult;
          exitTimer = setTimeout(kill, exitWithinMs);
        }
      }
    });
    child.stderr.on("data", (chunk: Buffer) => {
      outcome.stderr += chunk.toString("utf8");
    });
    child.once("error", reject);
    child.once("close", (code) => {
      clearTimeout(hardCap);
      clearTimeout(exitTimer);
      outcome.exitCode = code;
      outcome.exitedByItself = !killedByUs && outcome.result !== undefined;
      resolve(outcome);
    });
  });
}
