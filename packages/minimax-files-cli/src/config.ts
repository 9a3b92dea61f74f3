import { type ClientOptions, isLoopbackUrl } from "@org/minimax-files";
import { UsageError } from "./errors.js";

export const regions = ["global", "cn"] as const;
export type Region = (typeof regions)[number];

/** Connection flags shared by every command (the program's global options, in program.ts). */
export interface ConnectionFlags {
  apiKey?: string;
  baseUrl?: string;
  region?: Region;
  timeout?: number;
  retries?: number;
  allowInsecureHttp?: boolean;
}

/**
 * Client options from flags first, then MINIMAX_API_KEY / MINIMAX_BASE_URL / MINIMAX_REGION.
 * An endpoint given by flag (--base-url or --region) wins over either endpoint variable, so
 * `--region cn` works in a shell that exports MINIMAX_BASE_URL. Empty variables count as unset.
 */
export function clientOptions(flags: ConnectionFlags, env: NodeJS.ProcessEnv): ClientOptions<"bigint"> {
  const apiKey = flags.apiKey || env.MINIMAX_API_KEY;
  if (!apiKey) {
    throw new UsageError("no API key", "set MINIMAX_API_KEY (or pass --api-key); keys are at platform.minimax.io");
  }
  const options: ClientOptions<"bigint"> = { apiKey, ids: "bigint" };
  if (flags.baseUrl) options.baseUrl = flags.baseUrl;
  else if (flags.region) options.region = flags.region;
  else if (env.MINIMAX_BASE_URL) options.baseUrl = env.MINIMAX_BASE_URL;
  else if (env.MINIMAX_REGION) options.region = parseRegion(env.MINIMAX_REGION, "MINIMAX_REGION");
  if (options.baseUrl !== undefined) checkUrl(options.baseUrl, flags.allowInsecureHttp === true);
  if (flags.allowInsecureHttp) options.allowInsecureHttp = true;
  if (flags.timeout !== undefined) options.timeoutMs = flags.timeout;
  if (flags.retries !== undefined) options.maxRetries = flags.retries;
  return options;
}

function parseRegion(value: string, source: string): Region {
  if ((regions as readonly string[]).includes(value)) return value as Region;
  throw new UsageError(`${source} must be one of ${regions.join(", ")}, got ${JSON.stringify(value)}`);
}

function checkUrl(value: string, allowInsecureHttp: boolean): void {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`base URL is not a URL: ${JSON.stringify(value)}`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new UsageError(`base URL must be http(s): ${JSON.stringify(value)}`);
  }
  // The client's own loopback check (a copy here drifted once): the client would refuse the same
  // URL naming its option; the CLI says it first, naming its flag.
  if (url.protocol === "http:" && !allowInsecureHttp && !isLoopbackUrl(url)) {
    throw new UsageError(
      `refusing http://${url.host}: the API key would travel unencrypted`,
      "use https://, or pass --allow-insecure-http if this network is trusted",
    );
  }
}
