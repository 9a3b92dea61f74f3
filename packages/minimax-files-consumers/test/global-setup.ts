import { rm } from "node:fs/promises";
import type { TestProject } from "vitest/node";
import { createScratch } from "../src/scratch.js";

declare module "vitest" {
  export interface ProvidedContext {
    scratch: { root: string; app: string; tarballs: Record<string, string> };
  }
}

/** Packs and installs once for every test file; the scratch project is removed at the end. */
export default async function setup(project: TestProject) {
  const scratch = await createScratch();
  project.provide("scratch", scratch);
  return async () => {
    if (!process.env.KEEP_CONSUMER_SCRATCH) await rm(scratch.root, { recursive: true, force: true });
  };
}
