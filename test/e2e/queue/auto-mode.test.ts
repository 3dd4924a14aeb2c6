/**
 * `mode: auto` end to end on the real Redis (skipped, saying why, when none is running): a Slack
 * webhook (acknowledgement budget 3 s, declared by the provider) runs its handler inline; when
 * the handler has not finished by the budget minus the margin, the delivery is handed to the
 * queue and answered 200 `queued` in time, and the handler's work is done exactly once — by the
 * inline run when it finishes, by a worker when it fails or its process dies.
 *
 * The margin is set to 2.7 s so the hand-off comes after 0.3 s instead of 2 s. Nothing here is
 * timed: a handler "still running" is one blocked on a gate the test opens.
 */
import { randomUUID } from "node:crypto";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expressWebhookRoutes } from "../../../src/adapters/express.js";
import { createWebhookQueue, createWebhookWorker, type BullWebhookQueue, type WebhookWorker } from "../../../src/runtime/queue/index.js";
import { WebhookRegistry } from "../../../src/runtime/registry.js";
import { RedisDedupeStore } from "../../../src/runtime/stores/redis.js";
import type { ProviderDefinition } from "../../../src/runtime/types.js";
import { fixtureEnv, slackDefinition } from "../../fixtures/definitions.js";
import { commands, REDIS_HOST as HOST, REDIS_PORT as PORT, redisIsUp } from "../../fixtures/redis.js";
import { deleteKeys, slackDelivery, startChild, stopChild, type Child } from "./children.js";

const redisUp = await redisIsUp();
const silent = { debug() {}, info() {}, warn() {}, error() {} };

const autoSlack: ProviderDefinition = {
  ...slackDefinition,
  delivery: { timeoutSeconds: 3 },
  webhooks: { default: { ...slackDefinition.webhooks["default"]!, mode: "auto" } },
};

type Flags = { wait?: boolean; failInline?: boolean };

