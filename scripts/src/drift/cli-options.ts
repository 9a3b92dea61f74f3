/** Options shared by `spec:check` and `spec:update` (node:util's parseArgs: strict, no extra deps). */
import path from "node:path";
import { type ParseArgsConfig, parseArgs } from "node:util";
import { repoRoot } from "../paths.js";
import { DEFAULT_TIMEOUT_MS, parseOrigin, UpstreamError } from "./fetch-pages.js";

export interface CommonOptions {
  root: string;
  origin?: string;
  timeoutMs: number;
  retryDelayMs?: number;
}

export class UsageError extends Error {
  override name = "UsageError";
}

export const COMMON_USAGE = `  --upstream <origin>     fetch the pages from this origin instead of platform.minimax.io, keeping each
                          page's path from spec/sources.yaml (env: MINIMAX_DOCS_ORIGIN)
  --timeout-ms <n>        per-attempt timeout of each page fetch (default ${DEFAULT_TIMEOUT_MS}); a failed fetch is retried once
  --retry-delay-ms <n>    pause before that retry (default 1000)
  --root <dir>            repository root whose spec/ is compared (default: this checkout)
  -h, --help              show this help`;

const COMMON_OPTIONS = {
  upstream: { type: "string" },
  "timeout-ms": { type: "string" },
  "retry-delay-ms": { type: "string" },
  root: { type: "string" },
  help: { type: "boolean", short: "h" },
} satisfies ParseArgsConfig["options"];

export function parseCommandLine(argv: string[], extra: ParseArgsConfig["options"] = {}) {
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({ args: argv, options: { ...COMMON_OPTIONS, ...extra }, strict: true, allowPositionals: false })
      .values as Record<string, string | boolean | undefined>;
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const milliseconds = (name: string): number | undefined => {
    const raw = values[name];
    if (typeof raw !== "string") return undefined;
    const value = Number(raw);
    if (!Number.isInteger(value) || value <= 0)
      throw new UsageError(`--${name}: expected a positive whole number of milliseconds, got "${raw}"`);
    return value;
  };
  const originValue =
    typeof values.upstream === "string" ? values.upstream : process.env.MINIMAX_DOCS_ORIGIN || undefined;
  let origin: string | undefined;
  try {
    origin = originValue === undefined ? undefined : parseOrigin(originValue);
  } catch (error) {
    if (error instanceof UpstreamError) throw new UsageError(error.message);
    throw error;
  }
  // pnpm runs scripts from scripts/; a relative --root is relative to where the command was typed.
  const base = process.env.INIT_CWD ?? process.cwd();
  const options: CommonOptions = {
    root: typeof values.root === "string" ? path.resolve(base, values.root) : repoRoot,
    origin,
    timeoutMs: milliseconds("timeout-ms") ?? DEFAULT_TIMEOUT_MS,
    retryDelayMs: milliseconds("retry-delay-ms"),
  };
  return { options, values, help: values.help === true };
}
