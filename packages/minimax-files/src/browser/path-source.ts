/**
 * Browser stand-in for ../node/path-source.ts, chosen by the package's `browser` export condition:
 * a browser cannot open a path, so a path upload fails with a typed error before anything is sent.
 */
import { MiniMaxValidationError } from "../errors.js";
import type * as NodePathSource from "../node/path-source.js";

export const pathSource: typeof NodePathSource.pathSource = async () => {
  throw new MiniMaxValidationError(
    "upload: a file path works only in Node, Bun and Deno; pass a File, Blob or bytes in a browser.",
    { operation: "upload" },
  );
};
