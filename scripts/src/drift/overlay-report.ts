/**
 * Overlay fixes that upstream has made unnecessary. Each action is applied on its own to the new
 * merged upstream document; one that changes nothing there (its `update` is already what upstream
 * publishes) fixes nothing any more and can be dropped. Actions that stop matching altogether are
 * not judged here: applying the whole overlay already failed on them, naming them.
 */
import { isDeepStrictEqual } from "node:util";
import type { OpenApiDocument } from "../merge.js";
import { applyOverlay, describeAction, type OverlayDocument } from "../overlay.js";

export async function unnecessaryOverlayActions(merged: OpenApiDocument, overlay: OverlayDocument): Promise<string[]> {
  const unnecessary: string[] = [];
  for (const [index, action] of overlay.actions.entries()) {
    let result: OpenApiDocument;
    try {
      result = await applyOverlay(merged, { ...overlay, actions: [action] });
    } catch {
      // Matches only after an earlier action has run (e.g. it targets what that one added).
      continue;
    }
    if (isDeepStrictEqual(result, merged)) unnecessary.push(describeAction(action, index));
  }
  return unnecessary;
}
