// Smoke mode: every benchmark runs at tiny sizes and must produce finite, positive figures.
// Timings are never asserted: this is a test that the benchmarks still work, not of speed.
import { describe, expect, it } from "vitest";
import { runBenchmarks, smokeConfig } from "../src/bench.js";
import { contenders } from "../src/requests.js";

const finitePositive = (value: number) => Number.isFinite(value) && value > 0;

describe("pnpm bench, smoke mode", () => {
  it("produces every figure, finite", async () => {
    const printed: string[] = [];
    const results = await runBenchmarks(smokeConfig, (line) => printed.push(line));

    expect(results.requests.map((r) => r.concurrency)).toEqual([1, 16]);
    for (const r of results.requests) {
      for (const c of contenders) {
        expect(r.rounds[c]).toHaveLength(smokeConfig.requests.rounds);
        expect(finitePositive(r.reqPerSec[c]), `${c} req/s at ${r.concurrency}`).toBe(true);
        expect(finitePositive(r.ratioToRawFetch[c]), `${c} ratio at ${r.concurrency}`).toBe(true);
        expect(finitePositive(r.cpuMicrosPerRequest[c]), `${c} CPU at ${r.concurrency}`).toBe(true);
        expect(finitePositive(r.cpuRatioToRawFetch[c]), `${c} CPU ratio at ${r.concurrency}`).toBe(true);
      }
      expect(r.ratioToRawFetch["raw fetch"]).toBe(1);
      expect(r.cpuRatioToRawFetch["raw fetch"]).toBe(1);
    }

    expect(results.transfers.map((t) => t.mode)).toEqual([
      "upload:client",
      "upload:fetch-stream",
      "upload:fetch-stream-redirect-follow",
      "upload:fetch-formdata-openAsBlob",
      "download:client",
      "download:fetch-stream",
    ]);
    for (const t of results.transfers) {
      expect(finitePositive(t.throughput), `${t.mode} throughput`).toBe(true);
      expect(finitePositive(t.ratioToRawFetch), `${t.mode} ratio`).toBe(true);
      expect(finitePositive(t.cpuRatioToRawFetch), `${t.mode} CPU ratio`).toBe(true);
      expect(Number.isFinite(t.peakGrowth), `${t.mode} RSS growth`).toBe(true);
      for (const run of t.runs) expect(run.bytes).toBe(smokeConfig.transfers.bytes);
    }

    expect(results.decoding.map((d) => d.name)).toContain("client, unsafe ids, ids: bigint");
    for (const d of results.decoding) {
      expect(finitePositive(d.ms), `${d.name} ms`).toBe(true);
      expect(finitePositive(d.ratioToJsonParse), `${d.name} ratio`).toBe(true);
    }

    expect(results.size.checks.map((c) => c.name)).toEqual([
      expect.stringContaining("root entry"),
      expect.stringContaining("browser build"),
    ]);
    for (const c of results.size.checks) expect(c.size, c.name).toBeGreaterThan(1000);
    // The breakdown accounts for the root entry: its parts add up to the measured size (src/ and
    // dist/ bundle a little differently), and each dependency is measured, not estimated.
    const parts = new Map(results.breakdown.map((p) => [p.part, p]));
    expect(parts.get("openapi-fetch")?.exact).toBe(true);
    expect(parts.get("@org/minimax-files-types")?.exact).toBe(true);
    expect(parts.get("transport.ts")?.bytes).toBeGreaterThan(500);
    const sum = results.breakdown.reduce((total, p) => total + p.bytes, 0);
    expect(Math.abs(sum - results.size.checks[0]!.size) / results.size.checks[0]!.size).toBeLessThan(0.05);
    expect(finitePositive(results.coldImport?.importMs ?? Number.NaN)).toBe(true);
    expect(Number.isFinite(results.coldImport?.processOverheadMs)).toBe(true);

    expect(results.pipeline.map((p) => p.exitCode)).toEqual([0, 0]);
    for (const p of results.pipeline) expect(finitePositive(p.ms)).toBe(true);

    // 2×3 request-overhead (time, CPU, vs openapi-fetch), 2×2 transfer (throughput, RSS), 4 decoding,
    // 2 size and 1 cold-import target, each a finite number.
    expect(results.targets).toHaveLength(17);
    for (const t of results.targets) expect(Number.isFinite(t.value), t.target).toBe(true);
    for (const t of results.targets) expect(typeof t.met, t.target).toBe("boolean");

    const output = printed.join("\n");
    for (const heading of ["## 1.", "## 2.", "## 3.", "## 4.", "## 5.", "## Targets"])
      expect(output).toContain(heading);
    expect(output).not.toMatch(/NaN|Infinity/);
  });
});
