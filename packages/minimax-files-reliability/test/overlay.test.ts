/**
 * Why each spec/overlay.yaml action exists. Prism serves (1) the upstream documents merged without
 * the overlay and (2) for each action, the overlay minus that action; the same client calls run
 * against each. An action is justified when leaving it out breaks the contract of the operations
 * listed below. Actions no contract can catch are listed with what does catch them (the generated
 * types or the spec lint), so a new action without an entry here fails this file.
 */

import { generateTypes } from "@org/minimax-files-scripts/generate";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { failing, type ProbedOperation, type ProbeReport, probeContract } from "../src/contract-probe.js";
import { startPrism } from "../src/prism.js";
import { createCollector, SECRET_API_KEY } from "../src/secrets.js";
import {
  createSpecFolder,
  loadOverlay,
  type SpecFolder,
  upstreamWithoutOverlay,
  withoutOverlayAction,
} from "../src/specs.js";

const collector = createCollector("overlay");

type Justification =
  /** Without the action these operations break their contract; `evidence` matches why. */
  | { breaks: ProbedOperation[]; evidence: RegExp }
  /** No contract breaks; `caughtBy` says what does, `typesWithout` is checked on the generated types. */
  | { breaks: []; caughtBy: string; typesWithout?: { lacks?: RegExp; has?: RegExp } };

