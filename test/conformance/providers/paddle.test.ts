/**
 * The built-in `paddle` provider (providers/paddle/webhook.yaml, Paddle Billing): signatures
 * cross-checked with @paddle/paddle-node-sdk 3.10.0 both ways (its `isSignatureValid` and
 * `unmarshal` check what we sign; we check Paddle's documented construction, which its SDK accepts),
 * Paddle's published test vectors, stale and future timestamps, several h1 values and rotated
 * secrets, tampered bodies; the catalog (the SDK's notification types) against Paddle's examples.
 */
import { createHmac } from "node:crypto";
import { Paddle } from "@paddle/paddle-node-sdk";
import { describe, expect, it } from "vitest";
import { compileExtraction, compileObjectExtraction } from "../../../src/runtime/extract.js";
import { signDelivery } from "../../../src/testing/sign.js";
import { compileFolder, contractProblems, readSchemaFolder } from "../schema-folder.js";
import { accepts, verify } from "../schemes/harness.js";
import { builtinScheme, builtinSpec } from "./builtin.js";

const NAME = "paddle";
const scheme = builtinScheme(NAME);
const spec = builtinSpec(NAME);
const paddle = new Paddle("pdl_sdbx_apikey_01h00000000000000000000000_unused");
const SECRET = "pdl_ntfset_01h8441jx8x1q971q9ksksqh82_0123456789abcdef";
const NEW_SECRET = "pdl_ntfset_01h9rotatedin000000000000_fedcba9876543210";
const STRANGER = "pdl_ntfset_01hnotconfigured000000000_0000000000000000";
const now = () => Math.floor(Date.now() / 1000);

/** Paddle's documented construction (its SDK only verifies): ts=<unix>;h1=<hex HMAC of "<ts>:<body>">. */
const h1 = (ts: number, body: string, secret = SECRET) => createHmac("sha256", secret).update(`${ts}:${body}`).digest("hex");
const paddleHeader = (ts: number, body: string, secret = SECRET) => `ts=${ts};h1=${h1(ts, body, secret)}`;

