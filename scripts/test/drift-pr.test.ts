import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { MERGED_SPEC, TYPES_FILE } from "../src/generate.js";
import { repoRoot } from "../src/paths.js";
import { mutate, type Pages, pageServerPerTest, type RunResult, run } from "./fixtures/page-server.js";

// The drift pull request, end to end, on a scratch copy of this repository: serve edited pages on
// 127.0.0.1, run `pnpm spec:update` there exactly as .github/workflows/drift.yml does, then run the
// checks of `pnpm test` that depend on the spec and the generated types, and see which pass.
//
// Not the whole `pnpm test` (it would run this file again inside itself, plus the CLI, reliability
// and bench suites, far beyond the budget on CI's 2 cores). These are the checks an upstream change
// can reach: the generated-files check and the spec-reading scripts tests, the types package
// (typecheck, its type and value tests, build), the fake server's typecheck and build (it validates
// purposes with the types' lists) and the runtime's typecheck, which compiles its source and tests
// against the regenerated types. Budget: about 2 minutes for the file.
vi.setConfig({ testTimeout: 300_000, hookTimeout: 300_000 });

const serve = pageServerPerTest();
const MINUTES = 60_000;

/** Working-tree copy (tracked and untracked, not ignored files) with its own offline install. */
let clone = "";
/** What spec:update may rewrite, as committed in the copy, to reset it between the two cases. */
const pristine = new Map<string, Buffer>();
const REWRITTEN = ["spec/upstream", MERGED_SPEC, TYPES_FILE];

async function filesUnder(root: string, entry: string): Promise<string[]> {
  const full = path.join(root, entry);
  if (!(await stat(full)).isDirectory()) return [entry];
  const names = await readdir(full, { recursive: true, withFileTypes: true });
  return names
    .filter((name) => name.isFile())
    .map((name) => path.relative(root, path.join(name.parentPath, name.name)));
}

