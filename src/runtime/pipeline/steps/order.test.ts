/**
 * The order step through the whole pipeline (in process): `ordering: per_object` dispatches a
 * delivery unless its object already has a newer one, records the stale ones as dead letters
 * (answered 200 `stale`), admits ties, answers a failing store 503, and costs nothing elsewhere.
 */
import Stripe from "stripe";
import { describe, expect, it } from "vitest";
import { fixtureEnv, SECRETS, stripeDefinition } from "../../../../test/fixtures/definitions.js";
import { createWebhookHandler } from "../../pipeline.js";
import { WebhookRegistry } from "../../registry.js";
import { MemoryOrderingStore, type OrderingStore } from "../../stores/ordering.js";
import type { DeadLetterStore } from "../../stores/dead-letter-store.js";
import type { ProviderDefinition, WebhookRequest } from "../../types.js";
import { recordingLogger } from "../__fixtures__/harness.js";

const stripe = new Stripe("sk_test_dummy");

/** The fixture Stripe definition with the built-in object extraction and ordered default webhook. */
function orderedStripe(ordered = true): ProviderDefinition {
  const { ordering: _none, ...rest } = stripeDefinition.webhooks.default!;
  return {
    ...stripeDefinition,
    event: { ...stripeDefinition.event, objectId: { body: ["data.object.id"] } },
    webhooks: { ...stripeDefinition.webhooks, default: ordered ? { ...rest, validation: "off", ordering: "per_object" } : { ...rest, validation: "off" } },
  };
}

let seq = 0;
/** A signed Stripe delivery about object `object` at `created` (Unix seconds). */
function delivery(object: string | undefined, created: number | undefined, type = "payment_intent.succeeded"): { req: WebhookRequest; id: string } {
  const id = `evt_${++seq}`;
  const body = JSON.stringify({ id, type, ...(created === undefined ? {} : { created }), data: { object: object === undefined ? { amount: 1 } : { id: object } } });
  const signature = stripe.webhooks.generateTestHeaderString({ payload: body, secret: SECRETS.stripe });
  const bytes = new TextEncoder().encode(body);
  const req: WebhookRequest = {
    method: "POST",
    path: "/webhooks/stripe/",
    headers: { "content-type": "application/json", "stripe-signature": signature },
    remoteAddress: "127.0.0.1",
    readBody: () => bytes,
  };
  return { req, id };
}

function setup(options: { def?: ProviderDefinition; ordering?: OrderingStore; deadLetters?: DeadLetterStore } = {}) {
  const def = options.def ?? orderedStripe();
  const registry = new WebhookRegistry().register(def);
  const ran: string[] = [];
  const processor = registry.createProcessor("stripe");
  processor.on("*", (event) => void ran.push(event.id));
  const logger = recordingLogger();
  const handler = createWebhookHandler([{ provider: "stripe", webhook: "default", path: "/webhooks/stripe/" }], {
    registry,
    env: fixtureEnv,
    logger,
    ...(options.ordering === undefined ? {} : { ordering: options.ordering }),
    ...(options.deadLetters === undefined ? {} : { deadLetters: options.deadLetters }),
  });
  const send = async (d: { req: WebhookRequest }) => {
    const res = (await handler(d.req))!;
    return { status: res.status, body: JSON.parse(res.body) as unknown, retryAfter: res.headers["retry-after"] };
  };
  return { ran, processor, logger, send };
}

const T = 1_700_000_000; // seconds