// Paddle's example notifications, as published with its Node SDK (src/__tests__/mocks/notifications).
const CUSTOMER_CREATED: Record<string, unknown> = {
  event_id: "evt_01h8441jx8x1q971q9ksksqh82", event_type: "customer.created", occurred_at: "2023-08-18T10:46:18.792661Z", notification_id: "ntf_01h8441jz6fr97hv7zemswj8cw",
  data: { id: "ctm_01h8441jn5pcwrfhwh78jqt8hk", name: "Sam Miller", email: "sam@example.com", locale: "en", status: "active", custom_data: { customer_reference_id: "abcd1234" }, created_at: "2023-08-18T10:46:18.533Z", updated_at: "2023-08-18T10:46:18.533Z", marketing_consent: false },
};
const SUBSCRIPTION_CREATED: Record<string, unknown> = {
  event_id: "evt_01h7ht60jy5hpdv5x8tfsaxje4", event_type: "subscription.created", occurred_at: "2023-08-11T08:07:38.334150Z", notification_id: "ntf_01h7ht60n4grsa2a5ddd54h1j0",
  data: {
    id: "sub_01h7ht5z5wdg9pz18jx1fagp8k",
    items: [
      {
        price: { id: "pri_01gsz8x8sawmvhz1pv30nge1ke", tax_mode: "account_setting", product_id: "pro_01gsz4t5hdjse780zja8vvr7jg", unit_price: { amount: "3240", currency_code: "USD" }, description: "Monthly (per seat)", trial_period: null, billing_cycle: { interval: "month", frequency: 1 } },
        status: "active", quantity: 10, recurring: true, created_at: "2023-08-11T08:07:36.892823Z", updated_at: "2023-08-11T08:07:36.892823Z", trial_dates: null, next_billed_at: "2023-09-11T08:07:35.449123Z", previously_billed_at: "2023-08-11T08:07:35.449123Z",
      },
      {
        price: { id: "pri_01h1vjfevh5etwq3rb416a23h2", tax_mode: "account_setting", product_id: "pro_01h1vjes1y163xfj1rh1tkfb65", unit_price: { amount: "10800", currency_code: "USD" }, description: "Monthly (recurring addon)", trial_period: null, billing_cycle: { interval: "month", frequency: 1 } },
        status: "active", quantity: 1, recurring: true, created_at: "2023-08-11T08:07:36.892827Z", updated_at: "2023-08-11T08:07:36.892827Z", trial_dates: null, next_billed_at: "2023-09-11T08:07:35.449123Z", previously_billed_at: "2023-08-11T08:07:35.449123Z",
      },
    ],
    status: "active", paused_at: null, address_id: "add_01h7hswbfjqez51ezfhk7s6400", created_at: "2023-08-11T08:07:36.892822Z", started_at: "2023-08-11T08:07:35.449123Z", updated_at: "2023-08-11T08:07:36.892822Z",
    business_id: "biz_01h7ht30avfmwa4kvkfeg4ef8e", canceled_at: null, discount: null, custom_data: null, customer_id: "ctm_01h7hswb86rtps5ggbq7ybydcw", billing_cycle: { interval: "month", frequency: 1 }, currency_code: "USD",
    next_billed_at: "2023-09-11T08:07:35.449123Z", transaction_id: "txn_01h7hst69d7tar4rm6vyeb0j36", billing_details: null, collection_mode: "automatic", first_billed_at: "2023-08-11T08:07:35.449123Z", scheduled_change: null,
    current_billing_period: { ends_at: "2023-09-11T08:07:35.449123Z", starts_at: "2023-08-11T08:07:35.449123Z" },
  },
};
const ADJUSTMENT_CREATED: Record<string, unknown> = {
  event_id: "evt_01h8c6tc8aa58zqj6h8a13r103", event_type: "adjustment.created", occurred_at: "2023-08-21T14:08:43.786457Z", notification_id: "ntf_01h8c6tcaga3vyfv0w5x9mznhg",
  data: {
    id: "adj_01h8c6tbrkpdd7vx61w7b1r0ap",
    items: [{ id: "adjitm_01h8c6tbrkpdd7vx61w86e52t8", type: "partial", amount: "100", totals: { tax: "8", total: "100", subtotal: "92" }, item_id: "txnitm_01h8bxryv3065dyh6103p3yg28", proration: null }],
    action: "refund", type: "partial", reason: "error", status: "pending_approval",
    totals: { fee: "5", tax: "8", total: "100", earnings: "87", subtotal: "92", currency_code: "USD", retained_fee: "2" },
    created_at: "2023-08-21T14:08:43.297512Z", updated_at: "0001-01-01T00:00:00Z", customer_id: "ctm_01h8441jn5pcwrfhwh78jqt8hk", currency_code: "USD",
    payout_totals: { fee: "5", tax: "8", total: "100", earnings: "87", subtotal: "92", currency_code: "USD", retained_fee: "2" },
    transaction_id: "txn_01h8bxpvx398a7zbawb77y0kp5", subscription_id: "sub_01h8bxswamxysj44zt5n48njwh", credit_applied_to_balance: true,
  },
};
const PAYOUT_PAID: Record<string, unknown> = {
  event_id: "evt_01h2b0tqg1xkgnkfmprsnrjn0s", event_type: "payout.paid", occurred_at: "2023-06-07T13:30:38.138984Z", notification_id: "ntf_01h2b0tqkhfqd094y9pys30xyw",
  data: { id: "pay_01gsz4vmqbjk3x4vvtafffd540", status: "paid", amount: "10000", currency_code: "USD" },
};

describe("paddle built-in: the spec", () => {
  it("is ts=…;h1=… over <ts>:<body> with Paddle's 5 s window, the event from the signed body", () => {
    expect(scheme).toMatchObject({ scheme: "hmac", header: "paddle-signature", algorithm: "sha256", encoding: "hex", fields: { separator: ";", signature: "h1" }, signedContent: "{timestamp}:{body}", timestamp: { field: "ts", unit: "s", toleranceSeconds: 5 } });
    expect(spec.event).toMatchObject({ type: { body: ["event_type"] }, id: { body: ["event_id"] }, timestamp: { body: ["occurred_at"], unit: "iso" } });
    expect(spec.webhooks["default"]).toMatchObject({ path: "/webhooks/paddle/", verifySignature: true, secretEnv: "PADDLE_WEBHOOK_SECRET_KEY", validation: "lenient", maxBodyBytes: 1_048_576 });
    expect(spec.delivery).toMatchObject({ timeoutSeconds: 5, retries: { attempts: 60, windowHours: 72 } });
  });
});

