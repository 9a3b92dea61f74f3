import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it, vi } from "vitest";
import { extractEmbeddedSpec } from "../src/extract.js";
import { generateAll, MERGED_SPEC, TYPES_FILE } from "../src/generate.js";
import { hashTree, mutate, type Pages, pageServerPerTest, runScript, scratchRoot } from "./fixtures/page-server.js";

// Each test starts real subprocesses (tsx compiles on start); on a busy 2-core machine that is slow.
vi.setConfig({ testTimeout: 180_000 });

// `pnpm spec:update` as a subprocess, pointed (--root) at a scratch copy of spec/, the types file
// and .changeset/config.json: never at the real working tree.
const serve = pageServerPerTest();

const update = (origin: string, root: string, ...args: string[]) =>
  runScript("spec-update", ["--upstream", origin, "--root", root, "--retry-delay-ms", "10", ...args]);

const read = (root: string, file: string) => readFile(path.join(root, file), "utf8");

async function changesets(root: string): Promise<string[]> {
  const names = await readdir(path.join(root, ".changeset"));
  return names.filter((name) => name.endsWith(".md"));
}

const addUploadPurpose = (pages: Pages) =>
  mutate(
    pages,
    "file-management-upload.md",
    "                    - video_understanding\n",
    "                    - video_understanding\n                    - video_generation_input\n",
  );

