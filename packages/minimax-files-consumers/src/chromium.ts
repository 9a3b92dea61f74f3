import { existsSync } from "node:fs";
import { chromium } from "playwright-core";

/** Debian's chromium package (`.ci/run` installs it); playwright-core drives it, nothing is downloaded. */
export const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export interface PageOutcome {
  steps?: string[];
  userAgent?: string;
  error?: string;
}

/** Opens `url` in headless Chromium and waits for the page's `window.roundTripOutcome`. */
export async function roundTripInChromium(url: string): Promise<{ outcome: PageOutcome; pageErrors: string[] }> {
  if (!existsSync(chromiumPath)) throw new Error(`${chromiumPath} not found: apt-get install chromium`);
  // Playwright gives the browser a fresh temporary profile. The flags keep Chromium from calling Google's services, which this machine cannot reach.
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  try {
    const page = await browser.newPage();
    const pageErrors: string[] = [];
    page.on("pageerror", (error) => pageErrors.push(error.message));
    page.on("console", (message) => {
      if (message.type() === "error") pageErrors.push(message.text());
    });
    await page.goto(url);
    await page.waitForFunction(() => "roundTripOutcome" in globalThis, undefined, { timeout: 30_000 });
    const outcome = (await page.evaluate(
      () => (globalThis as { roundTripOutcome?: unknown }).roundTripOutcome,
    )) as PageOutcome;
    return { outcome, pageErrors };
  } finally {
    await browser.close();
  }
}
