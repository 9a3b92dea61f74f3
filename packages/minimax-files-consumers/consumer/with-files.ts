/**
 * The round trip with file access, for Node, Bun and Deno (and Jest): a temporary directory holds
 * the file uploaded by path and the download's destination, and is removed afterwards.
 */
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import process from "node:process";
import { roundTrip } from "./round-trip.js";

/** Which runtime is running this, e.g. `node 22.23.3`, `bun 1.4.5`, `deno 2.9.6`. */
export function runtimeName(): string {
  const versions = process.versions as Record<string, string | undefined>;
  if (versions.bun) return `bun ${versions.bun}`;
  if (versions.deno) return `deno ${versions.deno}`;
  return `node ${versions.node}`;
}

export async function roundTripWithFiles(baseUrl: string, apiKey: string): Promise<string[]> {
  const dir = await mkdtemp(join(tmpdir(), "minimax-consumer-"));
  try {
    const uploadPath = join(dir, "speech.txt");
    const pathContent = "Uploaded by path.";
    await writeFile(uploadPath, pathContent);
    return await roundTrip({
      baseUrl,
      apiKey,
      files: {
        uploadPath,
        pathContent,
        downloadPath: join(dir, "bytes-copy.txt"),
        readText: (path) => readFile(path, "utf8"),
      },
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