describe("order (ordering: per_object)", () => {
  it("dispatches newer deliveries of an object and records older ones as stale dead letters, answered 200", async () => {
    const { ran, processor, send } = setup();
    const d3 = delivery("pi_A", T + 3);
    const d1 = delivery("pi_A", T + 1);
    const d5 = delivery("pi_A", T + 5);
    const d2 = delivery("pi_A", T + 2);
    const answers = [await send(d3), await send(d1), await send(d5), await send(d2)];
    expect(answers.map((a) => a.body)).toEqual([{ status: "processed" }, { status: "stale" }, { status: "processed" }, { status: "stale" }]);
    expect(answers.every((a) => a.status === 200)).toBe(true);
    expect(ran).toEqual([d3.id, d5.id]);
    expect(processor.deadLetters.map((e) => [e.id, e.reason])).toEqual([
      [d1.id, "stale"],
      [d2.id, "stale"],
    ]);
  });

  it("admits a tie: two genuine events of one object in the same second both run (Stripe's created has 1 s resolution)", async () => {
    const { ran, send } = setup();
    const a = delivery("pi_T", T, "payment_intent.payment_failed");
    const b = delivery("pi_T", T, "payment_intent.succeeded");
    expect((await send(a)).body).toEqual({ status: "processed" });
    expect((await send(b)).body).toEqual({ status: "processed" });
    expect(ran).toEqual([a.id, b.id]);
  });

  it("orders each object on its own", async () => {
    const { ran, send } = setup();
    const late = delivery("pi_X", T + 9);
    const other = delivery("pi_Y", T + 1);
    await send(late);
    expect((await send(other)).body).toEqual({ status: "processed" });
    expect(ran).toEqual([late.id, other.id]);
  });

  it("keeps a redelivery of a processed event a duplicate, not a stale dead letter (claim runs first)", async () => {
    const { processor, send } = setup();
    const old = delivery("pi_D", T + 1);
    await send(old);
    await send(delivery("pi_D", T + 2));
    expect((await send(old)).body).toEqual({ status: "duplicate" });
    expect(processor.deadLetters).toHaveLength(0);
  });

  it("dispatches a delivery that names no object or states no time (nothing to order by)", async () => {
    const { ran, send } = setup();
    await send(delivery("pi_N", T + 5));
    const noObject = delivery(undefined, T + 1);
    const noTime = delivery("pi_N", undefined);
    expect((await send(noObject)).body).toEqual({ status: "processed" });
    expect((await send(noTime)).body).toEqual({ status: "processed" });
    expect(ran).toContain(noObject.id);
    expect(ran).toContain(noTime.id);
  });

  it("does nothing for a webhook without ordering, even when the provider declares an object", async () => {
    const { ran, send } = setup({ def: orderedStripe(false) });
    const newer = delivery("pi_O", T + 5);
    const older = delivery("pi_O", T + 1);
    await send(newer);
    expect((await send(older)).body).toEqual({ status: "processed" });
    expect(ran).toEqual([newer.id, older.id]);
  });

  it("dispatches unordered, warning once, when a hand-written definition orders but declares no object", async () => {
    const def = orderedStripe();
    const { ran, send, logger } = setup({ def: { ...def, event: stripeDefinition.event } });
    await send(delivery("pi_H", T + 5));
    const older = delivery("pi_H", T + 1);
    expect((await send(older)).body).toEqual({ status: "processed" });
    expect(ran).toContain(older.id);
    expect(logger.messages("warn").filter((m) => m.includes("declares no event.object_id"))).toHaveLength(1);
  });

  it("answers 503 + Retry-After when the ordering store fails, runs nothing, and the retry runs once it is back", async () => {
    let down = true;
    const memory = new MemoryOrderingStore();
    const flaky: OrderingStore = {
      advance: (key, ts, ttl) => (down ? Promise.reject(new Error("ECONNREFUSED")) : memory.advance(key, ts, ttl)),
    };
    const { ran, send, logger } = setup({ ordering: flaky });
    const d = delivery("pi_R", T);
    expect(await send(d)).toEqual({ status: 503, body: { error: "temporarily unavailable" }, retryAfter: "5" });
    expect(ran).toEqual([]);
    expect(logger.messages("error").some((m) => m.startsWith("ordering store failed"))).toBe(true);
    down = false;
    // The claim was released: the provider's retry runs.
    expect((await send(d)).body).toEqual({ status: "processed" });
    expect(ran).toEqual([d.id]);
  });

  it("answers a stale delivery 503 when its dead letter cannot be written (never 2xx without a record)", async () => {
    const failing: DeadLetterStore = {
      add: () => Promise.reject(new Error("down")),
      get: () => undefined,
      list: () => [],
      update: () => false,
      delete: () => false,
    };
    const { ran, send } = setup({ deadLetters: failing });
    await send(delivery("pi_S", T + 2));
    const stale = delivery("pi_S", T + 1);
    expect((await send(stale)).status).toBe(503);
    expect(ran).not.toContain(stale.id);
  });
});
