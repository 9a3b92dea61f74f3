// The client-wide limiter (limiter.ts): a cap on requests in flight, a requests-per-minute budget,
// and the AIMD window that rate-limit answers halve and successes grow back.
import { afterEach, describe, expect, it, vi } from "vitest";
import { createLimiter } from "../src/limiter.js";
import { clientFor, rejectionOf, useFakeMiniMax } from "./helpers.js";

const never = new AbortController().signal;

describe("createLimiter", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("holds a request past maxConcurrency until a slot is released, first come first served", async () => {
    const limiter = createLimiter({ maxConcurrency: 2 });
    const a = await limiter.acquire(never);
    await limiter.acquire(never);
    const order: string[] = [];
    const queued = (name: string) =>
      limiter.acquire(never).then((slot) => {
        order.push(name);
        return slot;
      });
    const third = queued("third");
    const fourth = queued("fourth");
    await Promise.resolve();
    expect(order).toEqual([]);
    a.release();
    a.release(); // twice is once
    await third;
    await Promise.resolve();
    expect(order).toEqual(["third"]);
    (await third).release();
    await fourth;
    expect(order).toEqual(["third", "fourth"]);
  });

  it("halves the window once per overshoot and grows it by one per window of successes, up to the cap", async () => {
    const limiter = createLimiter({ maxConcurrency: 8 });
    const slots = await Promise.all(Array.from({ length: 8 }, () => limiter.acquire(never)));
    // All eight were sent at the old window: their rate-limit answers are one overshoot.
    for (const slot of slots) slot.rateLimited();
    expect(limiter.window).toBe(4);
    for (const slot of slots) slot.release();
    const next = await limiter.acquire(never);
    // Sent after the decrease, alone in flight: a new overshoot, and the window drops to what was in flight, halved.
    next.rateLimited();
    expect(limiter.window).toBe(1);
    next.release();
    for (let i = 0; i < 3; i++) {
      const slot = await limiter.acquire(never);
      slot.succeeded(); // one success at window 1, then two at window 2
      slot.release();
    }
    expect(limiter.window).toBe(3);
    for (let i = 0; i < 100; i++) {
      const slot = await limiter.acquire(never);
      slot.succeeded();
      slot.release();
    }
    expect(limiter.window).toBe(8);
  });

  it("adaptive: false keeps the window; no cap means no wait until the first rate limit", async () => {
    const fixed = createLimiter({ maxConcurrency: 4, adaptive: false });
    const slot = await fixed.acquire(never);
    slot.rateLimited();
    expect(fixed.window).toBe(4);
    const open = createLimiter();
    expect(open.window).toBe(Number.POSITIVE_INFINITY);
    const many = await Promise.all(Array.from({ length: 10 }, () => open.acquire(never)));
    many[0]?.rateLimited();
    expect(open.window).toBe(5);
  });

  it("a queued request aborted by its signal leaves the queue with the signal's reason", async () => {
    const limiter = createLimiter({ maxConcurrency: 1 });
    const held = await limiter.acquire(never);
    const controller = new AbortController();
    const waiting = limiter.acquire(controller.signal);
    const after = limiter.acquire(never);
    controller.abort(new Error("stop"));
    expect(await rejectionOf(waiting)).toMatchObject({ message: "stop" });
    held.release();
    await expect(after).resolves.toBeDefined();
  });

  it("requestsPerMinute: the next request waits until the oldest of the minute is a minute old", async () => {
    vi.useFakeTimers();
    const limiter = createLimiter({ requestsPerMinute: 2 });
    (await limiter.acquire(never)).release();
    vi.advanceTimersByTime(20_000);
    (await limiter.acquire(never)).release();
    let third = false;
    const waiting = limiter.acquire(never).then(() => {
      third = true;
    });
    await vi.advanceTimersByTimeAsync(39_999);
    expect(third).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await waiting;
    expect(third).toBe(true);
  });
});

describe("the client's rateLimit option", () => {
  const ctx = useFakeMiniMax({ latencyMs: 200 });

  it("maxConcurrency bounds requests in flight across calls", async () => {
    const { server } = ctx;
    const client = clientFor(server, { rateLimit: { maxConcurrency: 2 } });
    const files = Array.from({ length: 5 }, (_, i) => ({
      purpose: "voice_clone",
      file: new Uint8Array([i]),
      filename: `${i}.mp3`,
    }));
    await Promise.all(files.map((file) => client.upload(file)));
    expect(server.files).toHaveLength(5);
    expect(server.maxInFlight).toBe(2);
  });

  it("is checked when the client is made", () => {
    expect(() => clientFor(ctx.server, { rateLimit: { maxConcurrency: 0 } })).toThrow(/rateLimit.maxConcurrency/);
    expect(() => clientFor(ctx.server, { rateLimit: { requestsPerMinute: 1.5 } })).toThrow(/requestsPerMinute/);
  });
});
