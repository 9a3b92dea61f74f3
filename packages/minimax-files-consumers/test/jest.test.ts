// Jest 30 in a CommonJS project (no ESM support switched on): the round trip's CommonJS build
// requires the packages through Jest's module registry, from the tarballs.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { expect, inject, it } from "vitest";
import { stepsWithFiles, useInstalledFake } from "../src/fake.js";
import { toolBin } from "../src/paths.js";
import { describeRun, run } from "../src/run.js";

const { app } = inject("scratch");
const fake = useInstalledFake(app);

it("Jest 30, CommonJS project: the round trip passes", async () => {
  const report = join(app, "jest-report.json");
  const ran = await run(
    process.execPath,
    [
      toolBin("jest", "bin/jest.js"),
      "--ci",
      "--watchman=false",
      "--rootDir",
      join(app, "jest"),
      "--json",
      `--outputFile=${report}`,
    ],
    {
      cwd: app,
      env: {
        ...process.env,
        MINIMAX_FAKE_URL: fake.server.url,
        MINIMAX_FAKE_KEY: fake.server.apiKey,
        MINIMAX_EXPECTED_STEPS: JSON.stringify(stepsWithFiles),
      },
    },
  );
  expect(ran.code, describeRun(ran)).toBe(0);
  const result = JSON.parse(await readFile(report, "utf8")) as { numPassedTests: number; numTotalTests: number };
  expect(result).toMatchObject({ numPassedTests: 1, numTotalTests: 1 });
  expect(fake.server.files).toHaveLength(0);
  expect(fake.server.requests.filter((request) => request.operation === "delete")).toHaveLength(2);
});
