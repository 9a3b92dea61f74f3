import { describe, expect, it, vi } from "vitest";
import type { Change } from "../src/drift/changes.js";
import {
  hashTree,
  mutate,
  pageServerPerTest,
  runScript,
  scratchRoot,
  unreachableOrigin,
} from "./fixtures/page-server.js";

// Each test starts real subprocesses (tsx compiles on start); on a busy 2-core machine that is slow.
vi.setConfig({ testTimeout: 180_000 });

// `pnpm spec:check` as a subprocess against a real HTTP server serving the page fixtures.
const serve = pageServerPerTest();

const check = (origin: string, ...args: string[]) =>
  runScript("spec-check", ["--upstream", origin, "--retry-delay-ms", "10", ...args]);

const checkJson = async (origin: string, ...args: string[]) => {
  const result = await check(origin, "--json", ...args);
  return { ...result, changes: JSON.parse(result.stdout) as Change[] };
};

describe("spec:check", () => {
  it("exits 0 and reports no drift when the pages match spec/upstream/", async () => {
    const { origin, requests } = await serve();
    const result = await check(origin);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("no drift: 5 pages match");
    // Each page's path from spec/sources.yaml was kept; only the origin changed.
    expect([...requests].sort()).toEqual(
      ["delete", "list", "retrieve", "retrieve-content", "upload"]
        .map((op) => `/docs/api-reference/file-management-${op}.md`)
        .sort(),
    );
  });

  it("exits 1 with one non-breaking line naming an enum value added to a request", async () => {
    const { origin } = await serve((pages) =>
      mutate(
        pages,
        "file-management-upload.md",
        "                    - video_understanding\n",
        "                    - video_understanding\n                    - video_generation_input\n",
      ),
    );
    // spec:check never writes, drift or not.
    const root = await scratchRoot();
    const before = await hashTree(root);
    const result = await check(origin, "--root", root);
    expect(await hashTree(root)).toEqual(before);
    expect(result.code).toBe(1);
    const lines = result.stdout.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^non-breaking +upload +enum-value-added .*"purpose".*"video_generation_input"/);
    expect(lines[0]).toContain(
      "/paths/~1v1~1files~1upload/post/requestBody/content/multipart~1form-data/schema/properties/purpose/enum",
    );

    const json = await checkJson(origin);
    expect(json.code).toBe(1);
    expect(json.changes).toEqual([
      {
        operation: "upload",
        path: "/paths/~1v1~1files~1upload/post/requestBody/content/multipart~1form-data/schema/properties/purpose/enum",
        kind: "enum-value-added",
        severity: "non-breaking",
        message: expect.stringContaining('"video_generation_input"'),
      },
    ]);
  });

  it("classifies a removed parameter and a changed property type as breaking", async () => {
    const { origin } = await serve((pages) => {
      // list drops its `purpose` query parameter …
      mutate(pages, "file-management-list.md", / {6}parameters:\n[\s\S]*?example: t2a_async_input\n/, "");
      // … and FileObject.bytes turns from integer into string.
      mutate(
        pages,
        "file-management-list.md",
        "        bytes:\n          type: integer",
        "        bytes:\n          type: string",
      );
    });
    const { code, changes } = await checkJson(origin);
    expect(code).toBe(1);
    expect(changes).toContainEqual({
      operation: "list",
      path: "/paths/~1v1~1files~1list/get/parameters/0",
      kind: "parameter-removed",
      severity: "breaking",
      message: 'GET /v1/files/list: query parameter "purpose" removed',
    });
    expect(changes).toContainEqual({
      operation: "list",
      path: "/components/schemas/FileObject/properties/bytes/type",
      kind: "property-type-changed",
      severity: "breaking",
      message: 'schema FileObject (response) property "bytes": type "integer" → "string"',
    });
    expect(changes).toHaveLength(2);
  });

  it("names the old and the new server URL", async () => {
    const { origin } = await serve((pages) =>
      mutate(
        pages,
        "file-management-retrieve.md",
        "  - url: https://api.minimax.io\n",
        "  - url: https://api-global.minimax.io\n",
      ),
    );
    const result = await check(origin);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(
      /^breaking +retrieve +server-url-changed +server URL changed: https:\/\/api\.minimax\.io → https:\/\/api-global\.minimax\.io — at \/servers$/m,
    );
  });

  it("reports a description-only change as its own kind, and formatting-only differences too", async () => {
    const { origin } = await serve((pages) => {
      mutate(
        pages,
        "file-management-delete.md",
        "description: Status details.",
        "description: Status details, in English.",
      );
      // Same document, other bytes: a flow sequence instead of a block one.
      mutate(pages, "file-management-list.md", "security:\n  - bearerAuth: []\n", "security: [{bearerAuth: []}]\n");
    });
    const { code, changes } = await checkJson(origin);
    expect(code).toBe(1);
    expect(changes.map(({ operation, kind, severity }) => ({ operation, kind, severity }))).toEqual([
      { operation: "list", kind: "formatting", severity: "non-breaking" },
      { operation: "delete", kind: "description-changed", severity: "non-breaking" },
    ]);
  });

  it("retries a failed fetch once", async () => {
    const { origin, requests } = await serve(undefined, (name, previous) =>
      name === "file-management-list.md" && previous === 0 ? { status: 503 } : undefined,
    );
    const result = await check(origin);
    expect(result.code).toBe(0);
    expect(requests.filter((p) => p.endsWith("file-management-list.md"))).toHaveLength(2);
  });

  it("takes the origin from MINIMAX_DOCS_ORIGIN when --upstream is not given", async () => {
    const { origin, requests } = await serve();
    const result = await runScript("spec-check", [], { MINIMAX_DOCS_ORIGIN: origin });
    expect(result.code).toBe(0);
    expect(requests).toHaveLength(5);
  });

  it("refuses an --upstream that is not a bare origin, before fetching anything", async () => {
    const result = await runScript("spec-check", ["--upstream", "http://127.0.0.1:9/mirror/"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("must be an origin only");
  });
});

describe("spec:check could not check (exit 2, tree untouched)", () => {
  it("names every page of an unreachable upstream", async () => {
    const root = await scratchRoot();
    const before = await hashTree(root);
    const origin = await unreachableOrigin();
    const result = await check(origin, "--root", root);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    for (const op of ["upload", "list", "retrieve", "retrieve-content", "delete"]) {
      expect(result.stderr).toContain(`${origin}/docs/api-reference/file-management-${op}.md`);
    }
    expect(result.stderr).toContain("after one retry");
    expect(await hashTree(root)).toEqual(before);
  });

  it("names a page without a yaml block", async () => {
    const root = await scratchRoot();
    const before = await hashTree(root);
    const { origin } = await serve((pages) =>
      mutate(pages, "file-management-delete.md", /````yaml[\s\S]*````\n?/, "moved\n"),
    );
    const result = await check(origin, "--root", root);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      `delete page ${origin}/docs/api-reference/file-management-delete.md: no \`\`\`\`yaml block found`,
    );
    expect(await hashTree(root)).toEqual(before);
  });

  it("names a page whose yaml block does not parse", async () => {
    const { origin } = await serve((pages) => mutate(pages, "file-management-list.md", "paths:\n", "paths: [\n"));
    const result = await check(origin);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /list page http:\/\/127\.0\.0\.1:\d+\/docs\/api-reference\/file-management-list\.md: the embedded YAML does not parse/,
    );
  });

  it("names the page on an HTTP error, without retrying a 404", async () => {
    const { origin, requests } = await serve((pages) => pages.delete("file-management-retrieve.md"));
    const result = await check(origin);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${origin}/docs/api-reference/file-management-retrieve.md: HTTP 404`);
    expect(requests.filter((p) => p.endsWith("file-management-retrieve.md"))).toHaveLength(1);
  });

  it("gives up on a page that never answers after the timeout and one retry", async () => {
    const { origin, requests } = await serve(undefined, (name) =>
      name === "file-management-upload.md" ? { hang: true } : undefined,
    );
    // 1.5 s, not 300 ms: with less, a loaded machine's server had not yet logged the retry when the
    // check gave up on it (seen once with two test suites running side by side).
    const result = await check(origin, "--timeout-ms", "1500");
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      `${origin}/docs/api-reference/file-management-upload.md: no answer within 1500 ms (after one retry)`,
    );
    expect(requests.filter((p) => p.endsWith("file-management-upload.md"))).toHaveLength(2);
  });
});
