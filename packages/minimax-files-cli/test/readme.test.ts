import { spawn } from "node:child_process";
import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { type CliResult, collectOutput, freePort, shellCommand, tempDirectory } from "./support/cli.js";

const readme = await readFile(new URL("../../../README.md", import.meta.url), "utf8");
const section = readme.slice(readme.indexOf("## Command line"));
const [session, printed] = [...section.matchAll(/```(?:sh|text)\n([\s\S]*?)```/g)].map((m) => m[1]!).slice(1, 3);

/** Times, trace ids, ports and the working directory differ from run to run. */
function normalize(text: string): string[] {
  return text
    .replace(/\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ/g, "<time>")
    .replace(/"created_at": \d+/g, '"created_at": <time>')
    .replace(/\b[0-9a-f]{32}\b/g, "<trace id>")
    .replace(/127\.0\.0\.1:\d+/g, "127.0.0.1:<port>")
    .replace(/^saved \/\S+\//gm, "saved <dir>/")
    .split("\n")
    .filter((line) => line !== "");
}

describe("README's command-line session", () => {
  it("shows exactly the commands the paste block runs", () => {
    const commands = session!
      .split("\n")
      .filter((line) => line.includes("minimax-files ") && !line.includes("fake-server"));
    const shown = printed!
      .split("\n")
      .filter((line) => line.startsWith("$ "))
      .map((line) => line.slice(2));
    expect(shown).toEqual(commands);
  });

  it("runs as written and prints what the README shows, stdout and stderr", async () => {
    expect(session).toMatch(/^pnpm exec minimax-files fake-server --port 8787 & sleep 2\n/);
    const port = String(await freePort());
    // The built CLI stands in for `pnpm exec minimax-files`, in a scratch directory; nothing else
    // changes. stderr joins stdout, in order, as on a terminal.
    const script = `exec 2>&1\n${session!.replaceAll("pnpm exec minimax-files", shellCommand([])).replaceAll("8787", port)}`;
    const dir = await tempDirectory();
    try {
      const { code, stdout } = await bash(script, dir.path);
      expect(code, stdout).toBe(0);
      const expected = normalize(printed!).filter((line) => !line.startsWith("$ "));
      const actual = normalize(stdout).filter(
        (line) => !line.startsWith("export MINIMAX_BASE_URL=") && !line.startsWith("fake MiniMax listening"),
      );
      expect(actual).toEqual(expected);
    } finally {
      await dir.remove();
    }
  });

  it("the bulk jobs session (upload -r, sync, prune --dry-run, prune --yes) too", async () => {
    const bulk = readme.slice(readme.indexOf("### Bulk jobs"));
    const [bulkSession, bulkPrinted] = [...bulk.matchAll(/```(?:sh|text)\n([\s\S]*?)```/g)].map((m) => m[1]!);
    expect(bulkSession).toContain("prune --purpose t2a_async_input --match 'tmp-[12].txt' --dry-run");
    await expectSession(bulkSession!, bulkPrinted!);
  });
});

/** Runs a README session against a fake server on a free port and compares stdout with what the README prints. */
async function expectSession(script: string, shown: string): Promise<void> {
  expect(script).toMatch(/^pnpm exec minimax-files fake-server --port 8787 & sleep 2\n/);
  const port = String(await freePort());
  // The built CLI stands in for `pnpm exec minimax-files`, in a scratch directory; nothing else changes.
  const commands = script.replaceAll("pnpm exec minimax-files", shellCommand([])).replaceAll("8787", port);
  const dir = await tempDirectory();
  try {
    const { code, stdout, stderr } = await bash(commands, dir.path);
    expect(code, stderr).toBe(0);
    const expected = normalize(shown).filter((line) => !line.startsWith("$ "));
    const actual = normalize(stdout).filter((line) => !line.startsWith("export MINIMAX_BASE_URL="));
    expect(actual).toEqual(expected);
  } finally {
    await dir.remove();
  }
}

/** Runs the session with `bash -e`; a step that fails still stops the background fake server. */
function bash(script: string, cwd: string): Promise<CliResult> {
  const child = spawn(
    "bash",
    ["--norc", "--noprofile", "-e", "-c", `trap 'kill $(jobs -p) 2>/dev/null || true' EXIT\n${script}`],
    { cwd, env: { PATH: process.env.PATH ?? "" }, stdio: ["ignore", "pipe", "pipe"] },
  );
  return collectOutput(child);
}
