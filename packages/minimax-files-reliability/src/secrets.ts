/**
 * One distinctive API key for the whole suite, and a collector every test feeds with what the
 * client lets out: error messages, `util.inspect` and `JSON.stringify` of errors (cause chains
 * included), and logger lines. The collector appends to files under reports/secret-scan/, so
 * the last test file (test/secrets.test.ts, ordered last by vitest.config.ts) can search what
 * every other file produced, across workers and child processes.
 */
import { appendFileSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { inspect } from "node:util";
import { inject } from "vitest";

/** Long and unlike anything else the suite prints, so a hit can only be a leak. */
export const SECRET_API_KEY = "mmx-reliability-5ecret-7f3c9a1e5b2d4c60a8e1";

/** The key and the encodings a leak could take on its way into a message. */
export function secretForms(key: string = SECRET_API_KEY): string[] {
  return [
    key,
    encodeURIComponent(key),
    Buffer.from(key).toString("base64"),
    Buffer.from(`Bearer ${key}`).toString("base64"),
  ];
}

/** This run's folder of collected text (see test/global-setup.ts). */
const scanDir = () => inject("secretScanDir");

export interface CollectedText {
  /** Test file (or scenario) that produced the text. */
  source: string;
  /** message | inspect | json | string | stack | log */
  form: string;
  text: string;
}

export function readCollected(): CollectedText[] {
  let files: string[];
  try {
    files = readdirSync(scanDir()).filter((file) => file.endsWith(".jsonl"));
  } catch {
    return [];
  }
  return files.flatMap((file) =>
    readFileSync(path.join(scanDir(), file), "utf8")
      .split("\n")
      .filter(Boolean)
      .map((line) => JSON.parse(line) as CollectedText),
  );
}

export interface Collector {
  /** Records everything a caller could print of `error`, following its `cause` chain. */
  error(error: unknown): void;
  text(form: string, text: string): void;
  /** A client logger that records every line (message and metadata). */
  readonly logger: Required<Logger>;
}

type LogMethod = (msg: string, meta?: object) => void;
interface Logger {
  debug?: LogMethod;
  info?: LogMethod;
  warn?: LogMethod;
  error?: LogMethod;
}

export function createCollector(source: string): Collector {
  const file = path.join(scanDir(), `${source.replace(/[^\w.-]/g, "_")}-${process.pid}.jsonl`);
  const text = (form: string, value: string) => {
    appendFileSync(file, `${JSON.stringify({ source, form, text: value } satisfies CollectedText)}\n`);
  };
  const error = (value: unknown) => {
    const seen = new Set<unknown>();
    let current: unknown = value;
    while (current !== undefined && current !== null && !seen.has(current)) {
      seen.add(current);
      if (current instanceof Error) {
        text("message", current.message);
        text("stack", current.stack ?? "");
      }
      text(
        "string",
        safe(() => String(current)),
      );
      text("inspect", inspect(current, { depth: Number.POSITIVE_INFINITY, showHidden: true }));
      text(
        "json",
        safe(() => JSON.stringify(current) ?? "undefined"),
      );
      current = (current as { cause?: unknown }).cause;
    }
  };
  const log =
    (level: string): LogMethod =>
    (msg, meta) =>
      text(
        "log",
        `${level} ${msg}${meta === undefined ? "" : ` ${inspect(meta, { depth: Number.POSITIVE_INFINITY })}`}`,
      );
  return {
    error,
    text,
    logger: { debug: log("debug"), info: log("info"), warn: log("warn"), error: log("error") },
  };
}

function safe(render: () => string): string {
  try {
    return render();
  } catch (error) {
    return `<render threw: ${(error as Error).message}>`;
  }
}
