/**
 * `spec:update`: the drift check, then everything it implies, all or nothing.
 *
 * Every step runs against a scratch copy of spec/ (write the new vendored files → merge → overlay
 * → merged spec → types → changeset). Only when all of them succeeded are the results moved into
 * the working tree: each file is first written next to its target and then renamed over it, and
 * any failure on the way puts back what was there. A failing step leaves the tree as it was.
 */
import { cp, mkdtemp, readFile, rename, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { parse } from "yaml";
import { buildSpec, generateAll } from "../generate.js";
import { MergeError } from "../merge.js";
import { type OverlayDocument, OverlayError } from "../overlay.js";
import { type Bump, bumpFor, type Change } from "./changes.js";
import { changesetFileName, fixedPackages, renderChangeset } from "./changeset.js";
import { checkDrift, type DriftOptions } from "./check.js";
import { unnecessaryOverlayActions } from "./overlay-report.js";

/** A step of the update failed; nothing in the working tree was changed. */
export class UpdateError extends Error {
  override name = "UpdateError";
}

export interface UpdateResult {
  changes: Change[];
  bump: Bump;
  /** Files rewritten, relative to the root. */
  written: string[];
  changesetFile?: string;
  /** Overlay actions that, applied alone to the new upstream document, change nothing. */
  unnecessaryActions: string[];
  /** What the merge tolerated but a reviewer should know (pages disagreeing on `servers`). */
  notices: string[];
}

export async function updateSpec(options: DriftOptions): Promise<UpdateResult> {
  const report = await checkDrift(options);
  const bump = bumpFor(report.changes);
  if (report.changes.length === 0) return { changes: [], bump, written: [], unnecessaryActions: [], notices: [] };

  const stage = await mkdtemp(path.join(tmpdir(), "minimax-spec-update-"));
  try {
    const stagedSpec = path.join(stage, "spec");
    await cp(path.join(options.root, "spec"), stagedSpec, { recursive: true });
    const outputs = new Map<string, string>();
    for (const operation of report.operations) {
      if (operation.changes.length === 0) continue;
      await writeFile(path.join(stagedSpec, operation.source.file), operation.upstreamText);
      outputs.set(path.posix.join("spec", operation.source.file), operation.upstreamText);
    }

    let generated: Map<string, string>;
    const notices: string[] = [];
    try {
      generated = await generateAll({ specDir: stagedSpec, notices });
    } catch (error) {
      if (error instanceof OverlayError) {
        throw new UpdateError(
          `${error.message}\nIf upstream fixed that defect, delete the action from spec/overlay.yaml; if its target moved, ` +
            "point the action at the new place. Then run `pnpm spec:update` again.",
        );
      }
      if (error instanceof MergeError) {
        throw new UpdateError(
          `${error.message}\nThe pages now disagree with each other and the merge will not pick one: compare them ` +
            "(`pnpm spec:check`) and decide with the team before vendoring.",
        );
      }
      throw error;
    }
    for (const [file, content] of generated) {
      const current = await readFile(path.join(options.root, file), "utf8").catch(() => undefined);
      if (current !== content) outputs.set(file, content);
    }

    const overlay = parse(await readFile(path.join(stagedSpec, "overlay.yaml"), "utf8")) as OverlayDocument;
    const upstreamOnly = await buildSpec({ specDir: stagedSpec, withoutOverlay: true });
    const unnecessaryActions = await unnecessaryOverlayActions(upstreamOnly, overlay);

    let changesetFile: string | undefined;
    if (bump !== "none") {
      changesetFile = changesetFileName(report.operations.map((operation) => operation.upstreamText));
      outputs.set(changesetFile, renderChangeset(await fixedPackages(options.root), bump, report.changes));
    }

    await moveIntoPlace(options.root, outputs);
    return {
      changes: report.changes,
      bump,
      written: [...outputs.keys()],
      changesetFile,
      unnecessaryActions,
      notices: [...new Set(notices)],
    };
  } finally {
    await rm(stage, { recursive: true, force: true });
  }
}

/** Writes every file beside its target, then renames each over it; undoes everything on failure. */
async function moveIntoPlace(root: string, files: Map<string, string>): Promise<void> {
  const suffix = `.spec-update-${process.pid}`;
  const originals = new Map<string, string | undefined>();
  const pending: string[] = [];
  try {
    for (const [file, content] of files) {
      const target = path.join(root, file);
      originals.set(target, await readFile(target, "utf8").catch(() => undefined));
      await writeFile(`${target}${suffix}`, content);
      pending.push(target);
    }
  } catch (error) {
    await Promise.all(pending.map((target) => rm(`${target}${suffix}`, { force: true })));
    throw new UpdateError(`could not write into ${root}: ${error instanceof Error ? error.message : error}`);
  }
  const moved: string[] = [];
  try {
    for (const target of pending) {
      await rename(`${target}${suffix}`, target);
      moved.push(target);
    }
  } catch (error) {
    for (const target of moved) {
      const original = originals.get(target);
      if (original === undefined) await rm(target, { force: true });
      else await writeFile(target, original);
    }
    await Promise.all(pending.map((target) => rm(`${target}${suffix}`, { force: true })));
    throw new UpdateError(`could not move files into ${root}: ${error instanceof Error ? error.message : error}`);
  }
}
