import { cp, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { specDir } from "../src/paths.js";

/** A scratch copy of spec/ that a test may break without touching the working tree. */
export async function copySpec(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "minimax-spec-"));
  await cp(specDir, dir, { recursive: true });
  return dir;
}
