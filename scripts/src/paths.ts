import { fileURLToPath } from "node:url";

/** Repository root, resolved from this file so scripts work from any working directory. */
export const repoRoot = fileURLToPath(new URL("../../", import.meta.url));
export const specDir = fileURLToPath(new URL("../../spec/", import.meta.url));
