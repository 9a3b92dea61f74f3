/**
 * MiniMax's envelope: every JSON answer carries `base_resp: { status_code, status_msg }` and most
 * failures arrive as HTTP 200 with a non-zero `status_code`. This module turns one complete
 * response body into either the decoded JSON or a typed error; it never lets a `SyntaxError` or
 * `TypeError` from a malformed body escape. Whether an error is worth retrying is retry.ts's call.
 */
import type { BaseResp } from "@org/minimax-files-types";
import { MiniMaxApiError, MiniMaxError, type MiniMaxOperation, MiniMaxResponseError } from "./errors.js";
import { type IdsMode, parseMiniMaxJson } from "./ids.js";

export interface EnvelopeContext {
  operation: MiniMaxOperation;
  ids: IdsMode;
  /** Removes the API key from text that came from the server before it reaches an error message. */
  redact: (text: string) => string;
}

/**
 * Decode a complete body. Returns the parsed JSON for a success, or the failure to throw.
 */
export function decodeEnvelope(
  response: Response,
  text: string,
  context: EnvelopeContext,
): { ok: true; value: Record<string, unknown> } | { ok: false; error: MiniMaxError } {
  const { operation } = context;
  const httpStatus = response.status;
  // The trace id is read only for a failure: a success's is the caller's to read if it wants it.
  let value: unknown;
  try {
    value = parseMiniMaxJson(text, context.ids);
  } catch (error) {
    if (error instanceof MiniMaxError) {
      return { ok: false, error: withOperation(error, operation) };
    }
    if (!response.ok) return { ok: false, error: httpFailure(response, undefined, context) };
    return {
      ok: false,
      error: new MiniMaxResponseError(
        `${operation}: expected a JSON body from MiniMax, got ${describeBody(response, text, context)}`,
        { operation, httpStatus, traceId: traceIdOf(response, context), cause: error },
      ),
    };
  }

  const baseResp = isRecord(value) && isRecord(value.base_resp) ? (value.base_resp as BaseResp) : undefined;
  if (!response.ok) return { ok: false, error: httpFailure(response, baseResp, context) };
  if (!isRecord(value) || !baseResp || typeof baseResp.status_code !== "number") {
    return {
      ok: false,
      error: new MiniMaxResponseError(
        `${operation}: MiniMax's answer has no base_resp.status_code (HTTP ${httpStatus}): ${describeBody(response, text, context)}`,
        { operation, httpStatus, traceId: traceIdOf(response, context) },
      ),
    };
  }
  if (baseResp.status_code !== 0) {
    const trace = traceIdOf(response, context);
    const code = baseResp.status_code;
    const statusMsg = baseResp.status_msg === undefined ? undefined : context.redact(String(baseResp.status_msg));
    return {
      ok: false,
      error: new MiniMaxApiError(
        `${operation} failed: MiniMax status ${code}${statusMsg ? ` (${statusMsg})` : ""}${trace ? `, trace id ${trace}` : ""}`,
        { operation, httpStatus, code, statusMsg, traceId: trace },
      ),
    };
  }
  return { ok: true, value };
}

/** The failure for a non-2xx status, using base_resp when the body had one. */
export function httpFailure(
  response: Response,
  baseResp: BaseResp | undefined,
  context: Pick<EnvelopeContext, "operation" | "redact">,
): MiniMaxApiError {
  const httpStatus = response.status;
  const traceId = traceIdOf(response, context);
  const code =
    typeof baseResp?.status_code === "number" && baseResp.status_code !== 0 ? baseResp.status_code : undefined;
  const statusMsg = context.redact(baseResp?.status_msg ? String(baseResp.status_msg) : response.statusText);
  return new MiniMaxApiError(
    `${context.operation} failed: HTTP ${httpStatus}${statusMsg ? ` ${statusMsg}` : ""}` +
      `${code !== undefined ? ` (MiniMax status ${code})` : ""}${traceId ? `, trace id ${traceId}` : ""}`,
    { operation: context.operation, httpStatus, code, statusMsg: statusMsg || undefined, traceId },
  );
}

/** The `Trace-Id` header: server text like any other, so scrubbed of the key (a proxy may echo headers). */
export function traceIdOf(response: Response, context: Pick<EnvelopeContext, "redact">): string | undefined {
  const traceId = response.headers.get("trace-id");
  return traceId === null ? undefined : context.redact(traceId);
}

function describeBody(response: Response, text: string, context: Pick<EnvelopeContext, "redact">): string {
  const type = response.headers.get("content-type") ?? "no content type";
  if (text.length === 0) return `an empty body (${type})`;
  // Redact the whole text before cutting it: a cut through the key would leave a fragment of it
  // that no longer matches the key.
  const redacted = context.redact(text);
  const snippet = redacted.slice(0, 120).replace(/\s+/g, " ");
  return `${text.length} characters of ${type}: ${JSON.stringify(snippet)}${redacted.length > 120 ? "…" : ""}`;
}

function withOperation(error: MiniMaxError, operation: MiniMaxOperation): MiniMaxError {
  if (error.operation !== undefined) return error;
  // The same class (MiniMaxUnsafeIdError, from the decoder), now naming the call.
  const Class = error.constructor as typeof MiniMaxError;
  return new Class(`${operation}: ${error.message}`, { operation });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
