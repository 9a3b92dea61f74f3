// A browser bundle of the round trip, built from the installed tarballs with no bundler flags
// (the `browser` export condition does the work), run in headless Chromium against the fake.
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, expect, inject, it } from "vitest";
import { roundTripInChromium } from "../src/chromium.js";
import { startInstalledFake, stepsInBrowser } from "../src/fake.js";
import { toolBin } from "../src/paths.js";
import { describeRun, run } from "../src/run.js";
import { serveDirectory } from "../src/static-server.js";

const { app } = inject("scratch");
let fake: Awaited<ReturnType<typeof startInstalledFake>>;
beforeAll(async () => {
  fake = await startInstalledFake(app, { cors: true });
});
afterAll(async () => {
  await fake.close();
});

async function runPage(dir: string, script: string) {
  await writeFile(
    join(dir, "index.html"),
    `<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><script type="module" src="${script}"></script>\n`,
  );
  const site = await serveDirectory(dir);
  try {
    const hash = new URLSearchParams({ baseUrl: fake.url, apiKey: fake.apiKey });
    return await roundTripInChromium(`${site.url}/#${hash}`);
  } finally {
    await site.close();
  }
}

it("esbuild --bundle --platform=browser, no other flag: the bundle has no node: import and the round trip passes in Chromium", async () => {
  const out = join(app, "web-esbuild");
  const esbuild = toolBin("esbuild", "bin/esbuild");
  const built = await run(esbuild, ["src/browser.ts", "--bundle", "--platform=browser", `--outfile=${out}/bundle.js`], {
    cwd: app,
  });
  expect(built.code, describeRun(built)).toBe(0);
  expect(await readFile(join(out, "bundle.js"), "utf8")).not.toMatch(/["']node:/);

  fake.clearRequests();
  const { outcome, pageErrors } = await runPage(out, "bundle.js");
  expect({ error: outcome.error, pageErrors }).toEqual({ error: undefined, pageErrors: [] });
  expect(outcome.userAgent).toMatch(/HeadlessChrome|Chrome/);
  expect(outcome.steps).toEqual(stepsInBrowser);
  // The refused path upload and download never reached the server.
  expect(fake.requests.map((request) => request.operation)).toEqual([
    "upload",
    "list",
    "retrieve",
    "retrieveContent",
    "delete",
    "list",
    "list",
  ]);
});
