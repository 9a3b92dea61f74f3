import { openapiOverlay } from "openapi-format";
import type { OpenApiDocument } from "./merge.js";

export interface OverlayAction {
  [extension: `x-${string}`]: unknown;
  target: string;
  description?: string;
  update?: unknown;
  remove?: boolean;
}

export interface OverlayDocument {
  [key: string]: unknown;
  overlay: string;
  info: { title: string; version: string };
  actions: OverlayAction[];
}

export class OverlayError extends Error {
  override name = "OverlayError";
}

export function describeAction(action: OverlayAction, index: number): string {
  const what = action.description?.split("\n")[0]?.trim();
  return `overlay action #${index + 1}${what ? ` "${what}"` : ""} (target ${action.target})`;
}

/**
 * Applies an OpenAPI Overlay 1.0 document with openapi-format's implementation. An action whose
 * target matches nothing means upstream changed under the fix: fail loudly, naming the action,
 * rather than ship a spec with the defect silently back.
 */
export async function applyOverlay(doc: OpenApiDocument, overlay: OverlayDocument): Promise<OpenApiDocument> {
  if (!/^1\.0\.\d+$/.test(String(overlay.overlay))) {
    throw new OverlayError(`spec/overlay.yaml: expected an Overlay 1.0.x document, got "${overlay.overlay}"`);
  }
  const input = structuredClone(doc);
  const { data, resultData } = await openapiOverlay(input, { overlaySet: overlay });
  const unused = resultData.unusedActions as OverlayAction[];
  if (unused.length > 0) {
    const names = unused.map((action) => describeAction(action, overlay.actions.indexOf(action)));
    throw new OverlayError(`overlay action no longer matches the upstream spec:\n  ${names.join("\n  ")}`);
  }
  return data as OpenApiDocument;
}
