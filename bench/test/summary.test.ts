import { describe, expect, it } from "vitest";
import { summarizeRuns } from "../src/summary.js";
import type { Target } from "../src/targets.js";

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
