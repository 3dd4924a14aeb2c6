/**
 * The ordering stores: the in-memory one, and RedisOrderingStore against the real Redis on
 * 127.0.0.1:6379 (skipped, saying why, when none is running), including racing instances.
 */
import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { commands, REDIS_HOST as HOST, REDIS_PORT as PORT, redisIsUp } from "../../../test/fixtures/redis.js";
import { MemoryOrderingStore } from "./ordering.js";
import { RedisOrderingStore } from "./redis-ordering.js";

const redisUp = await redisIsUp();

describe("MemoryOrderingStore", () => {
  it("admits newer and equal times, answers the newer time kept for an older one", () => {
    const store = new MemoryOrderingStore();
    expect(store.advance("pi_1", 2000, 60_000)).toBe(2000);
    expect(store.advance("pi_1", 3000, 60_000)).toBe(3000);
    expect(store.advance("pi_1", 3000, 60_000)).toBe(3000); // a tie is admitted
    expect(store.advance("pi_1", 1000, 60_000)).toBe(3000); // stale
    expect(store.advance("pi_2", 1000, 60_000)).toBe(1000); // another object is independent
  });

  it("forgets an object after its TTL, so the next delivery is admitted whatever its time", () => {
    let now = 0;
    const store = new MemoryOrderingStore({ now: () => now });
    store.advance("pi_1", 5000, 100);
    now = 99;
    expect(store.advance("pi_1", 1000, 100)).toBe(5000);
    now = 100;
    expect(store.advance("pi_1", 1000, 100)).toBe(1000);
  });

  it("stays bounded: the least recently advanced object is forgotten first", () => {
    const store = new MemoryOrderingStore({ maxEntries: 2 });
    store.advance("a", 10, 60_000);
    store.advance("b", 10, 60_000);
    store.advance("a", 11, 60_000); // a is now the newest write
    store.advance("c", 10, 60_000); // evicts b
    expect(store.size).toBe(2);
    expect(store.advance("a", 1, 60_000)).toBe(11);
    expect(store.advance("b", 1, 60_000)).toBe(1);
  });
});

describe("RedisOrderingStore (no server needed)", () => {
  it("rejects what Redis cannot hold, and a reply that is not a time", async () => {
    const store = new RedisOrderingStore({ redis: async () => "not a number", prefix: "x:" });
    await expect(store.advance("k", Number.NaN, 1000)).rejects.toThrow(RangeError);
    await expect(store.advance("k", 1, 0)).rejects.toThrow(RangeError);
    await expect(store.advance("k", 1, 1000)).rejects.toThrow(/unexpected ordering reply/);
  });

  it("passes a failing connection's error on (the pipeline answers it 503)", async () => {
    const store = new RedisOrderingStore({ redis: async () => Promise.reject(new Error("ECONNREFUSED")) });
    await expect(store.advance("k", 1, 1000)).rejects.toThrow("ECONNREFUSED");
  });
});

describe.skipIf(!redisUp)("RedisOrderingStore (real Redis)", () => {
  const prefix = `sai-test:${process.pid}:${randomUUID()}:order:`;
  const clients: Redis[] = [];

  beforeAll(() => {
    for (let i = 0; i < 3; i++) clients.push(new Redis({ host: HOST, port: PORT }));
  });

  afterAll(async () => {
    const keys = await clients[0]!.keys(`${prefix}*`);
    if (keys.length > 0) await clients[0]!.del(...keys);
    await Promise.all(clients.map((c) => c.quit()));
  });

  it("admits newer and equal times, keeps the newest, and sets a TTL on the key", async () => {
    const store = new RedisOrderingStore({ redis: commands(clients[0]!), prefix });
    expect(await store.advance("pi_1", 1_700_000_002_000, 60_000)).toBe(1_700_000_002_000);
    expect(await store.advance("pi_1", 1_700_000_002_000, 60_000)).toBe(1_700_000_002_000);
    expect(await store.advance("pi_1", 1_700_000_001_000, 60_000)).toBe(1_700_000_002_000);
    expect(await clients[0]!.get(`${prefix}pi_1`)).toBe("1700000002000");
    const ttl = await clients[0]!.pttl(`${prefix}pi_1`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(60_000);
  });

  it("three connections racing over one object agree: the newest time wins, only older ones are told stale", async () => {
    const stores = clients.map((c) => new RedisOrderingStore({ redis: commands(c), prefix }));
    const times = Array.from({ length: 60 }, (_, i) => 1_700_000_000_000 + Math.floor(i / 2) * 1000); // pairs of ties
    const shuffled = [...times].sort(() => Math.random() - 0.5);
    const answers = await Promise.all(shuffled.map((t, i) => stores[i % 3]!.advance("race", t, 60_000).then((kept) => ({ t, kept }))));
    const newest = Math.max(...times);
    // The newest time (both copies of it) is always admitted, whatever the interleaving.
    expect(answers.filter((a) => a.t === newest).every((a) => a.kept === newest)).toBe(true);
    // Every answer is either "admitted" (kept === t) or "stale" (kept > t); never an older time.
    expect(answers.every((a) => a.kept >= a.t)).toBe(true);
    expect(Number(await clients[0]!.get(`${prefix}race`))).toBe(newest);
  });
});
