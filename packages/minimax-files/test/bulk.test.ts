// uploadMany, deleteMany, listAll (bulk.ts): allSettled-shaped results in input order, partial
// failure, abort mid-batch, answers lost after the work, and listAll's one list over every purpose.
import { knownPurposes } from "@org/minimax-files-types";
import { describe, expect, it } from "vitest";
import { MiniMaxApiError, MiniMaxConnectionError, MiniMaxValidationError } from "../src/index.js";
import { clientFor, rejectionOf, useFakeMiniMax } from "./helpers.js";

const ctx = useFakeMiniMax();
const item = (name: string) => ({ purpose: "voice_clone", file: new Uint8Array([1, 2, 3]), filename: name });

describe("uploadMany", () => {
  it("settles every item in input order; a failing item loses nobody else's result", async () => {
    const { server } = ctx;
    server.inject({ kind: "base-resp", code: 2013, operation: "upload", every: 2 }); // the 2nd upload request
    const client = clientFor(server, { ids: "string" });
    const results = await client.uploadMany(
      [item("a.mp3"), item("b.mp3"), { ...item("c.mp3"), purpose: "Bad" }, item("d.mp3")],
      { concurrency: 1 },
    );
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "rejected", "fulfilled"]);
    expect(results[1]).toMatchObject({ status: "rejected", reason: expect.any(MiniMaxApiError) });
    expect(results[2]).toMatchObject({ status: "rejected", reason: expect.any(MiniMaxValidationError) });
    const stored = results.flatMap((r) => (r.status === "fulfilled" ? [r.value] : []));
    expect(stored.map((file) => file.filename)).toEqual(["a.mp3", "d.mp3"]);
    expect(server.files.map((file) => String(file.fileId))).toEqual(stored.map((file) => file.file_id));
  });

  it("runs at most `concurrency` at once", async () => {
    const { server } = ctx;
    let inFlight = 0;
    let most = 0;
    const client = clientFor(server, {
      hooks: {
        beforeRequest: [
          () => {
            most = Math.max(most, ++inFlight);
          },
        ],
        afterResponse: [
          () => {
            inFlight--;
          },
        ],
      },
    });
    const results = await client.uploadMany(
      Array.from({ length: 9 }, (_, i) => item(`${i}.mp3`)),
      { concurrency: 3 },
    );
    expect(results.every((r) => r.status === "fulfilled")).toBe(true);
    expect(most).toBe(3);
    await expect(client.uploadMany([item("x.mp3")], { concurrency: 0 })).rejects.toThrow(MiniMaxValidationError);
  });

  it("abort mid-batch: in-flight uploads finish and are reported, the rest reject with the reason; every stored file is reported", async () => {
    const { server } = ctx;
    const controller = new AbortController();
    const client = clientFor(server, { ids: "string" });
    const settled: number[] = [];
    const results = await client.uploadMany(
      Array.from({ length: 8 }, (_, i) => item(`${i}.mp3`)),
      {
        concurrency: 2,
        signal: controller.signal,
        onSettled: (_, index) => {
          settled.push(index);
          if (settled.length === 3) controller.abort(new Error("stop the batch"));
        },
      },
    );
    expect(results).toHaveLength(8);
    const fulfilled = results.flatMap((r) => (r.status === "fulfilled" ? [r.value.file_id] : []));
    // The third settled while one more was in flight: four ran, four never started.
    expect(fulfilled).toHaveLength(4);
    expect(
      results.slice(4).every((r) => r.status === "rejected" && (r.reason as Error).message === "stop the batch"),
    ).toBe(true);
    expect(server.files.map((file) => String(file.fileId)).sort()).toEqual([...fulfilled].sort());
    expect(server.requests).toHaveLength(4);
  });

  it("an answer lost after the file was stored is reported as that item's failure; the others stand", async () => {
    const { server } = ctx;
    server.inject({ kind: "reset-before-headers", operation: "upload", every: 2, afterWork: true });
    const client = clientFor(server, { ids: "string", maxRetries: 0 });
    const results = await client.uploadMany([item("a.mp3"), item("b.mp3"), item("c.mp3")], { concurrency: 1 });
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect(results[1]).toMatchObject({ reason: expect.any(MiniMaxConnectionError) });
    // MiniMax stored b.mp3: the rejection is what tells the caller its fate is unknown.
    expect(server.files.map((file) => file.filename)).toEqual(["a.mp3", "b.mp3", "c.mp3"]);
  });
});