const justifications: Record<string, Justification> = {
  "upload's required Content-Type header parameter": {
    breaks: ["upload"],
    // fetch writes `multipart/form-data; boundary=…`, which the parameter's enum rejects.
    evidence: /header parameter content-type must be equal to one of the allowed values: multipart\/form-data/,
  },
  "delete's required Content-Type header parameter": {
    breaks: [],
    caughtBy:
      "generated types: without it every delete call must pass a Content-Type header parameter; the client's own " +
      "`application/json` happens to satisfy Prism's enum",
    typesWithout: {
      has: /deleteFile: \{\s*parameters: \{\s*query\?: never;\s*header: \{[^}]*"Content-Type": "application\/json"/,
    },
  },
  "retrieve_content's binary body declared as application/json": {
    breaks: ["retrieveContent", "download"],
    // The JSON-encoded `"string"` reaches the client: not an error envelope (decided by content),
    // so it is taken for the file, and its bytes are not the binary body the spec describes.
    evidence: /content-type application\/json, body "\\"string\\""|wrote "\\"string\\"" \(8 bytes\)/,
  },
  "retrieve_content's body is the file's bytes": {
    breaks: ["retrieveContent", "download"],
    // With no content declared for 200, Prism answers an empty body without a Content-Type.
    evidence: /content-type null, body ""|wrote "" \(0 bytes\)/,
  },
  "FileObject lacks the download_url that retrieve returns": {
    breaks: [],
    caughtBy: "generated types: FileObject has no download_url, so retrieve()'s result could not expose it",
    typesWithout: { lacks: /download_url\?: string/ },
  },
  "FileObject's always-present fields are not marked required": {
    breaks: [],
    caughtBy:
      "generated types: without it every FileObject field is optional, so every returned id needs a `!`; the " +
      "runtime's presence check (MiniMaxResponseError) is what keeps the required types honest",
    typesWithout: { has: /file_id\?: number;/ },
  },
  "list example's ${file_id} placeholders": {
    breaks: ["list"],
    evidence: /HTTP 500.*files\.0\.file_id must be integer/,
  },
  "upload example's ${file_id} placeholder": {
    breaks: ["upload"],
    evidence: /HTTP 500.*file\.file_id must be integer/,
  },
  "retrieve example's ${file_id} placeholder": {
    breaks: ["retrieve"],
    evidence: /HTTP 500.*file\.file_id must be integer/,
  },
  "delete request example's ${file_id} placeholder": {
    breaks: [],
    caughtBy: "spec lint (Redocly no-invalid-schema-examples); Prism never reads request examples",
  },
  "delete response example's ${file_id} placeholder": {
    breaks: ["delete"],
    evidence: /HTTP 500.*file_id must be integer/,
  },
};

/** Variants probed at once: each is a Prism process (~150 MB); the machine has two cores. */
const CONCURRENT_PRISMS = 3;

let folder: SpecFolder;
let upstreamReport: ProbeReport;
const actionReports = new Map<number, ProbeReport>();
const variants = new Map<number, unknown>();

beforeAll(async () => {
  folder = await createSpecFolder();
  const overlay = await loadOverlay();
  const jobs: Array<() => Promise<void>> = [
    async () => {
      upstreamReport = await probeSpec("upstream-without-overlay", await upstreamWithoutOverlay());
    },
    ...overlay.actions.map((_, index) => async () => {
      const variant = await withoutOverlayAction(index);
      variants.set(index, variant);
      actionReports.set(index, await probeSpec(`without-action-${index + 1}`, variant));
    }),
  ];
  const run = async () => {
    for (let job = jobs.shift(); job; job = jobs.shift()) await job();
  };
  await Promise.all(Array.from({ length: CONCURRENT_PRISMS }, run));
}, 180_000);
afterAll(async () => {
  await folder?.remove();
});

async function probeSpec(name: string, doc: unknown): Promise<ProbeReport> {
  const prism = await startPrism(await folder.write(name, doc));
  try {
    return await probeContract(prism, SECRET_API_KEY, collector);
  } finally {
    await prism.close();
  }
}

test("every overlay action has exactly one entry here", async () => {
  const overlay = await loadOverlay();
  expect(overlay.actions.map((action) => action.description).sort()).toEqual(Object.keys(justifications).sort());
});

test("without the overlay, every operation breaks its contract", () => {
  const report = upstreamReport;
  expect(failing(report)).toEqual(["upload", "list", "retrieve", "retrieveContent", "download", "delete"]);
  // Prism demands the Content-Type header parameter on upload…
  expect(report.upload).toMatch(/header parameter content-type must be equal to one of the allowed values/);
  // …answers retrieve_content as JSON…
  expect(report.retrieveContent).toMatch(/content-type application\/json/);
  // …and refuses to serve examples whose ids are the string "${file_id}".
  expect(report.list).toMatch(/file_id must be integer/);
  expect(report.retrieve).toMatch(/file_id must be integer/);
  expect(report.delete).toMatch(/file_id must be integer/);
});

describe("each overlay action, left out alone", async () => {
  const overlay = await loadOverlay();
  test.each(overlay.actions.map((action, index) => [action.description ?? action.target, index] as const))(
    "%s",
    async (description, index) => {
      const justification = justifications[description];
      expect(justification, `no justification recorded for overlay action "${description}"`).toBeDefined();
      const report = actionReports.get(index)!;
      expect(failing(report), JSON.stringify(report, null, 2)).toEqual(justification!.breaks);
      if ("evidence" in justification!) {
        for (const operation of justification.breaks) expect(report[operation]).toMatch(justification.evidence);
      } else if (justification!.typesWithout) {
        const types = await generateTypes(variants.get(index) as Parameters<typeof generateTypes>[0]);
        const { lacks, has } = justification!.typesWithout;
        if (lacks) expect(types).not.toMatch(lacks);
        if (has) expect(types).toMatch(has);
      }
    },
  );
});

test("the committed overlay's types carry what the type-level justifications claim", async () => {
  const { buildSpec } = await import("@org/minimax-files-scripts/generate");
  const types = await generateTypes(await buildSpec());
  expect(types).toMatch(/download_url\?: string/);
  expect(types).toMatch(/file_id: number;\s[\s\S]*?bytes: number;[\s\S]*?purpose: string;/);
  expect(types).not.toMatch(/deleteFile: \{\s*parameters: \{\s*query\?: never;\s*header: \{/);
});
