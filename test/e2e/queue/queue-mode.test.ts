/**
 * Queue mode end to end on the real Redis at 127.0.0.1:6379 (skipped, saying why, when none is
 * running): an Express app whose Stripe webhook has `mode: queue` acknowledges signed deliveries
 * at once, and a BullMQ worker (same process here; test/e2e/queue/multi-process.test.ts spreads
 * them over processes) runs the handlers with retries, backoff and a final dead letter.
 * Handler runs are counted in Redis, never from our own return values.
 */
import { randomUUID } from "node:crypto";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import { Redis } from "ioredis";
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expressWebhookRoutes } from "../../../src/adapters/express.js";
import type { PipelineOptions } from "../../../src/runtime/pipeline/options.js";
import { createWebhookQueue, createWebhookWorker, type BullWebhookQueue, type WebhookWorker } from "../../../src/runtime/queue/index.js";
import { WebhookRegistry } from "../../../src/runtime/registry.js";
import { RedisDedupeStore } from "../../../src/runtime/stores/redis.js";
import { RedisDeadLetterStore } from "../../../src/runtime/stores/redis-dead-letters.js";
import type { ProviderDefinition } from "../../../src/runtime/types.js";
import { fixtureEnv, SECRETS, stripeDefinition } from "../../fixtures/definitions.js";
import { commands, REDIS_HOST as HOST, REDIS_PORT as PORT, redisIsUp } from "../../fixtures/redis.js";
import { deleteKeys } from "./children.js";

const redisUp = await redisIsUp();
const stripe = new Stripe("sk_test_dummy");
const silent = { debug() {}, info() {}, warn() {}, error() {} };

/** The fixture Stripe provider with its default webhook in queue mode. */
const queuedStripe: ProviderDefinition = {
  ...stripeDefinition,
  webhooks: { ...stripeDefinition.webhooks, default: { ...stripeDefinition.webhooks["default"]!, mode: "queue" } },
};

function signed(payload: string): Record<string, string> {
  return { "content-type": "application/json", "stripe-signature": stripe.webhooks.generateTestHeaderString({ payload, secret: SECRETS.stripe }) };
}

function paymentIntent(id: string, object: Record<string, unknown> = {}): string {
  return JSON.stringify({ id, type: "payment_intent.succeeded", created: Math.floor(Date.now() / 1000), data: { object: { id: `pi_${id}`, ...object } } });
}

async function listen(app: express.Express): Promise<{ server: Server; base: string }> {
  const server = app.listen(0, HOST);
  await new Promise<void>((resolve) => server.once("listening", resolve));
  return { server, base: `http://${HOST}:${(server.address() as AddressInfo).port}` };
}

describe.skipIf(!redisUp)("queue mode on BullMQ and the real Redis", () => {
  const run = `sai-test-${process.pid}-${randomUUID()}`;
  const location = { connection: { host: HOST, port: PORT }, name: "webhooks", prefix: run, leaseMs: 5_000 };
  let client: Redis;
  let queue: BullWebhookQueue;
  let worker: WebhookWorker;
  let server: Server;
  let base: string;
  let deadLetters: RedisDeadLetterStore;
  const runs = (id: string) => client.get(`${run}:runs:${id}`).then(Number);
  const calls = (id: string) => client.get(`${run}:calls:${id}`).then(Number);

  /** The handlers, registered alike in the receiving app and the worker (the same app code). */
  function handlers(registry: WebhookRegistry): WebhookRegistry {
    registry.createProcessor("stripe").on("payment_intent.succeeded", async (event) => {
      const object = (event.payload as { data: { object: { failTimes?: number } } }).data.object;
      const call = await client.incr(`${run}:calls:${event.id}`);
      if (object.failTimes !== undefined && call <= object.failTimes) throw new Error(`failing on purpose, call ${call}`);
      await client.incr(`${run}:runs:${event.id}`);
      return { handled: event.id };
    });
    return registry;
  }

  beforeAll(async () => {
    client = new Redis({ host: HOST, port: PORT });
    deadLetters = new RedisDeadLetterStore({ redis: commands(client), prefix: `{${run}:dl}:` });
    queue = await createWebhookQueue({ ...location, attempts: 3, backoff: { type: "exponential", delayMs: 50 } });
    worker = await createWebhookWorker({ ...location, registry: handlers(new WebhookRegistry().register(queuedStripe)), deadLetters, logger: silent, concurrency: 5 });
    await worker.ready();
    const app = express();
    const options: PipelineOptions = {
      registry: handlers(new WebhookRegistry().register(queuedStripe)),
      env: fixtureEnv,
      logger: silent,
      dedupe: new RedisDedupeStore({ redis: commands(client), prefix: `${run}:dedupe:` }),
      queue: { queue },
    };
    expressWebhookRoutes(app, [{ provider: "stripe", webhook: "default", path: "/webhooks/stripe/" }], options);
    ({ server, base } = await listen(app));
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await worker.close();
    await queue.close();
    await deleteKeys(client, `${run}*`);
    await deleteKeys(client, `{${run}:dl}*`);
    await client.quit();
  });

  const post = async (payload: string, headers = signed(payload)) => {
    const res = await fetch(`${base}/webhooks/stripe/`, { method: "POST", headers, body: payload });
    return { status: res.status, body: (await res.json()) as unknown, retryAfter: res.headers.get("retry-after") };
  };

  it("acknowledges 200 queued, runs the handler once on the worker, and answers the redelivery duplicate", async () => {
    const id = `evt_${randomUUID()}`;
    const payload = paymentIntent(id);
    const headers = signed(payload);
    expect(await post(payload, headers)).toMatchObject({ status: 200, body: { status: "queued" } });
    await expect.poll(() => runs(id), { timeout: 20_000 }).toBe(1);
    expect(await post(payload, headers)).toMatchObject({ status: 200, body: { status: "duplicate" } });
    await expect.poll(async () => (await queue.inspect(`stripe:default:${id}`))?.state, { timeout: 10_000 }).toBe("completed");
    expect(await queue.inspect(`stripe:default:${id}`)).toMatchObject({ attempts: 1, failures: [], result: { status: "processed", result: { handled: id } } });
    expect(await runs(id)).toBe(1);
  });

  it("never queues an unverified delivery", async () => {
    const id = `evt_${randomUUID()}`;
    const payload = paymentIntent(id);
    expect((await post(payload, { "content-type": "application/json", "stripe-signature": "t=1,v1=00" })).status).toBe(401);
    expect(await queue.inspect(`stripe:default:${id}`)).toBeUndefined();
  });

  it("retries a handler that fails twice with backoff: one success, two recorded failures", async () => {
    const id = `evt_${randomUUID()}`;
    expect(await post(paymentIntent(id, { failTimes: 2 }))).toMatchObject({ status: 200, body: { status: "queued" } });
    await expect.poll(() => runs(id), { timeout: 20_000 }).toBe(1);
    await expect.poll(async () => (await queue.inspect(`stripe:default:${id}`))?.state, { timeout: 10_000 }).toBe("completed");
    const record = await queue.inspect(`stripe:default:${id}`);
    expect(record).toMatchObject({ attempts: 3, result: { status: "processed" } });
    expect(record!.failures).toEqual(["Error: failing on purpose, call 1", "Error: failing on purpose, call 2"]);
    expect(await calls(id)).toBe(3);
    expect(await runs(id)).toBe(1);
  });

  it("keeps a delivery whose handler fails every attempt as a handler_failed dead letter with its failures", async () => {
    const id = `evt_${randomUUID()}`;
    const payload = paymentIntent(id, { failTimes: 100 });
    expect(await post(payload)).toMatchObject({ status: 200, body: { status: "queued" } });
    await expect.poll(async () => (await queue.inspect(`stripe:default:${id}`))?.state, { timeout: 20_000 }).toBe("failed");
    expect(await calls(id)).toBe(3);
    expect(await runs(id)).toBe(0);
    const kept = (await deadLetters.list()).filter((e) => e.id === id);
    expect(kept).toHaveLength(1);
    expect(kept[0]).toMatchObject({ reason: "handler_failed", provider: "stripe", webhook: "default", attempts: 3, lastFailure: "handler_failed: failing on purpose, call 3" });
    expect(new TextDecoder().decode(kept[0]!.rawBody)).toBe(payload); // the exact bytes, for a replay
    expect(kept[0]!.headers).not.toHaveProperty("stripe-signature");
  });
});