beforeAll(async () => {
  clone = await mkdtemp(path.join(tmpdir(), "minimax-drift-pr-"));
  const listed = await run("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], repoRoot);
  expect(listed.code).toBe(0);
  for (const file of listed.stdout.split("\0").filter(Boolean)) {
    const from = path.join(repoRoot, file);
    if (!(await stat(from).catch(() => undefined))?.isFile()) continue; // deleted but not yet committed
    await mkdir(path.dirname(path.join(clone, file)), { recursive: true });
    await copyFile(from, path.join(clone, file));
  }
  const install = await run("pnpm", ["install", "--frozen-lockfile", "--offline"], clone, {}, 3 * MINUTES);
  expect(install.code, install.stderr || install.stdout).toBe(0);
  for (const entry of REWRITTEN) {
    for (const file of await filesUnder(clone, entry)) pristine.set(file, await readFile(path.join(clone, file)));
  }
});

afterAll(async () => {
  if (clone) await rm(clone, { recursive: true, force: true });
});

async function resetClone(): Promise<void> {
  for (const [file, bytes] of pristine) await writeFile(path.join(clone, file), bytes);
  for (const name of await readdir(path.join(clone, ".changeset"))) {
    if (name.startsWith("upstream-drift-")) await rm(path.join(clone, ".changeset", name));
  }
}

/** The checks of `pnpm test` an upstream change can reach (see the header), by turbo task name. */
const CHECKS: Array<[task: string, dir: string, command: string[]]> = [
  ["@org/minimax-files-scripts#lint (generated files)", "scripts", ["exec", "tsx", "src/check-generated.ts"]],
  [
    "@org/minimax-files-scripts#test (spec-reading tests)",
    "scripts",
    ["exec", "vitest", "run", "test/generated.test.ts", "test/spec-values.test.ts", "test/drift-static.test.ts"],
  ],
  ["@org/minimax-files-types#typecheck", "packages/minimax-files-types", ["run", "typecheck"]],
  ["@org/minimax-files-types#test", "packages/minimax-files-types", ["exec", "vitest", "run"]],
  ["@org/minimax-files-types#build", "packages/minimax-files-types", ["run", "build"]],
  ["@org/minimax-files-testing#typecheck", "packages/minimax-files-testing", ["run", "typecheck"]],
  ["@org/minimax-files-testing#build", "packages/minimax-files-testing", ["run", "build"]],
  ["@org/minimax-files#typecheck", "packages/minimax-files", ["run", "typecheck"]],
];

async function runChecks(): Promise<Map<string, RunResult>> {
  const results = new Map<string, RunResult>();
  for (const [task, dir, command] of CHECKS) {
    results.set(task, await run("pnpm", ["--silent", ...command], path.join(clone, dir), { CI: "true" }, 3 * MINUTES));
  }
  return results;
}

const failing = (results: Map<string, RunResult>) =>
  [...results].filter(([, result]) => result.code !== 0).map(([task]) => task);

async function specUpdate(origin: string): Promise<RunResult> {
  return run("pnpm", ["spec:update", "--upstream", origin, "--retry-delay-ms", "10"], clone, {}, 3 * MINUTES);
}

const addListPurpose = (pages: Pages) =>
  mutate(
    pages,
    "file-management-list.md",
    "              - t2a_async_input\n            example: t2a_async_input\n",
    "              - t2a_async_input\n              - video_generation\n            example: t2a_async_input\n",
  );

/** A new optional field on FileObject, on every page that declares it (the merge requires them equal). */
const addFileObjectField = (pages: Pages) => {
  for (const page of ["file-management-list.md", "file-management-retrieve.md", "file-management-upload.md"]) {
    mutate(
      pages,
      page,
      "          description: The purpose of the file.\n",
      "          description: The purpose of the file.\n        expires_at:\n          type: integer\n          format: int64\n          description: When the file expires.\n",
    );
  }
};

describe("a drift pull request, simulated on a scratch copy", () => {
  it("non-breaking (a purpose added to list, an optional FileObject field): updated, every check green, no hand edit", async () => {
    await resetClone();
    const { origin } = await serve((pages) => {
      addListPurpose(pages);
      addFileObjectField(pages);
    });
    const update = await specUpdate(origin);
    expect(update.code, update.stderr).toBe(0);
    expect(update.stdout).toContain("bump: minor");
    expect(update.stdout).toMatch(/enum-value-added .*"video_generation"/);
    expect(update.stdout).toMatch(/property-added .*"expires_at"/);
    const types = await readFile(path.join(clone, TYPES_FILE), "utf8");
    expect(types).toContain('["voice_clone", "prompt_audio", "t2a_async_input", "video_generation"]');
    expect(types).toContain("expires_at?: number;");

    const results = await runChecks();
    const report = [...results].map(([task, result]) => `${task}: ${result.code}\n${result.stdout}${result.stderr}`);
    expect(failing(results), report.join("\n\n")).toEqual([]);
  });

  it("breaking (a purpose removed from upload): the update lands, and only the runtime's typecheck fails, on that purpose", async () => {
    await resetClone();
    const { origin } = await serve((pages) =>
      mutate(pages, "file-management-upload.md", "                    - video_understanding\n", ""),
    );
    const update = await specUpdate(origin);
    expect(update.code, update.stderr).toBe(0);
    expect(update.stdout).toContain("bump: major");
    expect(update.stdout).toMatch(/^breaking +upload +enum-value-removed .*"video_understanding"/m);
    const types = await readFile(path.join(clone, TYPES_FILE), "utf8");
    expect(types).toContain('["voice_clone", "prompt_audio", "t2a_async_input"]');

    const results = await runChecks();
    expect(failing(results)).toEqual(["@org/minimax-files#typecheck"]);
    // Every error is about the removed value, and only the runtime's per-purpose extension table
    // holds it: callers' code (tests included) passes purposes as the open Purpose type, so a
    // purpose dropped from a page still compiles there and MiniMax's answer decides.
    const output = results.get("@org/minimax-files#typecheck")?.stdout ?? "";
    const errors = output.split("\n").filter((line) => /error TS\d+/.test(line));
    expect(errors.length).toBeGreaterThan(0);
    const files = new Set(errors.map((line) => line.slice(0, line.indexOf("("))));
    expect([...files].sort()).toEqual(["src/upload.ts"]);
    for (const line of errors) {
      const [file, position] = [line.slice(0, line.indexOf("(")), /\((\d+),/.exec(line)?.[1]];
      const source = (await readFile(path.join(clone, "packages/minimax-files", file), "utf8")).split("\n");
      expect(source[Number(position) - 1], line).toContain("video_understanding");
    }
  });
});
