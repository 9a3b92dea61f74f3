// Behaviour 7: the root entry runs wherever fetch exists: nothing it loads statically imports a
// `node:` module; the Node-only helpers are reached only through dynamic imports.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";

const dist = resolve(dirname(fileURLToPath(import.meta.url)), "../dist");
const STATIC_IMPORT = /^\s*(?:import|export)\s[^;]*?\sfrom\s+["']([^"']+)["']|^\s*import\s+["']([^"']+)["']/gm;
const DYNAMIC_IMPORT = /\bimport\(\s*["']([^"']+)["']\s*\)/g;

/** Every module the root entry loads statically, and every specifier it imports only dynamically. */
function staticGraph(entry: string) {
  const modules = new Set<string>();
  const bare = new Set<string>();
  const dynamic = new Set<string>();
  const visit = (file: string) => {
    if (modules.has(file)) return;
    modules.add(file);
    const source = readFileSync(file, "utf8");
    for (const match of source.matchAll(STATIC_IMPORT)) {
      const specifier = (match[1] ?? match[2])!;
      if (specifier.startsWith(".")) visit(resolve(dirname(file), specifier));
      else bare.add(specifier);
    }
    for (const match of source.matchAll(DYNAMIC_IMPORT)) dynamic.add(resolve(dirname(file), match[1]!));
  };
  visit(entry);
  return { modules, bare, dynamic };
}

it("the root entry statically imports no node: module; path and download helpers load lazily", () => {
  expect(existsSync(join(dist, "index.js")), "build the package first (pnpm build)").toBe(true);
  const { modules, bare, dynamic } = staticGraph(join(dist, "index.js"));
  expect([...bare].sort()).toEqual(["@org/minimax-files-types", "openapi-fetch"]);
  expect([...modules].filter((file) => file.includes(`${join(dist, "node")}`))).toEqual([]);
  expect([...dynamic].sort()).toEqual([join(dist, "node/download.js"), join(dist, "node/path-source.js")]);
  // The lazily loaded helpers are the ones that need Node.
  for (const helper of dynamic) expect(readFileSync(helper, "utf8")).toMatch(/from "node:/);
});

it("the dependencies the root entry loads import no node: module either", () => {
  const root = resolve(dist, "..");
  for (const entry of ["openapi-fetch/dist/index.mjs"]) {
    const { bare } = staticGraph(join(root, "node_modules", entry));
    expect([...bare], entry).toEqual([]);
  }
});