describe.skipIf(!redisUp)("queue mode when the queue cannot take the delivery", () => {
  let server: Server;
  let base: string;
  let queue: BullWebhookQueue;
  let client: Redis;
  const run = `sai-test-${process.pid}-${randomUUID()}`;
  const ran: string[] = [];

  beforeAll(async () => {
    client = new Redis({ host: HOST, port: PORT });
    // A closed port: BullMQ never connects, so enqueue times out.
    queue = await createWebhookQueue({ connection: { host: HOST, port: 1, retryStrategy: () => 200 }, redis: commands(client), name: "down", prefix: run, enqueueTimeoutMs: 300 });
    const registry = new WebhookRegistry().register(queuedStripe);
    registry.createProcessor("stripe").on("payment_intent.succeeded", (event) => void ran.push(event.id));
    const app = express();
    expressWebhookRoutes(app, [{ provider: "stripe", webhook: "default", path: "/webhooks/stripe/" }], {
      registry,
      env: fixtureEnv,
      logger: silent,
      dedupe: new RedisDedupeStore({ redis: commands(client), prefix: `${run}:dedupe:` }),
      queue: { queue },
    });
    ({ server, base } = await listen(app));
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await queue.close().catch(() => undefined);
    await deleteKeys(client, `${run}*`);
    await client.quit();
  });

  it("answers 503 + Retry-After (never 2xx without a durable record), runs nothing inline, and releases the claim", async () => {
    const id = `evt_${randomUUID()}`;
    const payload = paymentIntent(id);
    const res = await fetch(`${base}/webhooks/stripe/`, { method: "POST", headers: signed(payload), body: payload });
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe("5");
    expect(await res.json()).toEqual({ error: "temporarily unavailable" });
    expect(ran).toEqual([]);
    expect(await client.exists(`${run}:dedupe:stripe:default:${id}`)).toBe(0); // the provider's retry runs
  });
});

describe("a webhook in queue mode without a queue option", () => {
  it("is answered 500 misconfigured, never run inline unasked", async () => {
    const registry = new WebhookRegistry().register(queuedStripe);
    const ran: string[] = [];
    registry.createProcessor("stripe").on("payment_intent.succeeded", (event) => void ran.push(event.id));
    const errors: string[] = [];
    const app = express();
    expressWebhookRoutes(app, [{ provider: "stripe", webhook: "default", path: "/webhooks/stripe/" }], {
      registry,
      env: fixtureEnv,
      logger: { ...silent, error: (m: string) => void errors.push(m) },
    });
    const { server, base } = await listen(app);
    try {
      const payload = paymentIntent(`evt_${randomUUID()}`);
      const res = await fetch(`${base}/webhooks/stripe/`, { method: "POST", headers: signed(payload), body: payload });
      expect(res.status).toBe(500);
      expect(await res.json()).toEqual({ error: "webhook misconfigured" });
      expect(ran).toEqual([]);
      expect(errors.join("\n")).toMatch(/mode queue but the pipeline has no queue option/);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
