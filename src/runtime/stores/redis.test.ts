/**
 * The Redis stores against a real Redis on 127.0.0.1:6379 (skipped, saying why, when none is
 * running), plus the down-Redis behaviour, which needs no server.
 */
import { createHmac, randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixtureEnv, githubDefinition, SECRETS } from "../../../test/fixtures/definitions.js";
import { createWebhookHandler } from "../pipeline.js";
import { WebhookRegistry } from "../registry.js";
import type { ProviderDefinition, WebhookRequest } from "../types.js";
import { MemoryRateLimitStore } from "./memory-rate-limit.js";
import { RedisDedupeStore, RedisRateLimitStore } from "./redis.js";
import { commands, deleteKeys, REDIS_HOST as HOST, REDIS_PORT as PORT, redisIsUp } from "../../../test/fixtures/redis.js";

const redisUp = await redisIsUp();

const silent = { debug() {}, info() {}, warn() {}, error() {} };

describe.skipIf(!redisUp)("Redis stores (real Redis)", () => {
  // Glob-safe and unique per run, so parallel runs and leftovers never collide.
  const prefix = `sai-test:${process.pid}:${randomUUID()}:`;
  let a: Redis;
  let b: Redis;
  let storeA: RedisDedupeStore;
  let storeB: RedisDedupeStore;
  let n = 0;
  const key = () => `evt-${++n}`;

  beforeAll(() => {
    a = new Redis({ host: HOST, port: PORT });
    b = new Redis({ host: HOST, port: PORT });
    storeA = new RedisDedupeStore({ redis: commands(a), prefix: `${prefix}dedupe:` });
    storeB = new RedisDedupeStore({ redis: commands(b), prefix: `${prefix}dedupe:` });
  });

  afterAll(async () => {
    await deleteKeys(a, `${prefix}*`);
    await Promise.all([a.quit(), b.quit()]);
  });

  describe("RedisDedupeStore", () => {
    it("claims, reports in_flight then done, and a late release keeps done", async () => {
      const k = key();
      expect(await storeA.claim(k, 60_000)).toBe("claimed");
      expect(await storeA.claim(k, 60_000)).toBe("in_flight");
      expect(await a.get(`${prefix}dedupe:${k}`)).toBe("in_flight");
      const ttl = await a.pttl(`${prefix}dedupe:${k}`);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(60_000);

      await storeA.complete(k, 3_600_000);
      expect(await storeA.claim(k, 60_000)).toBe("done");
      expect(await a.pttl(`${prefix}dedupe:${k}`)).toBeGreaterThan(60_000);
      await storeA.release(k); // compare-and-delete: never forgets a completed id
      expect(await storeA.claim(k, 60_000)).toBe("done");
    });

    it("release drops an in-flight claim so the redelivery runs, and is a no-op on a missing key", async () => {
      const k = key();
      await storeA.release(k);
      expect(await storeA.claim(k, 60_000)).toBe("claimed");
      await storeA.release(k);
      expect(await a.exists(`${prefix}dedupe:${k}`)).toBe(0);
      expect(await storeA.claim(k, 60_000)).toBe("claimed");
    });

    it("expires a stuck claim and a done id after their TTLs", async () => {
      const k = key();
      expect(await storeA.claim(k, 80)).toBe("claimed");
      expect(await storeA.claim(k, 80)).toBe("in_flight");
      await expect.poll(() => storeA.claim(k, 80), { timeout: 3000, interval: 20 }).toBe("claimed");
      await storeA.complete(k, 80);
      expect(await storeA.claim(k, 80)).toBe("done");
      await expect.poll(() => storeA.claim(k, 60_000), { timeout: 3000, interval: 20 }).toBe("claimed");
    });

    it("rounds fractional TTLs up and refuses non-positive ones", async () => {
      const k = key();
      expect(await storeA.claim(k, 0.5)).toBe("claimed");
      await expect(storeA.claim(key(), 0)).rejects.toThrow(RangeError);
      await expect(storeA.complete(k, Number.NaN)).rejects.toThrow(RangeError);
    });

    it("lets exactly one of 50 parallel claims (over two clients) win", async () => {
      const k = key();
      const results = await Promise.all(Array.from({ length: 50 }, (_, i) => (i % 2 === 0 ? storeA : storeB).claim(k, 60_000)));
      expect(results.filter((r) => r === "claimed")).toHaveLength(1);
      expect(results.filter((r) => r === "in_flight")).toHaveLength(49);
    });

    it("shares state between two instances (two clients)", async () => {
      const k = key();
      expect(await storeA.claim(k, 60_000)).toBe("claimed");
      expect(await storeB.claim(k, 60_000)).toBe("in_flight");
      await storeA.complete(k, 60_000);
      expect(await storeB.claim(k, 60_000)).toBe("done");
      const other = key();
      expect(await storeB.claim(other, 60_000)).toBe("claimed");
      await storeA.release(other); // any instance may release
      expect(await storeA.claim(other, 60_000)).toBe("claimed");
    });

    it("keeps prefixes apart and accepts a bare eval function", async () => {
      const k = key();
      const fn = new RedisDedupeStore({
        redis: (script, keys, args) => a.eval(script, keys.length, ...keys, ...args),
        prefix: `${prefix}other:`,
      });
      expect(await storeA.claim(k, 60_000)).toBe("claimed");
      expect(await fn.claim(k, 60_000)).toBe("claimed");
      expect(await a.get(`${prefix}other:${k}`)).toBe("in_flight");
      expect(new RedisDedupeStore({ redis: commands(a) }).prefix).toBe("sai:dedupe:");
    });

    it("refuses a value it did not write rather than guessing", async () => {
      const k = key();
      await a.set(`${prefix}dedupe:${k}`, "something else", "PX", 60_000);
      await expect(storeA.claim(k, 60_000)).rejects.toThrow(/unexpected dedupe state/);
    });
  });

  describe("RedisRateLimitStore (token bucket)", () => {
    const perMinute = (n: number) => n / 60_000;

    it("allows the burst, then refills at the given rate (injected now)", async () => {
      const store = new RedisRateLimitStore({ redis: commands(a), prefix: `${prefix}rate:` });
      const k = key();
      for (let i = 0; i < 3; i++) expect(await store.take(k, 3, perMinute(60), 0)).toEqual({ allowed: true, retryAfterMs: 0 });
      expect(await store.take(k, 3, perMinute(60), 0)).toEqual({ allowed: false, retryAfterMs: 1000 });
      expect(await store.take(k, 3, perMinute(60), 500)).toEqual({ allowed: false, retryAfterMs: 500 });
      expect((await store.take(k, 3, perMinute(60), 1000)).allowed).toBe(true);
      // Refill never exceeds capacity.
      for (let i = 0; i < 3; i++) expect((await store.take(k, 3, perMinute(60), 1_000_000)).allowed).toBe(true);
      expect((await store.take(k, 3, perMinute(60), 1_000_000)).allowed).toBe(false);
    });

    it("keeps buckets per key, ignores clocks going backwards, and shares them across clients", async () => {
      const storeOnA = new RedisRateLimitStore({ redis: commands(a), prefix: `${prefix}rate:` });
      const storeOnB = new RedisRateLimitStore({ redis: commands(b), prefix: `${prefix}rate:` });
      const [k1, k2] = [key(), key()];
      expect((await storeOnA.take(k1, 1, 0.001, 1000)).allowed).toBe(true);
      expect((await storeOnA.take(k2, 1, 0.001, 1000)).allowed).toBe(true);
      expect((await storeOnB.take(k1, 1, 0.001, 0)).allowed).toBe(false); // B's clock is behind: no tokens minted
      expect((await storeOnB.take(k1, 1, 0.001, 1500)).allowed).toBe(false);
      expect((await storeOnA.take(k1, 1, 0.001, 2000)).allowed).toBe(true);
    });

    it("expires a bucket once it would be full again, and never refills at rate 0", async () => {
      const store = new RedisRateLimitStore({ redis: commands(a), prefix: `${prefix}rate:` });
      const k = key();
      await store.take(k, 5, perMinute(60), 0); // 4 left: full again in 1 s
      const ttl = await a.pttl(`${prefix}rate:${k}`);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(1000);

      const never = key();
      expect((await store.take(never, 1, 0, 0)).allowed).toBe(true);
      expect(await store.take(never, 1, 0, 10_000_000)).toEqual({ allowed: false, retryAfterMs: Number.POSITIVE_INFINITY });
      expect(await a.pttl(`${prefix}rate:${never}`)).toBe(-1);
    });

    it("decides exactly like MemoryRateLimitStore on a random sequence", async () => {
      const redisStore = new RedisRateLimitStore({ redis: commands(a), prefix: `${prefix}rate:` });
      const memory = new MemoryRateLimitStore();
      let seed = 42;
      const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648);
      const k = key();
      let now = 1_700_000_000_000;
      let denied = 0;
      for (let i = 0; i < 300; i++) {
        now += Math.floor(random() * 2500) - 300; // mostly forward, sometimes backwards
        const expected = memory.take(k, 4, perMinute(37), now);
        if (!expected.allowed) denied += 1;
        expect(await redisStore.take(k, 4, perMinute(37), now), `take #${i} at ${now}`).toEqual(expected);
      }
      expect(denied).toBeGreaterThan(50); // both branches exercised
      expect(denied).toBeLessThan(250);
    });

    it("refuses non-finite arguments", async () => {
      const store = new RedisRateLimitStore({ redis: commands(a) });
      expect(store.prefix).toBe("sai:rate:");
      await expect(store.take(key(), Number.NaN, 1, 0)).rejects.toThrow(RangeError);
    });
  });
});

