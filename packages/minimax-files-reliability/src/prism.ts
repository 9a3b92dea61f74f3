/**
 * A real Prism mock server (`prism mock --errors`) in a child process on 127.0.0.1.
 *
 * `--errors` turns every request violation into a 4xx and every response violation (an example
 * that does not fit its own schema) into a 500, so a contract breach surfaces as a failed call,
 * and the log lines Prism writes for each violation are kept so a test can also assert that none
 * happened even when the client would have swallowed the status.
 */
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

export interface PrismServer {
  /** Base URL, e.g. http://127.0.0.1:40123 */
  readonly url: string;
  readonly pid: number;
  /** Requests Prism logged as received since it started. */
  readonly requestCount: number;
  /** Violation and error lines logged since the previous call (the collected lines are cleared). */
  takeViolations(): string[];
  /**
   * Resolves once Prism has logged nothing for `quietMs`. Prism writes a request's closing log
   * line after the response has gone out, so read violations only after this.
   */
  settle(quietMs?: number): Promise<void>;
  /**
   * Resolves with the collected violation lines (taking them) once one matches `pattern`; rejects
   * after `timeoutMs`. For a test that provokes a violation on purpose and must not leave its late
   * log lines to the next test.
   */
  waitForViolation(pattern: RegExp, timeoutMs?: number): Promise<string[]>;
  /** Every log line so far (ANSI stripped), for failure messages. */
  log(): string;
  close(): Promise<void>;
}

export interface StartPrismOptions {
  /** Node binary that runs Prism; defaults to $PRISM_NODE, then the current one. */
  node?: string;
  readyTimeoutMs?: number;
}

const ANSI = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, "g");
const LISTENING = /Prism is listening on (http:\/\/127\.0\.0\.1:\d+)/;
// Prism's log markers for a rejected request or an invalid response (--errors turns both into
// error responses; these lines also name the offending field).
const VIOLATION = /\[VALIDATOR\].*✖|Request terminated with error|Response body .* must|✖ {2}error/;
const MAX_LOG_CHARS = 4 * 1024 * 1024;

export function prismEntry(): string {
  const require = createRequire(import.meta.url);
  const manifestPath = require.resolve("@stoplight/prism-cli/package.json");
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as { bin: { prism: string } };
  return path.join(path.dirname(manifestPath), manifest.bin.prism);
}

export async function startPrism(specPath: string, options: StartPrismOptions = {}): Promise<PrismServer> {
  const node = options.node ?? process.env.PRISM_NODE ?? process.execPath;
  // Generous: under a second suite's load Prism took over 30 s to start.
  const readyTimeoutMs = options.readyTimeoutMs ?? 120_000;
  const entry = prismEntry();
  // The launcher exits when its stdin closes, which happens when this process dies however it
  // dies (even SIGKILL), so a crashed test worker never leaves an orphaned Prism behind.
  const launcher = `process.stdin.on("end", () => process.exit(0)).resume(); process.argv.splice(1, 0, ${JSON.stringify(entry)}); require(${JSON.stringify(entry)});`;
  // Port 0: the OS picks a free port and Prism logs the one it got, so there is no probe-then-bind race.
  const args = ["mock", "--host", "127.0.0.1", "--port", "0", "--errors", specPath];
  const child = spawn(node, ["-e", launcher, "--", ...args], {
    stdio: ["pipe", "pipe", "pipe"],
    env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0", DO_NOT_TRACK: "1", SCARF_ANALYTICS: "false" },
  });

  let log = "";
  let pending: string[] = [];
  let requestCount = 0;
  let partial = "";
  let lastOutputAt = Date.now();
  const onChunk = (chunk: Buffer) => {
    lastOutputAt = Date.now();
    const text = partial + chunk.toString("utf8").replace(ANSI, "");
    const lines = text.split("\n");
    partial = lines.pop() ?? "";
    for (const line of lines) {
      if (log.length < MAX_LOG_CHARS) log += `${line}\n`;
      if (line.includes("Request received")) requestCount++;
      if (VIOLATION.test(line)) pending.push(line.trim());
    }
  };
  child.stdout?.on("data", onChunk);
  child.stderr?.on("data", onChunk);

  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));

  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      fail(new Error(`Prism did not report listening within ${readyTimeoutMs} ms:\n${log}${partial}`));
    }, readyTimeoutMs);
    const onData = () => {
      const match = LISTENING.exec(log);
      if (match?.[1]) {
        cleanup();
        resolve(match[1]);
      }
    };
    const onExit = (code: number | null, signal: string | null) =>
      fail(new Error(`Prism exited before listening (code ${code}, signal ${signal}):\n${log}${partial}`));
    const onError = (error: Error) => fail(error);
    function cleanup() {
      clearTimeout(timer);
      child.stdout?.off("data", onData);
      child.off("exit", onExit);
      child.off("error", onError);
    }
    function fail(error: Error) {
      cleanup();
      child.kill("SIGKILL");
      reject(error);
    }
    child.stdout?.on("data", onData);
    child.once("exit", onExit);
    child.once("error", onError);
  });

  return {
    url,
    pid: child.pid ?? -1,
    get requestCount() {
      return requestCount;
    },
    takeViolations() {
      const taken = pending;
      pending = [];
      return taken;
    },
    log: () => log,
    async waitForViolation(pattern, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      let seen: string[] = [];
      for (;;) {
        seen = [...seen, ...pending];
        pending = [];
        if (seen.some((line) => pattern.test(line))) return seen;
        if (Date.now() > deadline)
          throw new Error(`Prism logged no violation matching ${pattern}; got:\n${seen.join("\n")}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    async settle(quietMs = 100) {
      const deadline = Date.now() + 5_000;
      while (Date.now() - lastOutputAt < quietMs && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, quietMs - (Date.now() - lastOutputAt)));
      }
    },
    async close() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      const forced = setTimeout(() => child.kill("SIGKILL"), 3_000);
      await exited;
      clearTimeout(forced);
    },
  };
}
