import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";

/**
 * One fresh folder per run for the secret scan's collected text: outside reports/, which other
 * tooling cleans, and gone after the run, so nothing from an earlier run is scanned or counted.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "minimax-secret-scan-"));
  project.provide("secretScanDir", dir);
  return () => rm(dir, { recursive: true, force: true });
}

declare module "vitest" {
  export interface ProvidedContext {
    secretScanDir: string;
  }
}
