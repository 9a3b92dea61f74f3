import { parseMiniMaxJson } from "@org/minimax-files";
import type { Decode } from "./decode.js";

/** The runtime's exact-id decoder: the same function its client runs on every JSON response. */
export const decode: Decode = parseMiniMaxJson;
