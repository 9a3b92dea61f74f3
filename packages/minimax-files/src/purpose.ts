/**
 * The one purpose check every operation shares. The pages' per-operation enums disagree (a file
 * uploaded as `video_understanding` cannot be listed by list's enum), and MiniMax adds purposes
 * before the pages catch up, so only the shape is checked here and the server decides the rest.
 */
import { knownPurposes, type Purpose } from "@org/minimax-files-types";
import { type MiniMaxOperation, MiniMaxValidationError } from "./errors.js";

// Every documented purpose is a lower-case identifier; anything else is a mistake worth a clear
// error before sending (an empty value, a typo'd enum key such as "VoiceClone", stray whitespace).
const PURPOSE_FORMAT = /^[a-z][a-z0-9_]{0,63}$/;

export function checkPurpose(operation: MiniMaxOperation, purpose: unknown): Purpose {
  if (typeof purpose === "string" && PURPOSE_FORMAT.test(purpose)) return purpose;
  const got = typeof purpose === "string" ? JSON.stringify(purpose.slice(0, 80)) : typeof purpose;
  throw new MiniMaxValidationError(
    `${operation}: purpose must be a lower-case identifier (one of ${knownPurposes.join(", ")}, or one MiniMax ` +
      `added since), got ${got}.`,
    { operation },
  );
}
