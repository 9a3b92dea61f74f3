/**
 * MiniMax's status envelope. Codes and messages follow the error code table
 * (platform.minimax.io/docs/api-reference/errorcode) and the codes listed on the file pages.
 *
 * The table has no "not found" code. 1026 means "input new_sensitive" (content moderation), which
 * is not what a missing file is, so the fake answers a missing or mismatched file with 2013
 * ("invalid params"), the code for a request whose parameters do not name something valid.
 */

/** The codes the fake server itself answers with. */
export const StatusCode = {
  success: 0,
  unknownError: 1000,
  rateLimit: 1002,
  unauthorized: 1004,
  invalidParams: 2013,
  invalidApiKey: 2049,
} as const;

const defaultMessages: Readonly<Record<number, string>> = {
  0: "success",
  1000: "unknown error",
  1001: "request timeout",
  1002: "rate limit",
  1004: "not authorized",
  1008: "insufficient balance",
  1013: "internal service error",
  1024: "internal error",
  1026: "input new_sensitive",
  1027: "output new_sensitive",
  1033: "system error",
  1039: "token limit",
  1041: "conn limit",
  2013: "invalid params",
  2049: "invalid api key",
};

export interface BaseResp {
  status_code: number;
  status_msg: string;
}

export function baseResp(code: number, msg?: string): BaseResp {
  return { status_code: code, status_msg: msg ?? defaultMessages[code] ?? "error" };
}
