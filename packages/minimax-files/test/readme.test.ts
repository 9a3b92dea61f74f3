// The README's TypeScript: every ```ts block type-checks under `strict` with no non-null `!` and no
// cast, as a consumer importing "@org/minimax-files" would compile it; the Usage block then runs as
// written (transpiled, in a real `node` subprocess importing the built package) against the fake
// server, with only MINIMAX_API_KEY and MINIMAX_BASE_URL set.
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, readFile, symlink, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { useFakeMiniMax, useTempDir } from "./helpers.js";

const packageRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const ctx = useFakeMiniMax();
const tmp = useTempDir();

interface Block {
  section: string;
  code: string;
}

async function tsBlocks(): Promise<Block[]> {
  const readme = await readFile(join(packageRoot, "README.md"), "utf8");
  return readme.split(/^## /m).flatMap((section) =>
    [...section.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => ({
      section: section.slice(0, section.indexOf("\n")),
      code: match[1] ?? "",
    })),
  );
}

/** Non-null assertions and casts in a block: each would let it compile while hiding a wrong type. */
function escapes(source: ts.SourceFile): string[] {
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isNonNullExpression(node) || ts.isAsExpression(node) || ts.isTypeAssertionExpression(node)) {
      if (!(ts.isAsExpression(node) && node.type.getText(source) === "const")) found.push(node.getText(source));
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe("README.md", () => {
  it("every ts block compiles under strict, with no `!` and no cast", async () => {
    expect(existsSync(join(packageRoot, "dist/index.d.ts")), "build the package first (pnpm build)").toBe(true);
    const blocks = await tsBlocks();
    expect(blocks.map((b) => b.section)).toEqual(expect.arrayContaining(["Usage", "Options", "The raw `api` client"]));
    // Virtual files inside the package: "@org/minimax-files" resolves to the built package by its
    // own name (exports), and undici / @types/node from its node_modules, as in a consumer project.
    const files = new Map(blocks.map((block, index) => [join(packageRoot, `readme-block-${index}.ts`), block.code]));
    const options: ts.CompilerOptions = {
      strict: true,
      noEmit: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      lib: ["lib.es2023.d.ts", "lib.dom.d.ts", "lib.dom.iterable.d.ts"],
      types: ["node"],
      skipLibCheck: true,
    };
    const host = ts.createCompilerHost(options);
    const readFileReal = host.readFile.bind(host);
    const getSourceFileReal = host.getSourceFile.bind(host);
    host.fileExists = (name) => files.has(name) || ts.sys.fileExists(name);
    host.readFile = (name) => files.get(name) ?? readFileReal(name);
    host.getSourceFile = (name, language) => {
      const text = files.get(name);
      return text === undefined ? getSourceFileReal(name, language) : ts.createSourceFile(name, text, language, true);
    };
    const program = ts.createProgram([...files.keys()], options, host);
    const problems = ts.getPreEmitDiagnostics(program).map((d) => {
      const where = d.file
        ? `${d.file.fileName.replace(`${packageRoot}/`, "")}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}`
        : "";
      return `${where} ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`;
    });
    expect(problems).toEqual([]);
    for (const name of files.keys()) {
      const source = program.getSourceFile(name);
      if (!source) throw new Error(`${name} was not compiled`);
      expect(escapes(source), name).toEqual([]);
    }
  });

  it("the Usage block runs as written against the fake server", async () => {
    expect(existsSync(join(packageRoot, "dist/index.js")), "build the package first (pnpm build)").toBe(true);
    const usage = (await tsBlocks()).find((block) => block.section === "Usage");
    if (!usage) throw new Error("README.md has no ```ts block under ## Usage");
    // Resolve "@org/minimax-files" the way an installed consumer would: node_modules → the package.
    await mkdir(join(tmp.dir, "node_modules/@org"), { recursive: true });
    await symlink(packageRoot, join(tmp.dir, "node_modules/@org/minimax-files"), "dir");
    const js = ts.transpileModule(usage.code, {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
    }).outputText;
    await writeFile(join(tmp.dir, "example.mjs"), js);
    await writeFile(join(tmp.dir, "speech.txt"), "Hello from the README.");

    const { MINIMAX_API_KEY: _key, MINIMAX_BASE_URL: _url, ...env } = process.env;
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ["example.mjs"], {
      cwd: tmp.dir,
      env: { ...env, MINIMAX_API_KEY: ctx.server.apiKey, MINIMAX_BASE_URL: ctx.server.url },
    });

    expect(stderr).toBe("");
    const lines = stdout.trim().split("\n");
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/^uploaded \d+ speech\.txt 22$/);
    expect(lines[1]).toBe("listed speech.txt");
    expect(lines[2]).toBe(`downloaded 22 bytes to ${join(tmp.dir, "speech-copy.txt")}`);
    expect(lines[3]).toMatch(/^deleted \d+ \(trace id logged\)$/);
    expect(await readFile(join(tmp.dir, "speech-copy.txt"), "utf8")).toBe("Hello from the README.");
    expect(ctx.server.files).toHaveLength(0);
    expect(ctx.server.requests.map((r) => r.operation)).toEqual(["upload", "list", "retrieveContent", "delete"]);
  });
});
