/**
 * Drives every client operation once against a Prism mock and says, per operation, whether it
 * held the contract: the call succeeded, Prism reported no violation, and what came back is what
 * the spec's examples promise. Used to show what each overlay action fixes.
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { createMiniMaxFiles, MiniMaxApiError } from "@org/minimax-files";
import type { PrismServer } from "./prism.js";
import type { Collector } from "./secrets.js";

/** The id every `example` in the overlaid spec uses, so the one Prism's static mocks return. */
export const EXAMPLE_FILE_ID = 307593383186476;
/** What Prism's static mock sends for a `type: string, format: binary` body. */
export const PRISM_BINARY_BODY = "string";

export const probedOperations = ["upload", "list", "retrieve", "retrieveContent", "download", "delete"] as const;
export type ProbedOperation = (typeof probedOperations)[number];

/** undefined: the operation held the contract; otherwise why it did not. */
export type ProbeReport = Record<ProbedOperation, string | undefined>;

export async function probeContract(prism: PrismServer, apiKey: string, collector: Collector): Promise<ProbeReport> {
  // Prism names a violation in its answer (the `sl-violations` header for a response, a
  // problem+json body for a request), which the client's errors rightly do not carry: a fetch
  // wrapper keeps both as evidence. Read with the response, they cannot be misattributed, as
  // Prism's log lines (written after the response has gone) could be.
  const evidence: string[] = [];
  const recordingFetch: typeof fetch = async (input, init) => {
    const response = await fetch(input, init);
    const violations = response.headers.get("sl-violations");
    if (violations) evidence.push(violations);
    if (/problem\+json/.test(response.headers.get("content-type") ?? "")) evidence.push(await response.clone().text());
    return response;
  };
  const client = createMiniMaxFiles({
    apiKey,
    baseUrl: prism.url,
    maxRetries: 0,
    logger: collector.logger,
    fetch: recordingFetch,
  });
  const dir = await mkdtemp(path.join(os.tmpdir(), "minimax-probe-"));
  const check = async (run: () => Promise<string | undefined>): Promise<string | undefined> => {
    let problem: string | undefined;
    try {
      problem = await run();
    } catch (error) {
      collector.error(error);
      problem =
        error instanceof MiniMaxApiError
          ? `MiniMaxApiError HTTP ${error.httpStatus}: ${error.message}`
          : `${(error as Error).name}: ${(error as Error).message}`;
    }
    const violations = evidence.splice(0);
    if (violations.length > 0) problem = [problem, ...violations].filter(Boolean).join(" | ");
    return problem;
  };
  try {
    const report: ProbeReport = {
      upload: await check(async () => {
        const file = await client.upload({
          purpose: "t2a_async_input",
          file: new TextEncoder().encode("hello"),
          filename: "input.txt",
        });
        return file.file_id === EXAMPLE_FILE_ID ? undefined : `unexpected file_id ${String(file.file_id)}`;
      }),
      list: await check(async () => {
        const files = await client.list({ purpose: "t2a_async_input" });
        return files.length === 2 && files.every((file) => file.file_id === EXAMPLE_FILE_ID)
          ? undefined
          : `unexpected files ${JSON.stringify(files)}`;
      }),
      retrieve: await check(async () => {
        const file = await client.retrieve(EXAMPLE_FILE_ID);
        return file.file_id === EXAMPLE_FILE_ID ? undefined : `unexpected file_id ${String(file.file_id)}`;
      }),
      retrieveContent: await check(async () => {
        const response = await client.retrieveContent(EXAMPLE_FILE_ID);
        const type = response.headers.get("content-type");
        const body = await response.text();
        if (type !== "application/octet-stream") return `content-type ${type}, body ${JSON.stringify(body)}`;
        return body === PRISM_BINARY_BODY ? undefined : `body ${JSON.stringify(body)}`;
      }),
      download: await check(async () => {
        const destination = path.join(dir, "download.bin");
        const result = await client.download(EXAMPLE_FILE_ID, destination);
        const written = await readFile(destination, "utf8");
        if (written !== PRISM_BINARY_BODY) return `wrote ${JSON.stringify(written)} (${result.bytes} bytes)`;
        return undefined;
      }),
      delete: await check(async () => {
        const result = await client.delete(EXAMPLE_FILE_ID, { purpose: "t2a_async_input" });
        return result.file_id === EXAMPLE_FILE_ID ? undefined : `unexpected file_id ${String(result.file_id)}`;
      }),
    };
    return report;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The operations whose contract failed. */
export function failing(report: ProbeReport): ProbedOperation[] {
  return probedOperations.filter((operation) => report[operation] !== undefined);
}