describe("paddle built-in: signatures against @paddle/paddle-node-sdk", () => {
  const body = JSON.stringify(CUSTOMER_CREATED);

  it("verifies the test vectors Paddle publishes with its SDK (secret VALID_SECRET, ts 2023-11-01T00:00:00Z)", async () => {
    const at = (seconds: number) => (1698796800 + seconds) * 1000;
    const vector = { body: '{"data": ["1", "2"]}', headers: { "paddle-signature": "ts=1698796800;h1=a300428748dce5c70e4da19bffd60769591ea969c99dea3105d0ec9612cf43f9" }, secrets: ["VALID_SECRET"] };
    expect(await accepts(scheme, { ...vector, now: at(1) })).toBe(true);
    expect(await accepts(scheme, { ...vector, now: at(5) })).toBe(true);
    expect(await verify(scheme, { ...vector, now: at(6) })).toEqual({ ok: false, reason: "timestamp outside tolerance" });
    expect(await accepts(scheme, { ...vector, secrets: ["INVALID_VALID_SECRET"], now: at(1) })).toBe(false);
    expect(await accepts(scheme, { ...vector, body: '{ "data": [ "1", "2" ]}', now: at(1) })).toBe(false);
    // Several hashes in one header (and an unknown h2): any h1 may match.
    const multi = "ts=1698796800;h1=28981e941fae76e53db32f3d2a83cb69db41476595e84e1970a1b5d98f62b261;h1=28981e941fae76e53db32f3d2a83cb69db41476595e84e1970a1b5d98f62b261;h2=RANDOM_HASH";
    expect(await accepts(scheme, { body: '{"data": "value"}', headers: { "paddle-signature": multi }, secrets: ["VALID_SECRET"], now: at(1) })).toBe(true);
    expect(await accepts(scheme, { body: '{"data": "value"}', headers: { "paddle-signature": "ts=1234;h1=invalid_signature" }, secrets: ["VALID_SECRET"], now: at(1) })).toBe(false);
  });

  it("we accept Paddle's construction (which its SDK accepts); refuse it tampered or under another secret", async () => {
    const t = now();
    const header = paddleHeader(t, body);
    expect(await paddle.webhooks.isSignatureValid(body, SECRET, header)).toBe(true);
    expect(await accepts(scheme, { body, headers: { "paddle-signature": header }, secrets: [SECRET] })).toBe(true);
    expect(await accepts(scheme, { body: body.replace("Sam Miller", "Sam Muller"), headers: { "paddle-signature": header }, secrets: [SECRET] })).toBe(false);
    expect(await accepts(scheme, { body, headers: { "paddle-signature": header }, secrets: [STRANGER] })).toBe(false);
    expect(await accepts(scheme, { body, headers: { "paddle-signature": `ts=${t + 1};h1=${h1(t, body)}` }, secrets: [SECRET] })).toBe(false); // the ts is signed
  });

  it("Paddle's SDK accepts what we sign (isSignatureValid and unmarshal), and refuses it tampered or under another secret", async () => {
    const ours = signDelivery(scheme, { body, secret: SECRET });
    const header = ours["paddle-signature"]!;
    expect(header).toMatch(/^ts=\d+;h1=[0-9a-f]{64}$/);
    expect(await paddle.webhooks.isSignatureValid(body, SECRET, header)).toBe(true);
    const event = await paddle.webhooks.unmarshal(body, SECRET, header);
    expect({ eventType: event.eventType, eventId: event.eventId }).toEqual({ eventType: "customer.created", eventId: "evt_01h8441jx8x1q971q9ksksqh82" });
    expect(await paddle.webhooks.isSignatureValid(body.replace("sam@", "pam@"), SECRET, header)).toBe(false);
    expect(await paddle.webhooks.isSignatureValid(body, STRANGER, header)).toBe(false);
    await expect(paddle.webhooks.unmarshal(`${body} `, SECRET, header)).rejects.toThrow(/verification failed/);
  });

  it("expired timestamps: both refuse a signature 6 s old; from the future only we refuse it (Paddle checks the past only)", async () => {
    const t = now();
    const stale = paddleHeader(t - 60, body);
    expect(await paddle.webhooks.isSignatureValid(body, SECRET, stale)).toBe(false);
    expect(await verify(scheme, { body, headers: { "paddle-signature": stale }, secrets: [SECRET] })).toEqual({ ok: false, reason: "timestamp outside tolerance" });
    expect(await paddle.webhooks.isSignatureValid(body, SECRET, signDelivery(scheme, { body, secret: SECRET, timestamp: t - 60 })["paddle-signature"]!)).toBe(false);
    const future = paddleHeader(t + 60, body);
    expect(await paddle.webhooks.isSignatureValid(body, SECRET, future)).toBe(true);
    expect(await verify(scheme, { body, headers: { "paddle-signature": future }, secrets: [SECRET] })).toEqual({ ok: false, reason: "timestamp outside tolerance" });
  });

  it("rotation: two configured secrets accept a delivery signed with either; Paddle's multi-h1 header verifies under either", async () => {
    const t = now();
    const secrets = [SECRET, NEW_SECRET];
    expect(await accepts(scheme, { body, headers: { "paddle-signature": paddleHeader(t, body, SECRET) }, secrets })).toBe(true);
    expect(await accepts(scheme, { body, headers: { "paddle-signature": paddleHeader(t, body, NEW_SECRET) }, secrets })).toBe(true);
    expect(await accepts(scheme, { body, headers: { "paddle-signature": paddleHeader(t, body, STRANGER) }, secrets })).toBe(false);
    // While Paddle rotates a destination's key it sends one h1 per key.
    const both = `ts=${t};h1=${h1(t, body, SECRET)};h1=${h1(t, body, NEW_SECRET)}`;
    expect(await accepts(scheme, { body, headers: { "paddle-signature": both }, secrets: [NEW_SECRET] })).toBe(true);
    expect(await accepts(scheme, { body, headers: { "paddle-signature": both }, secrets: [SECRET] })).toBe(true);
    // Paddle's SDK keeps only the last h1 it reads and one secret: it refuses the old-key side.
    expect(await paddle.webhooks.isSignatureValid(body, SECRET, both)).toBe(false);
  });
});

