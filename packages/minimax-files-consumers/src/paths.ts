import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const packageDir = fileURLToPath(new URL("..", import.meta.url));
export const repoRoot = join(packageDir, "../..");
export const consumerDir = join(packageDir, "consumer");

const require = createRequire(import.meta.url);

/** A CLI of this package's own devDependencies, run with this process's node. */
export function toolBin(pkg: string, bin: string): string {
  return join(dirname(require.resolve(`${pkg}/package.json`)), bin);
}

/** The published packages, by directory under packages/ and name. */
export const published = [
  { dir: "minimax-files-types", name: "@org/minimax-files-types" },
  { dir: "minimax-files", name: "@org/minimax-files" },
  { dir: "minimax-files-testing", name: "@org/minimax-files-testing" },
  { dir: "minimax-files-cli", name: "@org/minimax-files-cli" },
] as const;
