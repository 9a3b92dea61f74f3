import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { downloadPathIn, MAX_NAME_BYTES, safeFileName } from "../src/safe-filename.js";

const directory = path.resolve("/srv/downloads");

/** Hostile names: path syntax, controls, dots, Windows separators, long and astral text. */
const hostileName = fc.oneof(
  fc.string({ unit: "binary", maxLength: 400 }),
  fc
    .array(
      fc.constantFrom("..", ".", "/", "\\", "\u0000", "\u001b[2J", " ", "a", "é", "文件", "😀", "C:", "\u202e", ".."),
      {
        maxLength: 80,
      },
    )
    .map((parts) => parts.join("")),
);

describe("safeFileName", () => {
  it("always names one file directly inside the chosen directory", () => {
    fc.assert(
      fc.property(hostileName, fc.bigInt({ min: 1n, max: 2n ** 63n - 1n }), (name, id) => {
        const safe = safeFileName(name, id);
        expect(safe.length).toBeGreaterThan(0);
        expect(Buffer.byteLength(safe)).toBeLessThanOrEqual(MAX_NAME_BYTES);
        // biome-ignore lint/suspicious/noControlCharactersInRegex: no control character may survive
        expect(safe).not.toMatch(/[/\\\u0000-\u001f\u007f]/);
        expect(safe.startsWith(".")).toBe(false);
        const target = downloadPathIn(directory, name, id);
        expect(path.dirname(target)).toBe(directory);
        expect(path.basename(target)).toBe(safe);
      }),
      { numRuns: 2000 },
    );
  });

  it.each([
    ["../../x", "x"],
    ["/etc/passwd", "passwd"],
    ["C:\\Windows\\system.ini", "system.ini"],
    ["..\\..\\boot.ini", "boot.ini"],
    ["a\u0000b.txt", "a_b.txt"],
    ["\u001b[31mred.txt", "_[31mred.txt"],
    [".bashrc", "bashrc"],
    ["  voice sample.mp3  ", "voice sample.mp3"],
    ["report.pdf\u202etxt.exe", "report.pdf_txt.exe"],
    ["NUL.txt", "_NUL.txt"],
    ["语音样本.mp3", "语音样本.mp3"],
    ["what?.txt", "what_.txt"],
  ])("%j becomes %j", (name, expected) => {
    expect(safeFileName(name, 42)).toBe(expected);
  });

  it.each([[""], ["."], [".."], ["../.."], ["/"], ["..."], [" "], ["dir/"]])(
    "falls back to file-<id> for %j",
    (name) => {
      expect(safeFileName(name, 307593383186476n)).toBe("file-307593383186476");
    },
  );

  it("falls back when the server sent no name or not a string", () => {
    expect(safeFileName(undefined, "12")).toBe("file-12");
    expect(safeFileName(42, "12")).toBe("file-12");
  });

  it("shortens long names to 255 bytes on a character boundary, keeping a short extension", () => {
    expect(MAX_NAME_BYTES).toBe(255);
    // 语 is 3 bytes in UTF-8: 83 of them and ".mp3" make 253 bytes; an 84th would make 256.
    expect(safeFileName(`${"语".repeat(200)}.mp3`, 1)).toBe(`${"语".repeat(83)}.mp3`);
    expect(safeFileName("a".repeat(1000), 1)).toBe("a".repeat(255));
    expect(safeFileName(`${"a".repeat(300)}.${"e".repeat(40)}`, 1)).toBe("a".repeat(255));
  });
});