describe("deleteMany", () => {
  it("file objects carry their purpose (no look-up); bare ids use options.purpose or are looked up", async () => {
    const { server } = ctx;
    const a = server.seed({ purpose: "voice_clone", filename: "a.mp3", content: "a" });
    const b = server.seed({ purpose: "prompt_audio", filename: "b.mp3", content: "b" });
    const c = server.seed({ purpose: "t2a_async_input", filename: "c.txt", content: "c" });
    const client = clientFor(server, { ids: "string" });
    const files = await client.listAll();
    const first = await client.deleteMany(files.filter((file) => file.filename !== "c.txt"));
    expect(first.map((r) => r.status)).toEqual(["fulfilled", "fulfilled"]);
    expect(server.requests.filter((r) => r.operation === "retrieve")).toHaveLength(0);
    expect(first.map((r) => r.status === "fulfilled" && r.value.file_id).sort()).toEqual(
      [String(a.fileId), String(b.fileId)].sort(),
    );

    const missing = "123456789012345";
    const second = await client.deleteMany([String(c.fileId), missing]);
    expect(second.map((r) => r.status)).toEqual(["fulfilled", "rejected"]);
    expect(server.requests.filter((r) => r.operation === "retrieve")).toHaveLength(2);
    expect(server.files).toHaveLength(0);

    server.clearRequests();
    const withPurpose = await client.deleteMany([missing], { purpose: "voice_clone" });
    expect(withPurpose[0]?.status).toBe("rejected");
    expect(server.requests.map((r) => r.operation)).toEqual(["delete"]);
  });

  it("a delete whose answer was lost after the file was gone is that item's failure; the others stand", async () => {
    const { server } = ctx;
    const seeded = ["a", "b", "c"].map((name) =>
      server.seed({ purpose: "voice_clone", filename: `${name}.mp3`, content: name }),
    );
    server.inject({ kind: "reset-before-headers", operation: "delete", every: 2, afterWork: true });
    const client = clientFor(server, { maxRetries: 0 });
    const results = await client.deleteMany(
      seeded.map((file) => Number(file.fileId)),
      {
        purpose: "voice_clone",
        concurrency: 1,
      },
    );
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect(server.files).toHaveLength(0);
  });
});

describe("listAll", () => {
  it("lists every known purpose once and returns one list without duplicates", async () => {
    const { server } = ctx;
    server.seed({ purpose: "voice_clone", filename: "a.mp3", content: "a" });
    server.seed({ purpose: "video_generation", filename: "v.mp4", content: "v" });
    server.seed({ purpose: "t2a_async_input", filename: "t.txt", content: "t" });
    const files = await clientFor(server).listAll({ concurrency: 2 });
    expect(files.map((file) => file.filename).sort()).toEqual(["a.mp3", "t.txt", "v.mp4"]);
    const listed = server.requests.map((r) => r.query.purpose);
    expect(listed.sort()).toEqual([...knownPurposes].sort());
  });

  it("given overlapping purposes, a file is listed once; a purpose that fails fails the whole list", async () => {
    const { server } = ctx;
    server.seed({ purpose: "voice_clone", filename: "a.mp3", content: "a" });
    const client = clientFor(server);
    expect(await client.listAll({ purposes: ["voice_clone", "voice_clone"] })).toHaveLength(1);
    server.inject({ kind: "base-resp", code: 1004, operation: "list" });
    expect(await rejectionOf(client.listAll({ purposes: ["voice_clone", "prompt_audio"] }))).toBeInstanceOf(
      MiniMaxApiError,
    );
  });
});
