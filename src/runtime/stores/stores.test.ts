import { describe, expect, it } from "vitest";
import { BoundedMap } from "./bounded-map.js";
import { MemoryDedupeStore } from "./memory-dedupe.js";
import { MemoryRateLimitStore } from "./memory-rate-limit.js";

describe("MemoryRateLimitStore (token bucket)", () => {
  it("allows the burst, then refills at the given rate", async () => {
    const store = new MemoryRateLimitStore();
    const perMs = 60 / 60_000; // 60 per minute
    for (let i = 0; i < 3; i++) expect((await store.take("k", 3, perMs, 0)).allowed).toBe(true);
    const denied = await store.take("k", 3, perMs, 0);
    expect(denied).toEqual({ allowed: false, retryAfterMs: 1000 });
    expect((await store.take("k", 3, perMs, 500)).allowed).toBe(false);
    expect((await store.take("k", 3, perMs, 1000)).allowed).toBe(true);
    // Refill never exceeds capacity.
    for (let i = 0; i < 3; i++) expect((await store.take("k", 3, perMs, 1_000_000)).allowed).toBe(true);
    expect((await store.take("k", 3, perMs, 1_000_000)).allowed).toBe(false);
  });

  it("keeps buckets per key and ignores clocks going backwards", async () => {
    const store = new MemoryRateLimitStore();
    expect((await store.take("a", 1, 0.001, 1000)).allowed).toBe(true);
    expect((await store.take("b", 1, 0.001, 1000)).allowed).toBe(true);
    expect((await store.take("a", 1, 0.001, 0)).allowed).toBe(false);
  });

  it("stays bounded in memory", async () => {
    const store = new MemoryRateLimitStore({ maxEntries: 10 });
    for (let i = 0; i < 1000; i++) await store.take(`k${i}`, 1, 1, 0);
    expect(store.size).toBe(10);
  });
});

describe("MemoryDedupeStore", () => {
  it("claims, reports in-flight and done, and expires", async () => {
    let now = 0;
    const store = new MemoryDedupeStore({ now: () => now });
    expect(await store.claim("e1", 100)).toBe("claimed");
    expect(await store.claim("e1", 100)).toBe("in_flight");
    now = 101;
    expect(await store.claim("e1", 100)).toBe("claimed"); // a stuck claim expires
    await store.complete("e1", 1000);
    expect(await store.claim("e1", 100)).toBe("done");
    await store.release("e1"); // release never forgets a completed id
    expect(await store.claim("e1", 100)).toBe("done");
    now = 2000;
    expect(await store.claim("e1", 100)).toBe("claimed");
    await store.release("e1");
    expect(await store.claim("e1", 100)).toBe("claimed");
  });

  it("stays bounded in memory", async () => {
    const store = new MemoryDedupeStore({ maxEntries: 50 });
    for (let i = 0; i < 10_000; i++) await store.claim(`id${i}`, 60_000);
    expect(store.size).toBe(50);
  });
});

describe("BoundedMap", () => {
  it("evicts the least recently written entry", () => {
    const m = new BoundedMap<string, number>(2);
    m.set("a", 1);
    m.set("b", 2);
    m.set("a", 3);
    m.set("c", 4);
    expect(m.get("b")).toBeUndefined();
    expect(m.get("a")).toBe(3);
    expect(m.size).toBe(2);
  });
});
