import { describe, expect, it } from "vitest";
import { summarizeRuns } from "../src/summary.js";
import { meets, type Target } from "../src/targets.js";

const run = (time: number, size: number): Target[] => [
  { target: "time", value: time, unit: "×", digits: 2, bound: 1.1, kind: "max", met: time <= 1.1 },
  { target: "size", value: size, unit: " B", digits: 0, bound: 10_000, kind: "max", met: size <= 10_000 },
];

describe("bench --runs summary", () => {
  it("reports each target's median and range, judged on the median", () => {
    const text = summarizeRuns([run(1.3, 9_990), run(1.0, 9_990), run(1.05, 10_050)]);
    const rows = text.split("\n").slice(2);
    expect(rows[0]).toMatch(/^\| time\s+\| 1\.05×\s+\| 1\.00–1\.30×\s+\| yes\s+\|$/);
    expect(rows[1]).toMatch(/^\| size\s+\| 9990 B\s+\| 9990–10050 B\s+\| yes\s+\|$/);
    expect(summarizeRuns([run(1.3, 1), run(1.2, 1), run(1.0, 1)]).split("\n")[2]).toMatch(/\| NO\s+\|$/);
  });
});

describe("target bounds", () => {
  it("a strict bound (peak RSS growth < 64 MiB) is missed at the bound itself; an inclusive one is met", () => {
    expect(meets("below", 64, 63.9)).toBe(true);
    expect(meets("below", 64, 64)).toBe(false);
    expect(meets("max", 1.1, 1.1)).toBe(true);
    expect(meets("min", 0.95, 0.95)).toBe(true);
    expect(meets("min", 0.95, 0.94)).toBe(false);
  });
});
