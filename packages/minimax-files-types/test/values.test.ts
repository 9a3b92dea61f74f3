import { describe, expect, it } from "vitest";
import { deletePurposes, knownPurposes, listPurposes, uploadPurposes } from "../src/index.js";

describe("runtime enum values come from the spec", () => {
  it("lists each operation's own purposes", () => {
    expect(listPurposes).toEqual(["voice_clone", "prompt_audio", "t2a_async_input"]);
    expect(uploadPurposes).toEqual(["voice_clone", "prompt_audio", "t2a_async_input", "video_understanding"]);
    expect(deletePurposes).toEqual(["voice_clone", "prompt_audio", "t2a_async", "t2a_async_input", "video_generation"]);
  });
});

describe("knownPurposes", () => {
  it("is every operation's purposes plus the documented extra, each once", () => {
    expect(knownPurposes).toEqual([
      "voice_clone",
      "prompt_audio",
      "t2a_async_input",
      "video_understanding",
      "t2a_async",
      "video_generation",
      "video_generation_input",
    ]);
    for (const purpose of [...uploadPurposes, ...listPurposes, ...deletePurposes]) {
      expect(knownPurposes).toContain(purpose);
    }
  });
});