describe("paddle built-in: the catalog (@paddle/paddle-node-sdk notification types)", () => {
  const folder = readSchemaFolder(NAME);
  const compiled = compileFolder(folder);
  const extract = compileExtraction(spec.event);
  const objectOf = compileObjectExtraction(spec.event)!;

  it("holds the 36 transaction, subscription, customer, address, business, adjustment, payment method, product, price, discount and payout events", () => {
    const names = [...folder.events.keys()];
    expect(names).toHaveLength(36);
    for (const prefix of ["transaction.", "subscription.", "customer.", "address.", "business.", "adjustment.", "payment_method.", "product.", "price.", "discount.", "payout."]) {
      expect(names.some((n) => n.startsWith(prefix)), prefix).toBe(true);
    }
    expect(names.filter((n) => n.startsWith("transaction."))).toHaveLength(10);
    expect(names.filter((n) => n.startsWith("subscription."))).toHaveLength(8);
    expect(Object.keys(spec.schemas.events).sort()).toEqual([...names].sort());
    expect(contractProblems(folder)).toEqual([]);
  });

  const examples: [event: string, payload: Record<string, unknown>][] = [
    ["customer.created", CUSTOMER_CREATED],
    ["subscription.created", SUBSCRIPTION_CREATED],
    ["adjustment.created", ADJUSTMENT_CREATED],
    ["payout.paid", PAYOUT_PAID],
  ];

  it.each(examples)("Paddle's %s example validates, and its type, id, time and object are extracted from the body", (event, payload) => {
    const validate = compiled.validator(event);
    expect(validate(payload), JSON.stringify(validate.errors)).toBe(true);
    expect(extract({}, payload, 0)).toMatchObject({ type: event, id: payload["event_id"], timestampMs: Date.parse(payload["occurred_at"] as string) });
    const data = payload["data"] as Record<string, unknown>;
    expect(objectOf({}, payload)).toEqual(typeof data["updated_at"] === "string" ? { id: data["id"], timestampMs: Date.parse(data["updated_at"]) } : undefined);
  });

  it("the schemas refuse what no Paddle notification looks like", () => {
    expect(compiled.validator("customer.created")({ ...CUSTOMER_CREATED, event_type: "customer.updated" })).toBe(false);
    const { event_id: _id, ...noId } = CUSTOMER_CREATED;
    expect(compiled.validator("customer.created")(noId)).toBe(false);
    expect(compiled.validator("subscription.created")({ ...SUBSCRIPTION_CREATED, data: { ...(SUBSCRIPTION_CREATED["data"] as object), items: "none" } })).toBe(false);
  });
});
