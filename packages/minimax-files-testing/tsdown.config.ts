// ESM and CommonJS builds with .d.ts and .d.cts, so `require` works on every Node >= 20 (the fake
// server is Node-only: it is node:http).
import { defineConfig } from "tsdown";

export default defineConfig({
  entry: { index: "src/index.ts" },
  format: ["esm", "cjs"],
  fixedExtension: false,
  target: "es2022",
  platform: "node",
  sourcemap: true,
  dts: { sourcemap: true },
});
