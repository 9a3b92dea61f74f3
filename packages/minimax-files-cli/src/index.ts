/**
 * @org/minimax-files-cli: the `minimax-files` executable (dist/bin.js). The module entry exposes the
 * pieces other packages test or reuse; library code should depend on @org/minimax-files instead.
 */

export type { CliIo } from "./cli-io.js";
export { ExitCode, exitCodesHelp } from "./exit-codes.js";
export { toJson } from "./json.js";
export { run } from "./program.js";
export { downloadPathIn, safeFileName } from "./safe-filename.js";
