import { listBody, UNSAFE_ID_BASE } from "./loopback-server.js";
import { median, rotated } from "./stats.js";

export type IdMode = "number" | "string" | "bigint";
/** The client's exact-id decoder, adapted to one signature. */
export type Decode = (text: string, ids: IdMode) => unknown;

export interface DecodeOptions {
  files: number;
  rounds: number;
  iterationsPerRound: number;
}

export interface DecodeCase {
  name: string;
  /** Median milliseconds per decode of the whole list. */
  ms: number;
  /** Time relative to JSON.parse of the same text (>1 is slower). */
  ratioToJsonParse: number;
}

interface Contender {
  name: string;
  text: string;
  run: (text: string) => unknown;
  baseline: string;
}

type Listing = { files: { file_id: unknown }[] };

/**
 * The least an exact decoder can do on Node 20, whose JSON.parse cannot keep an integer's digits
 * (its V8 11.3 gives revivers no source text): quote the long ids in the text, parse, and (for
 * "bigint") make each id a BigInt. It skips what the client adds for safety (the unsafe-integer
 * walk over every value, the canonical-digits check before BigInt), so it is a floor, not a rival.
 */
export const FLOOR = "floor (not the client)";
const LONG_FILE_ID = /("file_id":)(\d{16,})/g;
const quoteIds = (text: string) => text.replace(LONG_FILE_ID, '$1"$2"');

/** Fails loudly if a decoder does not return what it claims, so the timings are of working code. */
function checkIds(name: string, decoded: unknown, files: number, unsafe: boolean, mode: IdMode | "json") {
  const list = (decoded as Listing).files;
  if (list.length !== files) throw new Error(`${name}: decoded ${list.length} files, expected ${files}`);
  const last = list[files - 1]!.file_id;
  if (!unsafe || mode === "json") return;
  const expected = UNSAFE_ID_BASE + BigInt(files - 1) * 2n;
  if (mode === "bigint" ? last !== expected : last !== expected.toString()) {
    throw new Error(`${name}: id ${String(last)} is not exactly ${expected}`);
  }
}

export function benchDecode(decode: Decode, options: DecodeOptions): DecodeCase[] {
  const safe = listBody(options.files);
  const unsafe = listBody(options.files, true);
  const contenders: Contender[] = [
    { name: "JSON.parse, safe ids", text: safe, run: (t) => JSON.parse(t), baseline: "JSON.parse, safe ids" },
    { name: "client, ids: number", text: safe, run: (t) => decode(t, "number"), baseline: "JSON.parse, safe ids" },
    { name: "client, ids: string", text: safe, run: (t) => decode(t, "string"), baseline: "JSON.parse, safe ids" },
    {
      name: "JSON.parse, unsafe ids (rounds them)",
      text: unsafe,
      run: (t) => JSON.parse(t),
      baseline: "JSON.parse, unsafe ids (rounds them)",
    },
    {
      name: "client, unsafe ids, ids: string",
      text: unsafe,
      run: (t) => decode(t, "string"),
      baseline: "JSON.parse, unsafe ids (rounds them)",
    },
    {
      name: "client, unsafe ids, ids: bigint",
      text: unsafe,
      run: (t) => decode(t, "bigint"),
      baseline: "JSON.parse, unsafe ids (rounds them)",
    },
    {
      name: `${FLOOR}, unsafe ids, ids: string`,
      text: unsafe,
      run: (t) => JSON.parse(quoteIds(t)),
      baseline: "JSON.parse, unsafe ids (rounds them)",
    },
    {
      name: `${FLOOR}, unsafe ids, ids: bigint`,
      text: unsafe,
      run: (t) => {
        const list = JSON.parse(quoteIds(t)) as Listing;
        for (const file of list.files) file.file_id = BigInt(file.file_id as string);
        return list;
      },
      baseline: "JSON.parse, unsafe ids (rounds them)",
    },
  ];
  checkIds("client, ids: number", decode(safe, "number"), options.files, false, "number");
  checkIds("client, unsafe ids, ids: string", decode(unsafe, "string"), options.files, true, "string");
  checkIds("client, unsafe ids, ids: bigint", decode(unsafe, "bigint"), options.files, true, "bigint");
  for (const mode of ["string", "bigint"] as const) {
    const floor = contenders.find((c) => c.name === `${FLOOR}, unsafe ids, ids: ${mode}`)!;
    checkIds(floor.name, floor.run(unsafe), options.files, true, mode);
  }

  const perRound = new Map<string, number[]>(contenders.map((c) => [c.name, []]));
  let sink = 0;
  for (const c of contenders) for (let i = 0; i < options.iterationsPerRound; i++) sink ^= c.run(c.text) ? 1 : 0;
  for (let round = 0; round < options.rounds; round++) {
    for (const c of rotated(contenders, round)) {
      const start = performance.now();
      for (let i = 0; i < options.iterationsPerRound; i++) sink ^= c.run(c.text) ? 1 : 0;
      perRound.get(c.name)!.push((performance.now() - start) / options.iterationsPerRound);
    }
  }
  if (sink === 2) console.log("unreachable: keeps the decoded values observable");
  return contenders.map((c) => {
    const times = perRound.get(c.name)!;
    const base = perRound.get(c.baseline)!;
    return {
      name: c.name,
      ms: median(times),
      ratioToJsonParse: median(times.map((t, i) => t / base[i]!)),
    };
  });
}
