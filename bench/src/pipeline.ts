import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stripVTControlCharacters } from "node:util";
import { repoRoot } from "./paths.js";

export interface TimedCommand {
  label: string;
  command: string;
  args: string[];
}

export interface CommandTiming {
  label: string;
  ms: number;
  exitCode: number | null;
  /** turbo's "Cached: N cached, M total" line, when the command printed one. */
  turboCached?: string;
}

/**
 * `pnpm generate` for real (turbo --force) and replayed, then `pnpm test` cold and from cache.
 * Run in a fresh clone (timeInClone): in a working tree where others are editing, files change
 * between the two test runs and turbo rightly misses its cache; the clone also keeps the timed
 * commands from writing into anyone's working tree.
 */
export const fullPipeline: TimedCommand[] = [
  {
    label: "pnpm generate (turbo --force, no cache)",
    command: "pnpm",
    args: ["exec", "turbo", "run", "generate", "--force"],
  },
  { label: "pnpm generate (from turbo's cache)", command: "pnpm", args: ["generate"] },
  { label: "pnpm test (first run: builds and tests everything)", command: "pnpm", args: ["test"] },
  { label: "pnpm test (repeated, from turbo's cache)", command: "pnpm", args: ["test"] },
];

/** For a busy shared machine: one package's build, uncached then cached, instead of the whole test run. */
export const lightPipeline: TimedCommand[] = [
  fullPipeline[0]!,
  fullPipeline[1]!,
  ...["first run", "repeated, from turbo's cache"].map((when) => ({
    label: `turbo run build --filter @org/minimax-files-types (${when})`,
    command: "pnpm",
    args: ["exec", "turbo", "run", "build", "--filter", "@org/minimax-files-types"],
  })),
];

export async function timeCommands(commands: TimedCommand[], cwd = repoRoot): Promise<CommandTiming[]> {
  const timings: CommandTiming[] = [];
  for (const { label, command, args } of commands) {
    const start = performance.now();
    const child = spawn(command, args, {
      cwd,
      env: { ...process.env, TURBO_TELEMETRY_DISABLED: "1", DO_NOT_TRACK: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      output += chunk;
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      output += chunk;
    });
    const exitCode = await new Promise<number | null>((resolve, reject) => {
      child.on("error", reject).on("close", resolve);
    });
    const ms = performance.now() - start;
    const cached = /Cached:\s+(\d+ cached, \d+ total)/.exec(stripVTControlCharacters(output));
    timings.push({ label, ms, exitCode, ...(cached ? { turboCached: cached[1] } : {}) });
  }
  return timings;
}

/** Clones the repository's HEAD to a temporary directory, installs from the local store, times `commands` there, removes it. */
export async function timeInClone(commands: TimedCommand[]): Promise<CommandTiming[]> {
  const dir = await mkdtemp(join(tmpdir(), "minimax-files-pipeline-"));
  try {
    const setup = await timeCommands(
      [
        { label: "setup: git clone of HEAD", command: "git", args: ["clone", "--quiet", "--shared", repoRoot, dir] },
        {
          label: "setup: pnpm install --prefer-offline --frozen-lockfile",
          command: "pnpm",
          args: ["install", "--prefer-offline", "--frozen-lockfile"],
        },
      ],
      dir,
    );
    if (setup.some((step) => step.exitCode !== 0)) return setup;
    return [...setup, ...(await timeCommands(commands, dir))];
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
