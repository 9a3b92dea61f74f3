// Issue 14's targets, each as a number and its bound, so that several runs can be summarised
// (median and range of each figure) as well as judged one by one.
import { type DecodeCase, FLOOR } from "./decode.js";
import type { RequestOverheadResult } from "./requests.js";
import { type ColdImport, ownCodeBytes, type SizeCheck, type SizePart } from "./size.js";
import { fixed, MiB } from "./stats.js";
import type { TransferSummary } from "./transfers.js";

export interface Target {
  target: string;
  value: number;
  unit: string;
  digits: number;
  /** The value must be at most (`max`), below (`below`) or at least (`min`) `bound`. */
  bound: number;
  kind: Kind;
  met: boolean;
  /** Context printed beside the value (the CPU ratio beside the time ratio). */
  detail?: string;
}

type Kind = "max" | "below" | "min";

/** Whether `value` is within `bound` (at most for `max`, strictly less for `below`, at least for `min`). */
export function meets(kind: Kind, bound: number, value: number): boolean {
  if (kind === "below") return value < bound;
  return kind === "max" ? value <= bound : value >= bound;
}

function target(
  name: string,
  value: number,
  kind: Kind,
  bound: number,
  unit = "×",
  digits = 2,
  detail?: string,
): Target {
  return { target: name, value, unit, digits, bound, kind, met: meets(kind, bound, value), detail };
}

export function issueTargets(results: {
  requests: RequestOverheadResult[];
  transfers: TransferSummary[];
  decoding: DecodeCase[];
  size: { checks: SizeCheck[] };
  /** Where the root entry's bytes are (empty when the size section did not run). */
  breakdown?: SizePart[];
  coldImport: ColdImport | undefined;
}): Target[] {
  const throughputBound = (mode: string) => (mode.startsWith("upload:") ? 0.9 : 0.95);
  return [
    ...results.requests.flatMap((r) => [
      ...(
        [
          ["time", r.ratioToRawFetch],
          ["CPU", r.cpuRatioToRawFetch],
        ] as const
      ).map(([what, ratio]) =>
        target(
          `client ≤ 1.10× raw fetch's ${what}, ${r.concurrency} in flight`,
          ratio.client,
          "max",
          1.1,
          "×",
          2,
          ` (raw fetch + timeout: ${fixed(ratio["raw fetch + timeout"])}×)`,
        ),
      ),
      // The issue's "reference to beat": the client's time over plain openapi-fetch's.
      target(
        `client ≤ 1.00× openapi-fetch's time, ${r.concurrency} in flight`,
        r.ratioToRawFetch.client / r.ratioToRawFetch["openapi-fetch"],
        "max",
        1,
        "×",
        2,
        ` (CPU ${fixed(r.cpuRatioToRawFetch.client / r.cpuRatioToRawFetch["openapi-fetch"])}×)`,
      ),
    ]),
    ...results.transfers
      .filter((t) => t.mode.endsWith(":client"))
      .flatMap((t) => [
        target(
          `${t.mode} ≥ ${throughputBound(t.mode)}× raw fetch throughput`,
          t.ratioToRawFetch,
          "min",
          throughputBound(t.mode),
          "×",
          2,
          ` (CPU per byte ${fixed(t.cpuRatioToRawFetch)}×)`,
        ),
        target(`${t.mode} peak RSS growth < 64 MiB`, t.peakGrowth / MiB, "below", 64, " MiB", 1),
      ]),
    ...results.decoding
      .filter((d) => d.name.startsWith("client"))
      .map((d) => {
        const floor = results.decoding.find((f) => f.name === d.name.replace("client", FLOOR));
        const detail = floor ? ` (floor: ${fixed(floor.ratioToJsonParse)}×)` : undefined;
        return target(`${d.name} ≤ 1.2× JSON.parse`, d.ratioToJsonParse, "max", 1.2, "×", 2, detail);
      }),
    ...results.size.checks.map((c, i) => {
      // The floor: what the root entry holds besides the runtime's own code (section 4's table).
      const parts = i === 0 ? (results.breakdown ?? []) : [];
      const dependencies = parts.filter((p) => p.exact).map((p) => `${p.part} ${p.bytes} B`);
      const detail = parts.length > 0 ? ` (${dependencies.join(", ")}, own code ~${ownCodeBytes(parts)} B)` : undefined;
      return target(`${c.name} ≤ 10,000 B`, c.size, "max", 10_000, " B", 0, detail);
    }),
    ...(results.coldImport ? [target("cold import ≤ 100 ms", results.coldImport.importMs, "max", 100, " ms", 1)] : []),
  ];
}
