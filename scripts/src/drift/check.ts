/**
 * The drift check: fetch every page in spec/sources.yaml, extract its embedded OpenAPI YAML and
 * compare it, structurally, with the vendored copy. Reads only; `spec:update` builds on it.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { parse } from "yaml";
import { ExtractError, extractEmbeddedSpec } from "../extract.js";
import { loadSources, type SourceOperation } from "../sources.js";
import type { Change } from "./changes.js";
import { compareDocuments, type ParsedDocument } from "./classify/index.js";
import { type FetchOptions, fetchPages, UpstreamError } from "./fetch-pages.js";

/** The check could not run to the end: exit 2, with a message naming the page or file. */
export class CheckError extends Error {
  override name = "CheckError";
}

export interface DriftOptions extends FetchOptions {
  /** Repository root holding spec/ (tests point this at a scratch copy). */
  root: string;
}

export interface OperationDrift {
  source: SourceOperation;
  url: string;
  vendoredText: string;
  upstreamText: string;
  changes: Change[];
}

export interface DriftReport {
  operations: OperationDrift[];
  changes: Change[];
}

export function parseOpenApi(text: string, where: string): unknown {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (error) {
    throw new CheckError(
      `${where}: the embedded YAML does not parse: ${error instanceof Error ? error.message : error}`,
    );
  }
  if (typeof doc !== "object" || doc === null || !("openapi" in doc)) {
    throw new CheckError(`${where}: the embedded YAML is not an OpenAPI document (no \`openapi\` field)`);
  }
  return doc;
}

export async function checkDrift(options: DriftOptions): Promise<DriftReport> {
  const specDir = path.join(options.root, "spec");
  let sources: SourceOperation[];
  try {
    sources = await loadSources(specDir);
  } catch (error) {
    throw new CheckError(`${path.join(specDir, "sources.yaml")}: ${error instanceof Error ? error.message : error}`);
  }
  let pages: Awaited<ReturnType<typeof fetchPages>>;
  try {
    pages = await fetchPages(sources, options);
  } catch (error) {
    if (error instanceof UpstreamError) throw new CheckError(`could not fetch upstream:\n${error.message}`);
    throw error;
  }

  const results = await Promise.allSettled(
    pages.map(async ({ source, url, markdown }): Promise<OperationDrift> => {
      const where = `${source.name} page ${url}`;
      let upstreamText: string;
      try {
        upstreamText = extractEmbeddedSpec(markdown, where).yaml;
      } catch (error) {
        if (error instanceof ExtractError) throw new CheckError(error.message);
        throw error;
      }
      const vendoredFile = path.join(specDir, source.file);
      const vendoredText = await readFile(vendoredFile, "utf8").catch((error: NodeJS.ErrnoException) => {
        throw new CheckError(`${vendoredFile}: cannot read the vendored copy (${error.code ?? error.message})`);
      });
      const upstream: ParsedDocument = { text: upstreamText, doc: parseOpenApi(upstreamText, where) };
      const vendored: ParsedDocument = { text: vendoredText, doc: parseOpenApi(vendoredText, vendoredFile) };
      return { source, url, vendoredText, upstreamText, changes: compareDocuments(source.name, vendored, upstream) };
    }),
  );
  // Name every page that could not be checked, not just the first.
  const failures = results.flatMap((result) => (result.status === "rejected" ? [result.reason] : []));
  if (failures.length > 0) {
    if (failures.every((failure) => failure instanceof CheckError)) {
      throw new CheckError(failures.map((failure: CheckError) => failure.message).join("\n"));
    }
    throw failures.find((failure) => !(failure instanceof CheckError));
  }
  const operations = results.map((result) => (result as PromiseFulfilledResult<OperationDrift>).value);
  return { operations, changes: operations.flatMap((operation) => operation.changes) };
}
