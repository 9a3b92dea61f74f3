/**
 * Types for MiniMax's File Management API, and the protocol facts every package shares.
 * `aliases.ts` names what `pnpm generate` writes from spec/minimax-files.openapi.yaml
 * (`./generated/`); `protocol.ts` is hand-written: operations, base_resp codes, int64 ids.
 */
export * from "./aliases.js";
export type { components, operations, paths, webhooks } from "./generated/minimax-files.js";
export * from "./protocol.js";
export * from "./purpose.js";
