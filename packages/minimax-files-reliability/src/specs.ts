/**
 * The OpenAPI documents the contract tests serve through Prism: the committed merged spec, the
 * upstream documents merged without the overlay, and "all actions but one" variants that show what
 * each overlay action alone fixes. Built with the spec pipeline's own functions (@org/minimax-files-scripts), so
 * the variants differ from the committed spec only by the actions left out.
 */
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { buildSpec, serializeSpec } from "@org/minimax-files-scripts/generate";
import { applyOverlay, type OverlayDocument } from "@org/minimax-files-scripts/overlay";
import { parse } from "yaml";

export const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));
export const mergedSpecPath = path.join(repoRoot, "spec/minimax-files.openapi.yaml");
export const overlayPath = path.join(repoRoot, "spec/overlay.yaml");

export async function loadOverlay(): Promise<OverlayDocument> {
  return parse(await readFile(overlayPath, "utf8")) as OverlayDocument;
}

/** A folder of generated spec files that removes itself. */
export interface SpecFolder {
  readonly dir: string;
  write(name: string, doc: unknown): Promise<string>;
  remove(): Promise<void>;
}

export async function createSpecFolder(): Promise<SpecFolder> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "minimax-contract-"));
  return {
    dir,
    async write(name, doc) {
      const file = path.join(dir, `${name}.yaml`);
      await writeFile(file, serializeSpec(doc as Parameters<typeof serializeSpec>[0], name));
      return file;
    },
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}

/** The five upstream documents merged as published: no overlay. */
/** A merged OpenAPI document, as the spec pipeline types it. */
type SpecDocument = ReturnType<typeof buildSpec>;

export function upstreamWithoutOverlay(): SpecDocument {
  return buildSpec({ withoutOverlay: true });
}

/** The merged upstream documents with every overlay action except the one at `skipIndex`. */
export async function withoutOverlayAction(skipIndex: number): SpecDocument {
  const overlay = await loadOverlay();
  const upstream = await upstreamWithoutOverlay();
  return applyOverlay(upstream, { ...overlay, actions: overlay.actions.filter((_, index) => index !== skipIndex) });
}
