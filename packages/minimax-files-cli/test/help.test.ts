import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { runCli } from "./support/cli.js";

describe("--help", () => {
  it("lists the commands, the environment and the exit codes on stdout", async () => {
    const { code, stdout, stderr } = await runCli(["--help"]);
    expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
    for (const command of ["list", "upload", "retrieve", "download", "delete", "prune", "sync", "demo"]) {
      expect(stdout).toMatch(new RegExp(`^  ${command}\\b`, "m"));
    }
    for (const variable of ["MINIMAX_API_KEY", "MINIMAX_BASE_URL", "MINIMAX_REGION"])
      expect(stdout).toContain(variable);
    expect(stdout).toMatch(/Exit codes:\n {2}0 +success/);
    for (const line of [
      /^ {2}2 +usage error/m,
      /^ {2}3 +MiniMax API error/m,
      /^ {2}4 +network error/m,
      /^ {2}5 +local file error/m,
    ]) {
      expect(stdout).toMatch(line);
    }
  });

  it.each([
    ["list", "minimax-files list --purpose voice_clone"],
    ["upload", "minimax-files upload ./sample.mp3 --purpose voice_clone"],
    ["retrieve", "minimax-files retrieve 307593383186476"],
    ["download", "minimax-files download 307593383186476 -o ./inbox/"],
    ["delete", "minimax-files delete 307593383186476 --purpose voice_clone"],
    ["prune", "minimax-files prune --purpose t2a_async_input --older-than 7d --dry-run"],
    ["sync", "minimax-files sync ./samples --purpose voice_clone --delete --dry-run"],
  ])("%s --help shows its options, the global ones and examples", async (command, example) => {
    const { code, stdout } = await runCli([command, "--help"]);
    expect(code).toBe(0);
    expect(stdout).toContain(`Usage: minimax-files ${command}`);
    expect(stdout).toContain("Examples:");
    expect(stdout).toContain(`$ ${example}`);
    expect(stdout).toContain("--api-key <key>");
    expect(stdout).toContain("--json");
  });

  it("--version prints the package version", async () => {
    const { code, stdout } = await runCli(["--version"]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });

  it("runs from the repository root as `pnpm exec minimax-files --help`", async () => {
    const root = fileURLToPath(new URL("../../..", import.meta.url));
    const { stdout } = await promisify(execFile)("pnpm", ["exec", "minimax-files", "--help"], { cwd: root });
    expect(stdout).toContain("Usage: minimax-files [options] [command]");
    expect(stdout).toContain("Exit codes:");
  });
});
