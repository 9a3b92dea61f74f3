/**
 * MiniMax's status envelope. Codes and messages follow the error code table
 * (platform.minimax.io/docs/api-reference/errorcode) and the codes listed on the file pages.
 *
 * The table has no "not found" code. 1026 means "input new_sensitive" (content moderation), which
 * is not what a missing file is, so the fake answers a missing or mismatched file with 2013
 * ("invalid params"), the code for a request whose parameters do not name something valid.
 * The codes and their messages are the protocol's table (@org/minimax-files-types).
 */
import { baseRespMessages, baseRespSuccess } from "@org/minimax-files-types";

/** The codes the fake server itself answers with. */
export const StatusCode = {
  success: 0,
  unknownError: 1000,
  rateLimit: 1002,
  unauthorized: 1004,
  invalidParams: 2013,
  invalidApiKey: 2049,
} as const;

export interface BaseResp {
  status_code: number;
  status_msg: string;
}

/** `base_resp` with the message MiniMax's error code table gives for `code`, unless `msg` is given. */
export function baseResp(code: number, msg?: string): BaseResp {
  const known = code === baseRespSuccess.status_code ? baseRespSuccess.status_msg : baseRespMessages[code];
  return { status_code: code, status_msg: msg ?? known ?? "error" };
}
