/**
 * The worker's job runner and the run ledger on the real Redis at 127.0.0.1:6379 (skipped, saying
 * why, when none is running), without BullMQ: the guarantees that hold whatever BullMQ believes
 * about stalled jobs. Handler runs are counted by the handler itself.
 */
import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { commands, REDIS_HOST, REDIS_PORT, redisIsUp } from "../../../test/fixtures/redis.js";
import { fixtureEnv, stripeDefinition } from "../../../test/fixtures/definitions.js";
import { resolveSettings } from "../pipeline/options.js";
import { WebhookRegistry } from "../registry.js";
import { bytesToBase64 } from "../crypto/index.js";
import { jobIdOf, parseQueuedDelivery } from "./job.js";
import { RedisRunLedger } from "./ledger.js";
import { createJobRunner, RunBusyError } from "./run.js";
import type { QueuedDelivery } from "./types.js";

const redisUp = await redisIsUp();
const silent = { debug() {}, info() {}, warn() {}, error() {} };

function job(id: string): QueuedDelivery {
  const body = JSON.stringify({ id, type: "payment_intent.succeeded", created: 1_700_000_000, data: { object: { id: `pi_${id}` } } });
  return {
    v: 1,
    provider: "stripe",
    webhook: "default",
    key: `stripe:default:${id}`,
    id,
    type: "payment_intent.succeeded",
    receivedAt: Date.now(),
    body: bytesToBase64(new TextEncoder().encode(body)),
    headers: { "content-type": "application/json" },
    handoff: false,
  };
}

describe("job ids", () => {
  it("are injective and never contain ':' (BullMQ refuses most such ids) nor are all digits", () => {
    const keys = ["stripe:default:evt_1", "stripe:default:evt%3A1", "github:default:sig:abc+/=", "a:b", "a%3Ab", "1"];
    const ids = keys.map(jobIdOf);
    expect(new Set(ids).size).toBe(keys.length);
    for (const id of ids) {
      expect(id).not.toContain(":");
      expect(/^\d+$/.test(id)).toBe(false);
    }
  });

  it("refuse job data that is not a queued delivery", () => {
    expect(() => parseQueuedDelivery({ v: 2 })).toThrow(/unknown job format/);
    expect(() => parseQueuedDelivery(null)).toThrow(/unknown job format/);
    expect(parseQueuedDelivery(job("evt_x")).id).toBe("evt_x");
  });
});

describe.skipIf(!redisUp)("the job runner under the run ledger", () => {
  const prefix = `sai-test:${process.pid}:${randomUUID()}:run:`;
  let client: Redis;
  let ledger: RedisRunLedger;
  const runs: string[] = [];
  let release: (() => void) | undefined;

  beforeAll(() => {
    client = new Redis({ host: REDIS_HOST, port: REDIS_PORT });
    ledger = new RedisRunLedger({ redis: commands(client), prefix });
  });

  afterAll(async () => {
    release?.();
    const keys = await client.keys(`${prefix}*`);
    if (keys.length > 0) await client.del(...keys);
    await client.quit();
  });

  function runner(blocking: boolean) {
    const registry = new WebhookRegistry().register(stripeDefinition);
    registry.createProcessor("stripe").on("payment_intent.succeeded", async (event) => {
      if (blocking) await new Promise<void>((resolve) => (release = resolve));
      runs.push(event.id);
      return { ok: true };
    });
    const settings = resolveSettings({ registry, logger: silent, dedupe: false, env: fixtureEnv });
    return createJobRunner({ settings, ledger, leaseMs: 5_000, doneTtlMs: 60_000, deadLetters: undefined });
  }

  it("runs a job once when two workers hold it at the same time (a falsely stalled job), and never after it is done", async () => {
    const data = job(`evt_${randomUUID()}`);
    const first = runner(true)({ data, attemptsMade: 0, attempts: 3 });
    await expect.poll(() => release).toBeDefined();
    // BullMQ handed the same job to a second worker while the first still runs it.
    await expect(runner(false)({ data, attemptsMade: 0, attempts: 3 })).rejects.toBeInstanceOf(RunBusyError);
    release!();
    expect(await first).toEqual({ status: "processed", result: { ok: true } });
    // A re-run after completion (a lost BullMQ completion, an auto hand-off) runs nothing.
    expect(await runner(false)({ data, attemptsMade: 1, attempts: 3 })).toEqual({ status: "duplicate" });
    expect(runs.filter((id) => id === data.id)).toHaveLength(1);
  });

  it("drops the lease when the handler fails, so the retry runs", async () => {
    const data = job(`evt_${randomUUID()}`);
    const registry = new WebhookRegistry().register(stripeDefinition);
    let calls = 0;
    registry.createProcessor("stripe").on("payment_intent.succeeded", () => {
      calls += 1;
      if (calls === 1) throw new Error("first attempt fails");
      runs.push(data.id);
    });
    const run = createJobRunner({ settings: resolveSettings({ registry, logger: silent, dedupe: false, env: fixtureEnv }), ledger, leaseMs: 5_000, doneTtlMs: 60_000, deadLetters: undefined });
    await expect(run({ data, attemptsMade: 0, attempts: 3 })).rejects.toThrow("first attempt fails");
    expect(await client.exists(`${prefix}${data.key}`)).toBe(0);
    expect(await run({ data, attemptsMade: 1, attempts: 3 })).toEqual({ status: "processed" });
    expect(await client.get(`${prefix}${data.key}`)).toBe("done");
  });

  it("keeps a lease only for its own token: another token cannot renew or abandon it", async () => {
    const key = `k-${randomUUID()}`;
    expect(await ledger.begin(key, "a", 5_000)).toBe("claimed");
    expect(await ledger.begin(key, "b", 5_000)).toBe("busy");
    expect(await ledger.renew(key, "b", 5_000)).toBe(false);
    await ledger.abandon(key, "b");
    expect(await ledger.begin(key, "b", 5_000)).toBe("busy");
    expect(await ledger.renew(key, "a", 5_000)).toBe(true);
    await ledger.finish(key, 60_000);
    await ledger.abandon(key, "a"); // late: never erases done
    expect(await ledger.begin(key, "c", 5_000)).toBe("done");
  });
});