describe("spec:update", () => {
  it("re-vendors the page, regenerates spec and types, and writes a minor changeset for an added request enum value", async () => {
    const root = await scratchRoot();
    const typesBefore = await read(root, TYPES_FILE);
    const { origin, pages } = await serve(addUploadPurpose);
    const body = path.join(root, "..", `${path.basename(root)}-body.md`);
    const result = await update(origin, root, "--body-file", body);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);

    // The vendored file is the page's block, verbatim.
    const page = pages.get("file-management-upload.md") as string;
    expect(await read(root, "spec/upstream/upload.yaml")).toBe(extractEmbeddedSpec(page, "upload").yaml);
    // The merged spec and the types are exactly what `pnpm generate` produces from the new spec/.
    const expected = await generateAll({ specDir: path.join(root, "spec") });
    expect(await read(root, MERGED_SPEC)).toBe(expected.get(MERGED_SPEC));
    const types = await read(root, TYPES_FILE);
    expect(types).toBe(expected.get(TYPES_FILE));
    expect(typesBefore).not.toContain('"video_generation_input"');
    expect(types).toContain(
      '"voice_clone" | "prompt_audio" | "t2a_async_input" | "video_understanding" | "video_generation_input"',
    );

    const [changeset, ...others] = await changesets(root);
    expect(others).toEqual([]);
    const text = await read(root, `.changeset/${changeset}`);
    expect(text).toMatch(
      /^---\n"@org\/minimax-files": minor\n"@org\/minimax-files-types": minor\n"@org\/minimax-files-testing": minor\n---\n/,
    );
    expect(text).toContain(
      'non-breaking (upload, enum-value-added): POST /v1/files/upload request body (multipart/form-data) property "purpose": enum value added: "video_generation_input"',
    );

    const prBody = await readFile(body, "utf8");
    expect(prBody).toContain("1 change(s), 0 breaking → minor release");
    expect(prBody).toMatch(/^non-breaking +upload +enum-value-added .*"video_generation_input"/m);
    expect(prBody).toContain(`Changeset: \`.changeset/${changeset}\``);
    await rm(body);

    // Up to date now: the check passes and a second update writes nothing.
    expect((await runScript("spec-check", ["--upstream", origin, "--root", root])).code).toBe(0);
    const settled = await hashTree(root);
    const again = await update(origin, root);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain("no drift");
    expect(await hashTree(root)).toEqual(settled);
  });

  it("writes a major changeset for a removed parameter", async () => {
    const root = await scratchRoot();
    const { origin } = await serve((pages) =>
      mutate(pages, "file-management-list.md", / {6}parameters:\n[\s\S]*?example: t2a_async_input\n/, ""),
    );
    const result = await update(origin, root);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("bump: major");
    const [changeset] = await changesets(root);
    const text = await read(root, `.changeset/${changeset}`);
    expect(text).toMatch(
      /^---\n"@org\/minimax-files": major\n"@org\/minimax-files-types": major\n"@org\/minimax-files-testing": major\n---\n/,
    );
    expect(text).toContain(
      '**breaking** (list, parameter-removed): GET /v1/files/list: query parameter "purpose" removed',
    );
    expect(await read(root, TYPES_FILE)).not.toMatch(/listFiles: \{\n\s+parameters: \{\n\s+query: \{\n\s+purpose/);
  });

  it("writes a patch changeset for a description-only change", async () => {
    const root = await scratchRoot();
    const { origin } = await serve((pages) =>
      mutate(
        pages,
        "file-management-retrieve-content.md",
        "The ID of the file to download.",
        "The ID of the file whose bytes to download.",
      ),
    );
    const result = await update(origin, root);
    expect(result.code).toBe(0);
    const [changeset] = await changesets(root);
    const text = await read(root, `.changeset/${changeset}`);
    expect(text).toMatch(
      /^---\n"@org\/minimax-files": patch\n"@org\/minimax-files-types": patch\n"@org\/minimax-files-testing": patch\n---\n/,
    );
    expect(text).toContain("description-changed");
    expect(await read(root, TYPES_FILE)).toContain("The ID of the file whose bytes to download.");
  });

  it("reports an overlay fix that upstream has made unnecessary", async () => {
    const root = await scratchRoot();
    const { origin } = await serve((pages) =>
      mutate(
        pages,
        "file-management-retrieve.md",
        "          file_id: ${file_id}\n",
        "          file_id: 307593383186476\n",
      ),
    );
    const body = path.join(root, "..", `${path.basename(root)}-body.md`);
    const result = await update(origin, root, "--body-file", body);
    expect(result.code).toBe(0);
    const prBody = await readFile(body, "utf8");
    await rm(body);
    expect(prBody).toMatch(
      /Overlay fixes upstream has made unnecessary[^\n]*\n- overlay action #\d+ "retrieve example's/,
    );
    const unnecessary = result.stdout.split("\n").filter((line) => line.startsWith("overlay fix no longer needed"));
    // Only that action: every other fix still changes the new document.
    expect(unnecessary).toHaveLength(1);
    expect(unnecessary[0]).toMatch(
      /overlay action #\d+ "retrieve example's \$\{file_id\} placeholder" \(target \$\.components\.schemas\.RetrieveFileResp\.example\.file\)$/,
    );
  });

  it("reports no overlay fix as unnecessary while every defect is still upstream", async () => {
    const root = await scratchRoot();
    const { origin } = await serve(addUploadPurpose);
    const result = await update(origin, root);
    expect(result.code).toBe(0);
    expect(result.stdout).not.toContain("overlay fix no longer needed");
  });

  it("lands an update whose pages disagree on servers (as the China site's do), reporting it instead of refusing", async () => {
    const root = await scratchRoot();
    const toChina = (page: string) => (pages: Pages) =>
      mutate(pages, page, "  - url: https://api.minimax.io\n", "  - url: https://api.minimaxi.com\n");
    const { origin } = await serve((pages) => {
      addUploadPurpose(pages);
      toChina("file-management-list.md")(pages);
      toChina("file-management-delete.md")(pages);
    });
    const body = path.join(root, "..", `${path.basename(root)}-body.md`);
    const result = await update(origin, root, "--body-file", body);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /^note: `servers` differs between the pages \(upstream\/upload\.yaml: \[https:\/\/api\.minimax\.io\]; upstream\/list\.yaml: \[https:\/\/api\.minimaxi\.com\];/m,
    );
    const prBody = await readFile(body, "utf8");
    await rm(body);
    expect(prBody).toMatch(/Notes \(reported, not blocking\):\n- `servers` differs between the pages/);
    // The update landed: the new purpose is in the types, both hosts in the merged spec.
    expect(await read(root, TYPES_FILE)).toContain('"video_generation_input"');
    const spec = await read(root, MERGED_SPEC);
    expect(spec).toContain("servers:\n  - url: https://api.minimax.io\n  - url: https://api.minimaxi.com\n");
  });
});

describe("spec:update is all or nothing", () => {
  it("fails naming the overlay action that stopped matching, and changes no file", async () => {
    const root = await scratchRoot();
    const before = await hashTree(root);
    // Upstream fixes the upload defect the overlay removes: the action now matches nothing.
    const { origin } = await serve((pages) => {
      addUploadPurpose(pages);
      mutate(pages, "file-management-upload.md", / {6}parameters:\n[\s\S]*?default: multipart\/form-data\n/, "");
    });
    const result = await update(origin, root);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("spec:update failed, nothing written");
    expect(result.stderr).toContain(`overlay action #1 "upload's required Content-Type header parameter"`);
    expect(await hashTree(root)).toEqual(before);
  });

  it("changes no file when a page cannot be fetched", async () => {
    const root = await scratchRoot();
    const before = await hashTree(root);
    const { origin } = await serve(addUploadPurpose, (name) =>
      name === "file-management-delete.md" ? { status: 500 } : undefined,
    );
    const result = await update(origin, root);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${origin}/docs/api-reference/file-management-delete.md: HTTP 500`);
    expect(await hashTree(root)).toEqual(before);
  });

  it("puts back what it had already moved when moving a file into place fails", async () => {
    const root = await scratchRoot();
    // The merged spec's path is taken by a folder: upload.yaml is moved into place first, then
    // renaming the merged spec over the folder fails, and upload.yaml must be put back.
    await rm(path.join(root, MERGED_SPEC));
    await mkdir(path.join(root, MERGED_SPEC));
    await writeFile(path.join(root, MERGED_SPEC, "keep.txt"), "in the way\n");
    const before = await hashTree(root);
    const { origin } = await serve(addUploadPurpose);
    const result = await update(origin, root);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("spec:update failed, nothing written: could not move files into");
    // Same files, same bytes: no temporary file left beside any target either.
    expect(await hashTree(root)).toEqual(before);
  });
});
