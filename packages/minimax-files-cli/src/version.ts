import { createRequire } from "node:module";

// dist/version.js and src/version.ts both sit one level below package.json.
export const version: string = createRequire(import.meta.url)("../package.json").version;
