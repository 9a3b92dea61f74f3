import { describe, expect, it } from "vitest";
import { formatBytes, formatRecord, formatTable, terminalSafe } from "../src/table.js";

describe("formatTable", () => {
  it("aligns columns by display width, counting CJK characters as two columns", () => {
    const table = formatTable(
      ["NAME", "SIZE"],
      [
        ["语音.mp3", "1 B"],
        ["a.txt", "2 B"],
      ],
    );
    expect(table.split("\n")).toEqual(["NAME      SIZE", "语音.mp3  1 B", "a.txt     2 B"]);
  });

  it("shows control characters from the server instead of sending them to the terminal", () => {
    expect(terminalSafe("a\u001b[2Jb\nc\u202e")).toBe("a\\x1b[2Jb\\x0ac\\u202e");
    expect(formatRecord([["filename", "x\u0007"]])).toBe("filename  x\\x07");
  });
});

describe("formatBytes", () => {
  it.each([
    [0, "0 B"],
    [1023, "1023 B"],
    [1536, "1.5 KiB"],
    [5 * 1024 * 1024, "5.0 MiB"],
  ])("%d bytes → %s", (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });
});
