// Sums vitest's JSON reports (reports/vitest.json in each package) into one `N passed, N failed`
// line, the form CI reads. A package whose tests never ran leaves no report and counts as nothing,
// so a missing report with a failed run still fails through the exit status of `pnpm test`.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

const reports = [];
const walk = (dir) => {
  for (const entry of readdirSync(dir)) {
    if (entry === "node_modules" || entry.startsWith(".")) continue;
    const full = path.join(dir, entry);
    if (!statSync(full).isDirectory()) continue;
    if (entry === "reports") {
      const file = path.join(full, "vitest.json");
      try {
        reports.push(JSON.parse(readFileSync(file, "utf8")));
      } catch {}
    } else walk(full);
  }
};
walk(process.cwd());

let passed = 0;
let failed = 0;
for (const report of reports) {
  passed += report.numPassedTests ?? 0;
  failed += report.numFailedTests ?? 0;
}
console.log(`${passed} passed, ${failed} failed`);
