import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/global-setup.ts"],
    // Each test starts runtimes, bundlers or Chromium as child processes: one file at a time on the
    // two shared cores.
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 300_000,
    reporters: ["default", ["json", { outputFile: "reports/vitest.json" }]],
  },
});
