/**
 * The built-in Lemon Squeezy spec (providers/lemonsqueezy/webhook.yaml). Lemon Squeezy has no
 * official Node SDK in this repository's devDependencies, and its SDK (@lemonsqueezy/lemonsqueezy.js)
 * ships no webhook verifier anyway, so its documented construction — X-Signature: hex
 * HMAC-SHA256 of the raw body keyed by the signing secret
 * (https://docs.lemonsqueezy.com/help/webhooks/signing-requests) — is computed here with
 * node:crypto, independently of the runtime, and checked both ways on both crypto backends.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { describe, expect, it } from "vitest";
import { compileExtraction } from "../../../src/runtime/extract.js";
import { signDelivery } from "../../../src/testing/sign.js";
import { accepts, expectRotation, lower, verify } from "../schemes/harness.js";
import { compileFolder, contractProblems, readSchemaFolder } from "../schema-folder.js";
import { builtinScheme, builtinSpec } from "./builtin.js";
import { expectExamplesValidate } from "./catalog.js";
import { builtinPipeline } from "./pipeline.js";

const scheme = builtinScheme("lemonsqueezy");
const spec = builtinSpec("lemonsqueezy");
const folder = readSchemaFolder("lemonsqueezy");
const lenient = compileFolder(folder);
const strict = compileFolder(folder, { strict: true });
const extract = compileExtraction(spec.event);

/** Lemon Squeezy's construction, as its docs describe it. */
const lsSignature = (secret: string, body: string): string => createHmac("sha256", secret).update(body, "utf8").digest("hex");
/** The check Lemon Squeezy's docs show (timing-safe compare of the hex digests). */
function lsVerify(secret: string, body: string, header: string | undefined): boolean {
  const digest = Buffer.from(lsSignature(secret, body), "utf8");
  const signature = Buffer.from(header ?? "", "utf8");
  return digest.length === signature.length && timingSafeEqual(digest, signature);
}

// The developer guide's subscription_created example
// (https://docs.lemonsqueezy.com/guides/developer-guide/webhooks): meta and the attributes up to
// first_subscription_item as published (the e-mail address, obfuscated on the page, made up); the
// rest as the subscription object reference lists it.
const subscriptionCreated = {
  meta: { event_name: "subscription_created" },
  data: {
    type: "subscriptions",
    id: "1",
    attributes: {
      store_id: 2,
      customer_id: 2,
      order_id: 2,
      order_item_id: 2,
      product_id: 2,
      variant_id: 2,
      product_name: "Subscription One",
      variant_name: "Default",
      user_name: "Dan R",
      user_email: "dan@example.com",
      status: "on_trial",
      status_formatted: "On_trial",
      card_brand: "visa",
      card_last_four: "42424",
      pause: null,
      cancelled: false,
      trial_ends_at: "2023-01-24T12:43:48.000000Z",
      billing_anchor: 24,
      first_subscription_item: {
        id: 1,
        subscription_id: 1,
        price_id: 1,
        quantity: 1,
        created_at: "2023-01-17T12:43:51.000000Z",
        updated_at: "2023-01-17T12:43:51.000000Z",
      },
      urls: { update_payment_method: "https://app.lemonsqueezy.com/my-orders/…/subscription/1/payment-details?expires=1674045831&signature=…" },
      renews_at: "2023-01-24T12:43:48.000000Z",
      ends_at: null,
      created_at: "2023-01-17T12:43:50.000000Z",
      updated_at: "2023-01-17T12:43:51.000000Z",
      test_mode: false,
    },
    relationships: { store: { links: { related: "https://api.lemonsqueezy.com/v1/subscriptions/1/store", self: "https://api.lemonsqueezy.com/v1/subscriptions/1/relationships/store" } } },
    links: { self: "https://api.lemonsqueezy.com/v1/subscriptions/1" },
  },
};

