/**
 * Download path sanitizing (the CLI's `safeFileName` / `downloadPathIn`) over arbitrary server
 * filenames: the result always names a file directly inside the chosen folder, and writing to it
 * really creates exactly that one entry there. The last test takes hostile names all the way
 * through the fake server: retrieve → sanitize → client.download.
 */
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { createMiniMaxFiles } from "@org/minimax-files";
import { downloadPathIn, safeFileName } from "@org/minimax-files-cli";
import { type FakeMiniMax, startFakeMiniMax } from "@org/minimax-files-testing";
import fc from "fast-check";
import { afterAll, beforeAll, expect, test } from "vitest";
import { createCollector, SECRET_API_KEY } from "../src/secrets.js";

export const RUNS = { pure: 2_000, onDisk: 300, endToEnd: 40 } as const;
const collector = createCollector("download-names");

/** Server filenames an attacker (or a confused server) could send. */
const hostileName = fc.oneof(
  fc.string({ unit: "binary", maxLength: 300 }),
  fc
    .array(fc.constantFrom("..", ".", "", "/", "\\", "C:", "etc", "passwd", "\u0000", "\u202e", " ", "~", "%2e%2e"), {
      maxLength: 12,
    })
    .map((parts) => parts.join("")),
  fc.array(fc.constantFrom("..", ".", "x", "é", "日本"), { maxLength: 8 }).map((parts) => parts.join("/")),
  fc.constantFrom(
    "../../x",
    "/etc/passwd",
    "C:\\Windows\\x",
    "..",
    ".",
    "",
    "CON",
    "nul.txt",
    "a\u0000b",
    "....//....//x",
  ),
  fc.string({ unit: "grapheme", minLength: 200, maxLength: 400 }),
);
const fileId = fc.oneof(fc.bigInt({ min: 0n, max: 2n ** 63n - 1n }), fc.nat().map(String));

let work: string;
beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), "minimax-names-"));
});
afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

test(`any server filename maps to one safe name directly inside the folder (${RUNS.pure} runs)`, () => {
  const folder = path.join(work, "pure");
  fc.assert(
    fc.property(hostileName, fileId, (serverName, id) => {
      const name = safeFileName(serverName, id);
      const target = downloadPathIn(folder, serverName, id);
      expect(path.dirname(target)).toBe(path.resolve(folder));
      expect(path.basename(target)).toBe(name);
      expect(name).not.toMatch(/[/\\]/);
      expect(name).not.toContain(String.fromCharCode(0));
      expect(name).not.toMatch(/^\.\.?$/);
      expect(name.length).toBeGreaterThan(0);
      expect(Buffer.byteLength(name)).toBeLessThanOrEqual(255);
      expect(path.relative(folder, target)).toBe(name);
    }),
    { numRuns: RUNS.pure },
  );
});

test(`writing to the sanitized path creates exactly that one entry in the folder (${RUNS.onDisk} runs)`, async () => {
  let run = 0;
  await fc.assert(
    fc.asyncProperty(hostileName, fileId, async (serverName, id) => {
      const folder = path.join(work, `disk-${run++}`);
      await mkdir(folder);
      const target = downloadPathIn(folder, serverName, id);
      await writeFile(target, "content");
      expect(await readdir(folder)).toEqual([path.basename(target)]);
      expect(await readdir(work)).not.toContain(path.basename(target));
      await rm(folder, { recursive: true });
    }),
    { numRuns: RUNS.onDisk },
  );
});

let server: FakeMiniMax;
beforeAll(async () => {
  server = await startFakeMiniMax({ apiKey: SECRET_API_KEY });
});
afterAll(async () => {
  await server?.close();
});

test(`hostile names through the fake server: retrieve → sanitize → download stays inside (${RUNS.endToEnd} runs)`, async () => {
  const client = createMiniMaxFiles({
    apiKey: SECRET_API_KEY,
    baseUrl: server.url,
    ids: "string",
    logger: collector.logger,
  });
  let run = 0;
  await fc.assert(
    fc.asyncProperty(hostileName, async (serverName) => {
      const seeded = server.seed({ purpose: "t2a_async_input", filename: serverName, content: `bytes of ${run}` });
      const folder = path.join(work, `e2e-${run++}`);
      await mkdir(folder);
      const file = await client.retrieve(seeded.fileId);
      expect(file.filename).toBe(serverName);
      const target = downloadPathIn(folder, file.filename, file.file_id!);
      const result = await client.download(file.file_id!, target);
      expect(await readdir(folder)).toEqual([path.basename(target)]);
      expect(await readFile(result.path, "utf8")).toBe(`bytes of ${run - 1}`);
    }),
    { numRuns: RUNS.endToEnd },
  );
});
