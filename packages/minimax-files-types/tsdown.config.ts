// ESM and CommonJS builds with .d.ts and .d.cts, so `require` works on every Node >= 20.
import { defineConfig } from "tsdown";

export default defineConfig({
  entry: { index: "src/index.ts" },
  format: ["esm", "cjs"],
  fixedExtension: false,
  target: "es2022",
  platform: "neutral",
  sourcemap: true,
  dts: { sourcemap: true },
});
