// Three builds of one source: ESM and CommonJS for Node, Bun and Deno (CommonJS so `require` works
// on every Node >= 20, without require(esm)), and ESM + CommonJS for the `browser` export condition,
// where src/node/* (files on disk) is replaced by src/browser/* stubs that throw a typed error, so
// a browser bundle needs no `node:` module and no bundler flag.
import { dirname, join } from "node:path";
import { defineConfig, type UserConfig } from "tsdown";

/**
 * Resolves `./node/<helper>.js`, imported from src/, to `src/browser/<helper>.ts`, and turns its
 * dynamic import into a static one. The stubs import no `node:` module, so there is nothing to
 * load lazily, and a dynamic import costs the bundle: a bundler that inlines it (esbuild, as the
 * size check does) must wrap the stub and everything it shares with the entry (errors.ts) in
 * lazy-init functions, about 150 B min+gz. `import("./node/x.js")` becomes `(__stub_x)`, padded to
 * the same length so the source map stays exact (`map: null`: positions unchanged), and the namespace import goes at the end of the
 * module (imports are hoisted), so no line moves.
 */
const stubName = (helper: string) => `__stub_${helper.replaceAll("-", "_")}`;

const browserStubs = {
  name: "minimax-files:browser-stubs",
  resolveId(source: string, importer: string | undefined) {
    const match = /^\.\/node\/([\w-]+)\.js$/.exec(source);
    if (!match || !importer) return null;
    return join(dirname(importer), "browser", `${match[1]}.ts`);
  },
  transform(code: string) {
    const stubs = new Set<string>();
    const rewritten = code.replace(/\bimport\("\.\/node\/([\w-]+)\.js"\)/g, (call, helper: string) => {
      stubs.add(helper);
      return `(${stubName(helper).padEnd(call.length - 2)})`;
    });
    if (stubs.size === 0) return null;
    const imports = [...stubs].map((helper) => `import * as ${stubName(helper)} from "./node/${helper}.js";`);
    return { code: `${rewritten}\n${imports.join("\n")}\n`, map: null };
  },
};

/**
 * In a "type": "module" package, rolldown's CommonJS output wraps each required dependency as
 * `__toESM(mod, 1)` ("Node mode"), which ignores `__esModule`: openapi-fetch's CommonJS build sets
 * `__esModule` and `exports.default = createClient`, so `.default` became the whole module and
 * `createMiniMaxFiles` threw "not a function" (rolldown/rolldown#10800, rolldown/tsdown#1054).
 * Flag 0 restores the usual interop (`.default` is `exports.default` when `__esModule` is set, else
 * `module.exports`); same length, so source maps stay exact.
 */
const commonJsInterop = {
  name: "minimax-files:cjs-interop",
  renderChunk(code: string, _chunk: unknown, output: { format: string }) {
    return output.format === "cjs" ? code.replace(/\b__toESM\(([\w$]+), 1\)/g, "__toESM($1, 0)") : null;
  },
};

const shared: UserConfig = {
  format: ["esm", "cjs"],
  fixedExtension: false,
  target: "es2022",
  sourcemap: true,
  plugins: [commonJsInterop],
};

export default defineConfig([
  {
    ...shared,
    // The Node helpers are entries of their own so the lazily loaded chunks keep readable names.
    entry: {
      index: "src/index.ts",
      "node/download": "src/node/download.ts",
      "node/path-source": "src/node/path-source.ts",
    },
    platform: "node",
    dts: { sourcemap: true },
  },
  {
    ...shared,
    entry: { index: "src/index.ts" },
    outDir: "dist/browser",
    platform: "browser",
    dts: false,
    plugins: [commonJsInterop, browserStubs],
  },
]);
