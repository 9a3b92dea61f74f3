import { fixed, median, table } from "./stats.js";
import { meets, type Target } from "./targets.js";

/** Each target's median and range over several runs; met is judged on the median. */
export function summarizeRuns(runs: Target[][]): string {
  const first = runs[0] ?? [];
  return table([
    ["target", "median", "range", "met (median)"],
    ...first.map((t, i) => {
      const values = runs.map((run) => run[i]!.value);
      const mid = median(values);
      const range = `${fixed(Math.min(...values), t.digits)}–${fixed(Math.max(...values), t.digits)}${t.unit}`;
      return [t.target, `${fixed(mid, t.digits)}${t.unit}`, range, meets(t.kind, t.bound, mid) ? "yes" : "NO"];
    }),
  ]);
}
