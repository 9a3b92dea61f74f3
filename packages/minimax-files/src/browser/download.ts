/**
 * Browser stand-in for ../node/download.ts, chosen by the package's `browser` export condition:
 * a browser has no files to write, so `download` fails with a typed error before anything is sent.
 */
import { MiniMaxValidationError } from "../errors.js";
import type * as NodeDownload from "../node/download.js";

const nodeOnly = () =>
  new MiniMaxValidationError("download() writes files and works only in Node; use retrieveContent() in a browser.", {
    operation: "download",
  });

export const checkDestination: typeof NodeDownload.checkDestination = async () => {
  throw nodeOnly();
};

export const writeAtomically: typeof NodeDownload.writeAtomically = async () => {
  throw nodeOnly();
};
