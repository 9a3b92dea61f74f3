// A browser bundle of the round trip, built from the installed tarballs with no bundler flags
// (the `browser` export condition does the work), run in headless Chromium against the fake.
import { readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { expect, inject, it } from "vitest";
import { roundTripInChromium } from "../src/chromium.js";
import { stepsInBrowser, useInstalledFake } from "../src/fake.js";
import { toolBin } from "../src/paths.js";
import { describeRun, run } from "../src/run.js";
import { serveDirectory } from "../src/static-server.js";

const { app } = inject("scratch");
const fake = useInstalledFake(app, { cors: true });

const page = (script: string) =>
  `<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><script type="module" src="${script}"></script>\n`;

/** Serves `dir` (its index.html loads the bundle) and runs the round trip there in Chromium. */
async function runPage(dir: string) {
  const site = await serveDirectory(dir);
  try {
    const hash = new URLSearchParams({ baseUrl: fake.server.url, apiKey: fake.server.apiKey });
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

  await writeFile(join(out, "index.html"), page("bundle.js"));
  await expectRoundTrip(out);
});

async function expectRoundTrip(dir: string) {
  fake.server.clearRequests();
  const { outcome, pageErrors } = await runPage(dir);
  expect({ error: outcome.error, pageErrors }).toEqual({ error: undefined, pageErrors: [] });
  expect(outcome.userAgent).toMatch(/HeadlessChrome|Chrome/);
  expect(outcome.steps).toEqual(stepsInBrowser);
  // The refused path upload and download never reached the server.
  expect(fake.server.requests.map((request) => request.operation)).toEqual([
    "upload",
    "list",
    "retrieve",
    "retrieveContent",
    "delete",
    "list",
    "list",
  ]);
}

it("Vite (vite build, no config): the browser condition is picked and the round trip passes in Chromium", async () => {
  await writeFile(join(app, "web-src/index.html"), page("./browser.mjs"));
  const out = join(app, "web-vite");
  const built = await run(process.execPath, [toolBin("vite", "bin/vite.js"), "build", "web-src", "--outDir", out], {
    cwd: app,
  });
  expect(built.code, describeRun(built)).toBe(0);
  const assets = await readdir(join(out, "assets"));
  expect(assets.filter((file) => file.endsWith(".js")).length).toBeGreaterThan(0);
  for (const file of assets) expect(await readFile(join(out, "assets", file), "utf8")).not.toMatch(/["']node:/);
  await expectRoundTrip(out);
});

it("webpack (entry and output only, no config): the browser condition is picked and the round trip passes in Chromium", async () => {
  const out = join(app, "web-webpack");
  const cli = toolBin("webpack-cli", "bin/cli.js");
  const args = ["--mode", "production", "--entry", "./web-src/browser.mjs", "--output-path", out];
  const built = await run(process.execPath, [cli, ...args, "--output-filename", "bundle.js"], { cwd: app });
  expect(built.code, describeRun(built)).toBe(0);
  expect(await readFile(join(out, "bundle.js"), "utf8")).not.toMatch(/["']node:/);
  await writeFile(join(out, "index.html"), page("bundle.js"));
  await expectRoundTrip(out);
});