describe("Redis stores with Redis down (no server needed)", () => {
  // A closed port, no retries, no offline queue: every command rejects at once.
  const down = new Redis({
    host: HOST,
    port: 1,
    lazyConnect: true,
    connectTimeout: 500,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });
  down.on("error", () => {});
  afterAll(() => down.disconnect());

  it("rejects from every store method", async () => {
    const dedupe = new RedisDedupeStore({ redis: commands(down) });
    await expect(dedupe.claim("k", 1000)).rejects.toThrow();
    await expect(dedupe.complete("k", 1000)).rejects.toThrow();
    await expect(dedupe.release("k")).rejects.toThrow();
    await expect(new RedisRateLimitStore({ redis: commands(down) }).take("k", 1, 1, 0)).rejects.toThrow();
  });

  it("answers 503 + Retry-After through the pipeline (dedupe fails closed; rate limit fails open, warning)", async () => {
    const def: ProviderDefinition = {
      ...githubDefinition,
      webhooks: { default: { ...githubDefinition.webhooks.default!, rateLimit: { requestsPerMinute: 60, burstLimit: 1 } } },
    };
    const registry = new WebhookRegistry().register(def);
    const handled: string[] = [];
    registry.createProcessor("github").on("*", (event) => void handled.push(event.id));
    const warnings: string[] = [];
    const errors: string[] = [];
    const handler = createWebhookHandler([{ provider: "github", webhook: "default", path: "/webhooks/github" }], {
      registry,
      env: fixtureEnv,
      logger: { ...silent, warn: (m) => void warnings.push(m), error: (m) => void errors.push(m) },
      dedupe: new RedisDedupeStore({ redis: commands(down) }),
      rateLimit: new RedisRateLimitStore({ redis: commands(down) }),
    });
    const body = "{}";
    const req: WebhookRequest = {
      method: "POST",
      path: "/webhooks/github",
      remoteAddress: "127.0.0.1",
      headers: {
        "x-github-event": "push",
        "x-github-delivery": "d-down",
        "x-hub-signature-256": `sha256=${createHmac("sha256", SECRETS.github).update(body).digest("hex")}`,
      },
      readBody: () => new TextEncoder().encode(body),
    };
    const res = await handler(req);
    expect(res?.status).toBe(503);
    expect(res?.headers["retry-after"]).toBe("5");
    expect(handled).toEqual([]);
    expect(warnings.some((m) => m.startsWith("rate-limit store failed"))).toBe(true);
    expect(errors.some((m) => m.startsWith("dedupe store failed"))).toBe(true);
  });
});
