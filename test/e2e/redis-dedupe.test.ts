/**
 * End to end over real HTTP: two Express apps ("instances" behind a load balancer), each with its
 * own registry, handlers and Redis client, sharing dedupe state through RedisDedupeStore on the
 * real Redis at 127.0.0.1:6379 (skipped, saying why, when none is running).
 */
import { randomUUID } from "node:crypto";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import { Redis } from "ioredis";
import Stripe from "stripe";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { expressWebhookRoutes } from "../../src/adapters/express.js";
import { WebhookRegistry } from "../../src/runtime/registry.js";
import { RedisDedupeStore } from "../../src/runtime/stores/redis.js";
import { fixtureEnv, SECRETS, stripeDefinition } from "../fixtures/definitions.js";
import { commands, deleteKeys, REDIS_HOST as HOST, REDIS_PORT as PORT, redisIsUp } from "../fixtures/redis.js";

const redisUp = await redisIsUp();

const silent = { debug() {}, info() {}, warn() {}, error() {} };
const stripe = new Stripe("sk_test_dummy");

interface Instance {
  readonly name: string;
  readonly client: Redis;
  readonly server: Server;
  readonly base: string;
}

/** Which instance ran the handler for which event id. */
const runs: { instance: string; id: string }[] = [];
/** Resolves the handler that is waiting (payloads with `wait: true`). */
let unblock: (() => void) | undefined;

describe.skipIf(!redisUp)("Redis dedupe across two Express instances", () => {
  const prefix = `sai-test:${process.pid}:${randomUUID()}:`;
  let a: Instance;
  let b: Instance;

  async function startInstance(name: string): Promise<Instance> {
    const client = new Redis({ host: HOST, port: PORT });
    const registry = new WebhookRegistry().register(stripeDefinition);
    registry.createProcessor("stripe").on("payment_intent.succeeded", async (event) => {
      const object = (event.payload as { data: { object: { id: string; failOn?: string; wait?: boolean } } }).data.object;
      if (object.wait === true) await new Promise<void>((resolve) => (unblock = resolve));
      if (object.failOn === name) throw new Error(`instance ${name} failed`);
      runs.push({ instance: name, id: event.id });
      return { ranOn: name };
    });
    const app = express();
    expressWebhookRoutes(app, [{ provider: "stripe", webhook: "default", path: "/webhooks/stripe/" }], {
      registry,
      env: fixtureEnv,
      logger: silent,
      dedupe: new RedisDedupeStore({ redis: commands(client), prefix }),
    });
    // The app parses JSON globally; the webhook routes were registered first, so they read the raw bytes.
    app.use(express.json());
    const server = app.listen(0, HOST);
    await new Promise<void>((resolve) => server.once("listening", resolve));
    return { name, client, server, base: `http://${HOST}:${(server.address() as AddressInfo).port}` };
  }

  beforeAll(async () => {
    [a, b] = await Promise.all([startInstance("A"), startInstance("B")]);
  });

  afterAll(async () => {
    unblock?.(); // a failed 409 test must not leave a handler (and its connection) hanging
    await Promise.all([a, b].map((i) => new Promise<void>((resolve) => i.server.close(() => resolve()))));
    await deleteKeys(a.client, `${prefix}*`);
    await Promise.all([a.client.quit(), b.client.quit()]);
  });

  beforeEach(() => {
    runs.length = 0;
  });

  let seq = 0;
  function delivery(object: Record<string, unknown> = {}): { id: string; payload: string } {
    seq += 1;
    const id = `evt_redis_${seq}_${randomUUID()}`;
    const payload = JSON.stringify({ id, type: "payment_intent.succeeded", created: 1_700_000_000, data: { object: { id: `pi_${seq}`, ...object } } });
    return { id, payload };
  }

  /** Signs once: a redelivery carries the same bytes and signature. */
  function signed(payload: string): Record<string, string> {
    return { "content-type": "application/json", "stripe-signature": stripe.webhooks.generateTestHeaderString({ payload, secret: SECRETS.stripe }) };
  }

  async function post(instance: Instance, payload: string, headers: Record<string, string>): Promise<{ status: number; body: unknown; retryAfter: string | null }> {
    const res = await fetch(`${instance.base}/webhooks/stripe/`, { method: "POST", headers, body: payload });
    return { status: res.status, body: JSON.parse(await res.text()) as unknown, retryAfter: res.headers.get("retry-after") };
  }

  it("runs a delivery sent to A then to B once: B answers 200 duplicate", async () => {
    const { id, payload } = delivery();
    const headers = signed(payload);
    expect(await post(a, payload, headers)).toMatchObject({ status: 200, body: { ranOn: "A" } });
    expect(await post(b, payload, headers)).toMatchObject({ status: 200, body: { status: "duplicate" } });
    expect(await post(a, payload, headers)).toMatchObject({ status: 200, body: { status: "duplicate" } });
    expect(runs).toEqual([{ instance: "A", id }]);
    expect(await a.client.get(`${prefix}stripe:default:${id}`)).toBe("done");
  });

  it("releases the claim when A's handler throws, so the redelivery to B runs", async () => {
    const { id, payload } = delivery({ failOn: "A" });
    const headers = signed(payload);
    expect(await post(a, payload, headers)).toMatchObject({ status: 500, body: { error: "handler failed" } });
    expect(await a.client.exists(`${prefix}stripe:default:${id}`)).toBe(0);
    expect(await post(b, payload, headers)).toMatchObject({ status: 200, body: { ranOn: "B" } });
    expect(await post(a, payload, headers)).toMatchObject({ status: 200, body: { status: "duplicate" } });
    expect(runs).toEqual([{ instance: "B", id }]);
  });

  it("answers 409 + Retry-After on B while A is still running the delivery", async () => {
    const { id, payload } = delivery({ wait: true });
    const headers = signed(payload);
    const first = post(a, payload, headers);
    await expect.poll(() => unblock).toBeDefined();
    const second = await post(b, payload, headers);
    expect(second.status).toBe(409);
    expect(Number(second.retryAfter)).toBeGreaterThanOrEqual(1);
    unblock!();
    unblock = undefined;
    expect(await first).toMatchObject({ status: 200, body: { ranOn: "A" } });
    expect(await post(b, payload, headers)).toMatchObject({ status: 200, body: { status: "duplicate" } });
    expect(runs).toEqual([{ instance: "A", id }]);
  });
});
