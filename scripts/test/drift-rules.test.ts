import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { RULES, renderRulesTable, severityOf } from "../src/drift/classify/index.js";
import { README, withRulesTable } from "../src/drift/rules-readme.js";

describe("README's drift rules table", () => {
  it("is the one RULES renders (run `pnpm --filter @org/minimax-files-scripts run rules:readme`)", async () => {
    const readme = await readFile(README, "utf8");
    expect(withRulesTable(readme)).toBe(readme);
  });

  it("has one row per change kind, saying where each case breaks", () => {
    const table = renderRulesTable();
    const rows = table.split("\n").filter((line) => line.startsWith("| `"));
    expect(rows.map((row) => row.split("`")[1])).toEqual(Object.keys(RULES));
    expect(rows).toContain(
      "| `enum-value-added` | in a response | in a request | exhaustive `switch`/`Record` code over a read value breaks |",
    );
    expect(rows).toContain("| `parameter-added` | as required | as optional |  |");
    expect(rows).toContain("| `security-changed` | always | never |  |");
  });
});

describe("severityOf", () => {
  it("takes the stricter side when a change touches both, or none is known", () => {
    expect(severityOf("enum-value-added", undefined, new Set(["request"]))).toBe("non-breaking");
    expect(severityOf("enum-value-added", undefined, new Set(["request", "response"]))).toBe("breaking");
    expect(severityOf("enum-value-removed", undefined, new Set())).toBe("breaking");
  });

  it("refuses a case the rule does not have", () => {
    expect(() => severityOf("parameter-added", "sometimes", new Set())).toThrow(
      /parameter-added has no case "sometimes"/,
    );
    expect(() => severityOf("parameter-added", undefined, new Set())).toThrow(/no case undefined/);
  });
});