// An order_created delivery shaped as the order object reference documents it
// (https://docs.lemonsqueezy.com/api/orders/the-order-object).
const orderCreated = {
  meta: { test_mode: true, event_name: "order_created", webhook_id: "8c6a5f9e-2a5b-4d1c-9d0a-3f1f2b7c6e11", custom_data: { user_id: "u_42" } },
  data: {
    type: "orders",
    id: "1",
    attributes: {
      store_id: 1,
      customer_id: 1,
      identifier: "104e18a2-d755-4d4b-80c4-a6c1dcbe1c10",
      order_number: 1,
      user_name: "Darlene Daniels",
      user_email: "gernaldo@example.com",
      currency: "USD",
      currency_rate: "1.0000",
      subtotal: 999,
      setup_fee: 0,
      discount_total: 0,
      tax: 200,
      total: 1199,
      refunded_amount: 0,
      subtotal_usd: 999,
      setup_fee_usd: 0,
      discount_total_usd: 0,
      tax_usd: 200,
      total_usd: 1199,
      refunded_amount_usd: 0,
      tax_name: "VAT",
      tax_rate: "20.00",
      tax_inclusive: false,
      status: "paid",
      status_formatted: "Paid",
      refunded: false,
      refunded_at: null,
      subtotal_formatted: "$9.99",
      setup_fee_formatted: "$0.00",
      discount_total_formatted: "$0.00",
      tax_formatted: "$2.00",
      total_formatted: "$11.99",
      refunded_amount_formatted: "$0.00",
      first_order_item: {
        id: 1,
        order_id: 1,
        product_id: 1,
        variant_id: 1,
        price_id: 1,
        quantity: 1,
        product_name: "Test Limited License for 2 years",
        variant_name: "Default",
        price: 1199,
        created_at: "2021-08-17T09:45:53.000000Z",
        updated_at: "2021-08-17T09:45:53.000000Z",
        test_mode: false,
      },
      urls: { receipt: "https://app.lemonsqueezy.com/my-orders/104e18a2-d755-4d4b-80c4-a6c1dcbe1c10?signature=…" },
      created_at: "2021-08-17T09:45:53.000000Z",
      updated_at: "2021-08-17T09:45:53.000000Z",
      test_mode: false,
    },
    relationships: {},
    links: { self: "https://api.lemonsqueezy.com/v1/orders/1" },
  },
};

describe("lemonsqueezy: the built-in spec", () => {
  it("is an hmac scheme over the raw body in X-Signature, typed by meta.event_name, with Lemon Squeezy's retry figures", () => {
    expect(scheme).toMatchObject({ scheme: "hmac", header: "x-signature", algorithm: "sha256", encoding: "hex", prefix: "", separator: "", signedContent: "{body}" });
    expect("timestamp" in scheme && scheme.timestamp).toBeFalsy();
    expect(spec.displayName).toBe("LemonSqueezy");
    expect(spec.event).toEqual({ type: { body: ["meta.event_name"] }, timestamp: { body: ["data.attributes.updated_at"], unit: "iso" } });
    expect(spec.delivery).toMatchObject({ timeoutSeconds: 5, retries: { attempts: 3 } });
    expect(spec.webhooks.default).toMatchObject({
      path: "/webhooks/lemonsqueezy/",
      verifySignature: true,
      secretEnv: "LEMONSQUEEZY_SIGNING_SECRET",
      validation: "lenient",
      maxBodyBytes: 1_048_576,
    });
  });

  it("catalogs the 15 documented events, each a { meta, data } body naming itself", () => {
    expect([...folder.events.keys()]).toEqual([
      "license_key_created",
      "license_key_updated",
      "order_created",
      "order_refunded",
      "subscription_cancelled",
      "subscription_created",
      "subscription_expired",
      "subscription_paused",
      "subscription_payment_failed",
      "subscription_payment_recovered",
      "subscription_payment_refunded",
      "subscription_payment_success",
      "subscription_resumed",
      "subscription_unpaused",
      "subscription_updated",
    ]);
    expect(Object.keys(spec.schemas.events).sort()).toEqual([...folder.events.keys()]);
    expect(contractProblems(folder)).toEqual([]);
    for (const [name, schema] of folder.events) {
      const meta = (schema.properties as Record<string, { properties: Record<string, { const?: string }> }>).meta!;
      expect(meta.properties.event_name!.const, name).toBe(name);
    }
  });
});

