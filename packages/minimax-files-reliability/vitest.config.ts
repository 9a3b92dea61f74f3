import { defineConfig } from "vitest/config";
import { BaseSequencer, type TestSpecification } from "vitest/node";

/** The secret scan reads what every other file collected, so it must run after all of them. */
class SecretScanLast extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const isScan = (file: TestSpecification) => file.moduleId.endsWith("secrets.test.ts");
    return [...sorted.filter((file) => !isScan(file)), ...sorted.filter(isScan)];
  }
}

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // One file at a time: the secret scan must come last, and Prism, the child processes and the
    // load test share two cores with the rest of the monorepo's tests.
    fileParallelism: false,
    sequence: { sequencer: SecretScanLast },
    globalSetup: ["test/global-setup.ts"],
    // Hang guards, not speed checks: two whole suites side by side on two cores slow Prism's start
    // and the load test several-fold (seen: Prism over 30 s, the load test over 60 s).
    testTimeout: 240_000,
    hookTimeout: 240_000,
    reporters: ["default", ["json", { outputFile: "reports/vitest.json" }]],
  },
});
