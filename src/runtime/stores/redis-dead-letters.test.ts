/**
 * RedisDeadLetterStore against a real Redis on 127.0.0.1:6379 (skipped, saying why, when none is
 * running), plus the down-Redis behaviour, which needs no server.
 */
import { createHash, randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { commands, deleteKeys, REDIS_HOST as HOST, REDIS_PORT as PORT, redisIsUp } from "../../../test/fixtures/redis.js";
import type { DeadLetterInput } from "../dead-letter.js";
import { RedisDeadLetterStore } from "./redis-dead-letters.js";

const redisUp = await redisIsUp();

function input(body: string | Uint8Array, over: Partial<DeadLetterInput> = {}): DeadLetterInput {
  return {
    reason: "no_handler",
    provider: "stripe",
    webhook: "default",
    id: "evt_1",
    type: "payment_intent.succeeded",
    receivedAt: new Date(1_700_000_000_123),
    payload: undefined,
    rawBody: typeof body === "string" ? new TextEncoder().encode(body) : body,
    contentType: "application/json",
    headers: { "content-type": "application/json", "x-request-id": "r1" },
    issues: [{ path: ["data", 0], message: "bad" }],
    ...over,
  };
}

describe.skipIf(!redisUp)("RedisDeadLetterStore (real Redis)", () => {
  const base = `sai-test:${process.pid}:${randomUUID()}:`;
  let client: Redis;
  let n = 0;
  /** A store on a fresh prefix of this run. */
  const fresh = (over: Partial<ConstructorParameters<typeof RedisDeadLetterStore>[0]> = {}) =>
    new RedisDeadLetterStore({ redis: commands(client), prefix: `${base}${++n}:`, ...over });

  beforeAll(() => {
    client = new Redis({ host: HOST, port: PORT });
  });

  afterAll(async () => {
    await deleteKeys(client, `${base}*`);
    await client.quit();
  });

  it("keeps every field and the body's exact bytes, and a second client sees them", async () => {
    const store = fresh();
    const bytes = new Uint8Array(70_000).map((_, i) => (i * 31) & 0xff); // not UTF-8, over the memory list's 64 KiB cap
    const key = await store.add(input(bytes, { contentType: "application/octet-stream" }));
    expect(key).toBe("1");
    const other = new Redis({ host: HOST, port: PORT });
    try {
      const again = new RedisDeadLetterStore({ redis: commands(other), prefix: store.prefix });
      const entry = (await again.get(key))!;
      expect(entry).toMatchObject({
        key: "1",
        reason: "no_handler",
        provider: "stripe",
        webhook: "default",
        id: "evt_1",
        type: "payment_intent.succeeded",
        receivedAt: new Date(1_700_000_000_123),
        contentType: "application/octet-stream",
        bodyFormat: "json",
        headers: { "content-type": "application/json", "x-request-id": "r1" },
        issues: [{ path: ["data", 0], message: "bad" }],
        bodyBytes: 70_000,
        bodySha256: createHash("sha256").update(bytes).digest("hex"),
        truncated: false,
        attempts: 0,
      });
      expect(Buffer.from(entry.rawBody).equals(Buffer.from(bytes))).toBe(true);
    } finally {
      await other.quit();
    }
  });

  it("parses the payload from the kept bytes", async () => {
    const store = fresh();
    const key = await store.add(input('{"id":"evt_1","n":[1,2]}'));
    expect((await store.get(key))!.payload).toEqual({ id: "evt_1", n: [1, 2] });
  });

  it("lists oldest first, filtered by provider and webhook, paged by cursor", async () => {
    const store = fresh();
    for (let i = 1; i <= 5; i++) {
      await store.add(input("{}", { id: `e${i}`, provider: i % 2 === 0 ? "github" : "stripe", webhook: i === 5 ? "connect" : "default" }));
    }
    expect((await store.list()).map((e) => e.id)).toEqual(["e1", "e2", "e3", "e4", "e5"]);
    expect((await store.list({ provider: "stripe" })).map((e) => e.id)).toEqual(["e1", "e3", "e5"]);
    expect((await store.list({ provider: "stripe", webhook: "default" })).map((e) => e.id)).toEqual(["e1", "e3"]);
    const page = await store.list({ limit: 2 });
    expect(page.map((e) => e.key)).toEqual(["1", "2"]);
    expect((await store.list({ limit: 2, cursor: "2" })).map((e) => e.key)).toEqual(["3", "4"]);
    await expect(store.list({ cursor: "2; DROP" })).rejects.toThrow(RangeError);
  });

  it("deletes and updates by key", async () => {
    const store = fresh();
    const key = await store.add(input("{}"));
    expect(await store.update(key, { reason: "invalid_payload", issues: [], attempts: 1, lastFailure: "invalid_payload" })).toBe(true);
    expect(await store.get(key)).toMatchObject({ reason: "invalid_payload", issues: [], attempts: 1, lastFailure: "invalid_payload" });
    expect(await store.delete(key)).toBe(true);
    expect(await store.delete(key)).toBe(false);
    expect(await store.get(key)).toBeUndefined();
    expect(await store.update(key, { attempts: 2, lastFailure: "x" })).toBe(false);
    expect(await client.hlen(`${store.prefix}meta`)).toBe(0);
    expect(await client.hlen(`${store.prefix}body`)).toBe(0);
  });

  it("evicts the oldest past maxEntries, leaving no orphaned body", async () => {
    const store = fresh({ maxEntries: 3 });
    for (let i = 1; i <= 5; i++) await store.add(input("{}", { id: `e${i}` }));
    expect((await store.list()).map((e) => e.id)).toEqual(["e3", "e4", "e5"]);
    expect(await client.hlen(`${store.prefix}body`)).toBe(3);
    expect(await client.zcard(`${store.prefix}index`)).toBe(3);
  });

  it("forgets entries after ttlSeconds, by the store's clock", async () => {
    let now = 1_000_000;
    const store = fresh({ ttlSeconds: 60, now: () => now });
    const old = await store.add(input("{}", { id: "old" }));
    now += 30_000;
    await store.add(input("{}", { id: "new" }));
    now += 30_001;
    expect(await store.get(old)).toBeUndefined();
    expect((await store.list()).map((e) => e.id)).toEqual(["new"]);
    expect(await client.hexists(`${store.prefix}body`, old)).toBe(0);
  });

  it("keeps entries without expiry when ttlSeconds is 0", async () => {
    let now = 0;
    const store = fresh({ ttlSeconds: 0, now: () => now });
    const key = await store.add(input("{}"));
    now = 1e12;
    expect(await store.get(key)).toBeDefined();
    expect(await client.zcard(`${store.prefix}expiry`)).toBe(0);
  });

  it("uses one hash-tagged prefix by default, so every key lands in one Cluster slot", () => {
    expect(new RedisDeadLetterStore({ redis: commands(client) }).prefix).toBe("{sai:dl}:");
  });
});

describe("RedisDeadLetterStore with Redis down (no server needed)", () => {
  const down = new Redis({ host: HOST, port: 1, lazyConnect: true, connectTimeout: 500, maxRetriesPerRequest: 0, enableOfflineQueue: false, retryStrategy: () => null });
  down.on("error", () => {});
  afterAll(() => down.disconnect());

  it("rejects from every method (the pipeline then answers 503)", async () => {
    const store = new RedisDeadLetterStore({ redis: commands(down) });
    await expect(store.add(input("{}"))).rejects.toThrow();
    await expect(store.list()).rejects.toThrow();
    await expect(store.get("1")).rejects.toThrow();
    await expect(store.delete("1")).rejects.toThrow();
  });

  it("refuses bad bounds and a client that is not an EVAL function", () => {
    const redis = commands(down);
    expect(() => new RedisDeadLetterStore({ redis, maxEntries: 0 })).toThrow(RangeError);
    expect(() => new RedisDeadLetterStore({ redis, ttlSeconds: -1 })).toThrow(RangeError);
    expect(() => new RedisDeadLetterStore({ redis: {} as never })).toThrow(TypeError);
  });
});
