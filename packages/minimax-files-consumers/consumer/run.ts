/**
 * `run <baseUrl> <apiKey>` on a server-side runtime (Node, Bun, Deno): prints one JSON line, the
 * runtime and the round trip's passed steps, or the error on stderr with exit code 1.
 */
import process from "node:process";
import { roundTripWithFiles, runtimeName } from "./with-files.js";

const [baseUrl, apiKey] = process.argv.slice(2);
roundTripWithFiles(baseUrl ?? "", apiKey ?? "").then(
  (steps) => {
    process.stdout.write(`${JSON.stringify({ runtime: runtimeName(), steps })}\n`);
  },
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