describe.skipIf(!redisUp)("mode: auto within Slack's 3 s budget", () => {
  const run = `sai-test-${process.pid}-${randomUUID()}`;
  const location = { connection: { host: HOST, port: PORT }, name: "webhooks", prefix: run, leaseMs: 3_000 };
  let client: Redis;
  let queue: BullWebhookQueue;
  let worker: WebhookWorker;
  let server: Server;
  let base: string;
  /** Opens the gate of the inline handler blocked on event `id`. */
  const gates = new Map<string, () => void>();
  const count = (what: "calls" | "runs", id: string) => client.get(`${run}:${what}:${id}`).then(Number);

  function register(registry: WebhookRegistry, inline: boolean): WebhookRegistry {
    registry.createProcessor("slack").on("app_mention", async (event) => {
      const flags = (event.payload as { event: Flags }).event;
      await client.incr(`${run}:calls:${event.id}`);
      if (inline && flags.wait === true) await new Promise<void>((resolve) => gates.set(event.id, resolve));
      if (inline && flags.failInline === true) throw new Error("inline run failed");
      await client.hset(`${run}:ranOn`, event.id, inline ? "inline" : "worker");
      await client.incr(`${run}:runs:${event.id}`);
      return { ran: inline ? "inline" : "worker" };
    });
    return registry;
  }

  beforeAll(async () => {
    client = new Redis({ host: HOST, port: PORT });
    queue = await createWebhookQueue({ ...location, attempts: 3, backoff: { type: "fixed", delayMs: 100 } });
    worker = await createWebhookWorker({ ...location, registry: register(new WebhookRegistry().register(autoSlack), false), logger: silent, busyRetryMs: 200 });
    await worker.ready();
    const app = express();
    expressWebhookRoutes(app, [{ provider: "slack", webhook: "default", path: "/webhooks/slack/events" }], {
      registry: register(new WebhookRegistry().register(autoSlack), true),
      env: fixtureEnv,
      logger: silent,
      dedupe: new RedisDedupeStore({ redis: commands(client), prefix: `${run}:dedupe:` }),
      queue: { queue, ackMarginMs: 2_700 },
    });
    server = app.listen(0, HOST);
    await new Promise<void>((resolve) => server.once("listening", resolve));
    base = `http://${HOST}:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    for (const open of gates.values()) open();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await worker.close();
    await queue.close();
    await deleteKeys(client, `${run}*`);
    await client.quit();
  });

  async function post(id: string, flags: Flags = {}): Promise<{ status: number; body: unknown }> {
    const { body, headers } = slackDelivery(id, flags);
    const res = await fetch(`${base}/webhooks/slack/events`, { method: "POST", headers, body });
    return { status: res.status, body: await res.json() };
  }

  it("answers a handler that finishes in time inline, with its result, and queues nothing", async () => {
    const id = `Ev${randomUUID()}`;
    expect(await post(id)).toEqual({ status: 200, body: { ran: "inline" } });
    expect(await count("runs", id)).toBe(1);
    expect(await queue.inspect(`slack:default:${id}`)).toBeUndefined();
  });

  it("hands a handler still running at the budget to the queue, answers 200 queued, and the inline run finishes it once", async () => {
    const id = `Ev${randomUUID()}`;
    expect(await post(id, { wait: true })).toEqual({ status: 200, body: { status: "queued" } });
    // Answered while the handler is blocked: it has started and not finished.
    expect(await count("calls", id)).toBe(1);
    expect(await count("runs", id)).toBe(0);
    expect(await queue.inspect(`slack:default:${id}`)).toBeDefined();
    gates.get(id)!();
    await expect.poll(() => count("runs", id), { timeout: 10_000 }).toBe(1);
    // The worker took the hand-off job, waited while the inline run held the lease, then found it done.
    await expect.poll(async () => (await queue.inspect(`slack:default:${id}`))?.state, { timeout: 20_000 }).toBe("completed");
    expect((await queue.inspect(`slack:default:${id}`))?.result).toEqual({ status: "duplicate" });
    expect(await count("calls", id)).toBe(1);
    expect(await count("runs", id)).toBe(1);
    expect(await client.hget(`${run}:ranOn`, id)).toBe("inline");
    expect(await post(id)).toEqual({ status: 200, body: { status: "duplicate" } });
  });

  it("lets the worker run a handed-off delivery whose inline run then failed, once", async () => {
    const id = `Ev${randomUUID()}`;
    expect(await post(id, { wait: true, failInline: true })).toEqual({ status: 200, body: { status: "queued" } });
    gates.get(id)!();
    await expect.poll(() => count("runs", id), { timeout: 20_000 }).toBe(1);
    await expect.poll(async () => (await queue.inspect(`slack:default:${id}`))?.state, { timeout: 20_000 }).toBe("completed");
    expect(await client.hget(`${run}:ranOn`, id)).toBe("worker");
    expect(await count("calls", id)).toBe(2); // the failed inline call and the worker's
    expect(await count("runs", id)).toBe(1);
  });
});

describe.skipIf(!redisUp)("mode: auto when the process running the inline handler dies after the hand-off", () => {
  const run = `sai-test-${process.pid}-${randomUUID()}`;
  const env = { RUN: run, LEASE_MS: "3000", LOCK_MS: "2000" };
  let client: Redis;
  let server: Child | undefined;
  let worker: Child | undefined;

  beforeAll(async () => {
    client = new Redis({ host: HOST, port: PORT });
    [server, worker] = await Promise.all([startChild("server", { ...env, HANG: "1" }), startChild("worker", env)]);
  });

  afterAll(async () => {
    await Promise.all([stopChild(server), stopChild(worker)]);
    await deleteKeys(client, `${run}*`);
    await client.quit();
  });

  it("runs the handler exactly once on a worker once the dead run's lease expired", { timeout: 60_000 }, async () => {
    const id = `Ev${randomUUID()}`;
    const { body, headers } = slackDelivery(id, { hang: true });
    // The child uses Slack's real budget: 3 s minus the default 1 s margin.
    const res = await fetch(`${server!.base}/webhooks/slack/events`, { method: "POST", headers, body });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "queued" });
    expect(await client.get(`${run}:calls:${id}`)).toBe("1");
    await stopChild(server, "SIGKILL");
    await expect.poll(() => client.get(`${run}:runs:${id}`), { timeout: 40_000 }).toBe("1");
    expect(await client.hget(`${run}:ranOn`, id)).toBe(String(worker!.process.pid));
    expect(await client.get(`${run}:calls:${id}`)).toBe("2");
  });
});