describe("lemonsqueezy: signatures", () => {
  const secret = "ls-signing-secret-1";
  const body = JSON.stringify(subscriptionCreated);

  it("accepts Lemon Squeezy's construction; refuses it tampered, under another secret, or missing", async () => {
    const theirs = { "X-Signature": lsSignature(secret, body) };
    expect(await accepts(scheme, { body, headers: theirs, secrets: [secret] })).toBe(true);
    expect(await accepts(scheme, { body, headers: { "X-Signature": lsSignature(secret, body).toUpperCase() }, secrets: [secret] })).toBe(true);
    expect(await accepts(scheme, { body: body.replace('"Dan R"', '"Dan S"'), headers: theirs, secrets: [secret] })).toBe(false);
    expect(await accepts(scheme, { body, headers: { "X-Signature": lsSignature("another", body) }, secrets: [secret] })).toBe(false);
    expect((await verify(scheme, { body, headers: {}, secrets: [secret] })).ok).toBe(false);
    // Raw bytes: a re-serialised body (whitespace) is a different message.
    expect(await accepts(scheme, { body: JSON.stringify(subscriptionCreated, null, 2), headers: theirs, secrets: [secret] })).toBe(false);
  });

  it("during rotation accepts a delivery signed with either configured secret, and none signed with neither", async () => {
    await expectRotation(scheme, ["ls-old-secret", secret], "third", (s) => ({ body, headers: { "x-signature": lsSignature(s, body) } }));
  });

  it("signs exactly as Lemon Squeezy does: its documented check accepts signDelivery's header, and refuses it tampered", () => {
    const ours = signDelivery(scheme, { body, secret });
    expect(Object.keys(ours)).toEqual(["x-signature"]);
    expect(ours["x-signature"]).toBe(lsSignature(secret, body));
    expect(lsVerify(secret, body, ours["x-signature"])).toBe(true);
    expect(lsVerify(secret, `${body} `, ours["x-signature"])).toBe(false);
    expect(lsVerify("other", body, ours["x-signature"])).toBe(false);
  });
});

describe("lemonsqueezy: documented payloads", () => {
  it("validate against the catalog (as written and with unknown keys forbidden), and a broken one does not", () => {
    expectExamplesValidate(lenient, strict, [
      ["subscription_created", subscriptionCreated],
      ["order_created", orderCreated],
    ]);
    // The event name must match the catalog entry, and data must be the right resource type.
    expect(lenient.validator("order_created")(subscriptionCreated)).toBe(false);
    expect(lenient.validator("subscription_created")({ ...subscriptionCreated, data: { ...subscriptionCreated.data, type: "orders" } })).toBe(false);
    const { store_id: _dropped, ...withoutStore } = orderCreated.data.attributes;
    expect(lenient.validator("order_created")({ ...orderCreated, data: { ...orderCreated.data, attributes: withoutStore } })).toBe(false);
  });

  it("keep attributes Lemon Squeezy adds later (attributes are open objects)", () => {
    const later = { ...orderCreated, data: { ...orderCreated.data, attributes: { ...orderCreated.data.attributes, a_future_field: 1 } } };
    expect(strict.validator("order_created")(later)).toBe(true);
  });

  it("take their type from the signed body (the unsigned X-Event-Name header is not trusted) and their time from updated_at", () => {
    const headers = lower({ "X-Event-Name": "subscription_cancelled" });
    const e = extract(headers, subscriptionCreated, 0);
    expect(e).toEqual({ type: "subscription_created", baseType: "subscription_created", id: undefined, timestampMs: Date.parse("2023-01-17T12:43:51Z") });
    expect(extract({}, orderCreated, 0).type).toBe("order_created");
  });
});

describe("lemonsqueezy: through the pipeline", () => {
  const secret = "ls-pipeline-secret";

  it("dispatches a signed delivery, dedupes Lemon Squeezy's byte-identical retry on the body's hash, and answers 401 to a forgery", async () => {
    const { post, seen } = builtinPipeline("lemonsqueezy", { env: { LEMONSQUEEZY_SIGNING_SECRET: `old-secret,${secret}` }, record: (event) => event.type });
    const body = JSON.stringify(orderCreated);
    const headers = { "x-event-name": "order_created", "x-signature": lsSignature(secret, body) };
    expect(await post(body, headers)).toMatchObject({ status: 200, body: '{"status":"processed"}' });
    expect(await post(body, headers)).toMatchObject({ status: 200, body: '{"status":"duplicate"}' });
    expect(seen).toEqual(["order_created"]);
    expect((await post(body.replace("paid", "refunded"), headers))?.status).toBe(401);
  });
});
