/**
 * Conformance: events built from Stripe's own fixture objects (test/fixtures/stripe/resources.json,
 * copied from Stripe's fixtures3.json, MIT) validate against schemas/stripe, both as written and
 * with `additionalProperties: false` forced on every object schema that does not set it
 * (simulating `validation: strict`).
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { deriveStripeSchemas, STRIPE_EVENTS, STRIPE_RESOURCES } from "../../scripts/derive-stripe-schemas.js";
import { compileFolder, contractProblems, errorSignatures, readSchemaFolder, repoRoot } from "./schema-folder.js";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const resources = JSON.parse(readFileSync(`${repoRoot}test/fixtures/stripe/resources.json`, "utf8")) as Record<string, JsonObject>;
const folder = readSchemaFolder("stripe");
const lenient = compileFolder(folder);
const strict = compileFolder(folder, { strict: true });

const clone = <T>(value: T): T => structuredClone(value);

function buildEvent(type: string, overrides: Partial<JsonObject> = {}): JsonObject {
  const resource = STRIPE_EVENTS[type]!;
  const object = clone(resources[STRIPE_RESOURCES[resource][0]]!);
  return {
    api_version: "2025-06-30.basil",
    created: 1721954100,
    data: type.endsWith(".updated") ? { object, previous_attributes: { status: "trialing" } } : { object },
    id: "evt_1Pgc76B7WZ01zgkWwyRHS12y",
    livemode: false,
    object: "event",
    pending_webhooks: 1,
    request: { id: "req_abc123", idempotency_key: "5b5e1c3e-3c1d-4f8e-9a4c-6d4e1f0b2a11" },
    type,
    ...overrides,
  };
}

const EVENTS = Object.keys(STRIPE_EVENTS).sort();

describe("schemas/stripe", () => {
  it("has the starter catalog and follows the schema folder contract", () => {
    expect([...folder.events.keys()]).toEqual(EVENTS);
    expect(EVENTS).toEqual([
      "charge.succeeded",
      "checkout.session.completed",
      "customer.subscription.created",
      "customer.subscription.deleted",
      "customer.subscription.updated",
      "invoice.paid",
      "payment_intent.payment_failed",
      "payment_intent.succeeded",
    ]);
    expect(contractProblems(folder)).toEqual([]);
  });

  describe.each(EVENTS)("%s", (type) => {
    it("accepts the event built from Stripe's fixture (as written)", () => {
      const validate = lenient.validator(type);
      expect(validate(buildEvent(type)) ? [] : errorSignatures(validate)).toEqual([]);
    });

    it("accepts the event built from Stripe's fixture with additionalProperties: false forced", () => {
      const validate = strict.validator(type);
      expect(validate(buildEvent(type)) ? [] : errorSignatures(validate)).toEqual([]);
      // automatic event: no request, old api_version
      expect(validate(buildEvent(type, { request: null, api_version: null }))).toBe(true);
      expect(validate(buildEvent(type, { request: { id: null, idempotency_key: null } }))).toBe(true);
    });

    it("rejects another event type, a missing resource and (strict) unknown keys", () => {
      const other = EVENTS.find((e) => e !== type)!;
      expect(lenient.validator(type)(buildEvent(type, { type: other }))).toBe(false);
      expect(lenient.validator(type)(buildEvent(type, { data: {} }))).toBe(false);
      const event = buildEvent(type);
      ((event.data as JsonObject).object as JsonObject).not_a_stripe_field = 1;
      expect(lenient.validator(type)(event)).toBe(true);
      expect(strict.validator(type)(event)).toBe(false);
    });
  });

  it("types amounts as integers and closes well-known status enums", () => {
    const validate = strict.validator("payment_intent.succeeded");
    const event = buildEvent("payment_intent.succeeded");
    const pi = (event.data as JsonObject).object as JsonObject;
    pi.status = "succeeded";
    expect(validate(event)).toBe(true);
    pi.status = "almost_succeeded";
    expect(validate(event)).toBe(false);
    pi.status = "succeeded";
    pi.amount = "1099";
    expect(validate(event)).toBe(false);
    pi.amount = 10.5;
    expect(validate(event)).toBe(false);

    const statuses = (def: string): Json => ((folder.defs.get(def)!.properties as JsonObject).status as JsonObject).enum!;
    expect(statuses("PaymentIntent")).toEqual([
      "canceled", "processing", "requires_action", "requires_capture", "requires_confirmation", "requires_payment_method", "succeeded",
    ]);
    expect(statuses("Charge")).toEqual(["failed", "pending", "succeeded"]);
    expect(statuses("CheckoutSession")).toEqual(["complete", "expired", "open", null]); // nullable in Stripe's API
    expect(statuses("Subscription")).toEqual([
      "active", "canceled", "incomplete", "incomplete_expired", "past_due", "paused", "trialing", "unpaid",
    ]);
    expect(statuses("Invoice")).toEqual(["draft", "open", "paid", "uncollectible", "void", null]); // nullable in Stripe's API
  });

  it("is what scripts/derive-stripe-schemas.ts produces from the vendored fixtures", () => {
    const { files } = deriveStripeSchemas({ resources });
    for (const [path, text] of files) expect(readFileSync(`${repoRoot}schemas/stripe/${path}`, "utf8"), path).toBe(text);
    expect(files.size).toBe(folder.events.size + folder.defs.size);
  });

  it("lists every property of every fixture object (at every depth) in the schema", () => {
    // Strict validation above already proves it; this names the missing property when it breaks.
    const missing: string[] = [];
    const walk = (value: Json, schema: JsonObject | undefined, path: string): void => {
      if (schema === undefined) return;
      if (typeof schema.$ref === "string") schema = folder.defs.get(schema.$ref.replace(/^.*\/|\.json$/g, ""));
      if (schema === undefined) return;
      for (const branch of (schema.anyOf as JsonObject[] | undefined) ?? []) walk(value, branch, path);
      if (Array.isArray(value)) {
        value.forEach((v, i) => walk(v, schema.items as JsonObject | undefined, `${path}[${i}]`));
      } else if (value !== null && typeof value === "object") {
        const props = schema.properties as JsonObject | undefined;
        if (props === undefined) return; // open object or map (additionalProperties set)
        for (const [k, v] of Object.entries(value)) {
          if (!(k in props)) missing.push(`${path}.${k}`);
          else walk(v, props[k] as JsonObject, `${path}.${k}`);
        }
      }
    };
    for (const [def, [key]] of Object.entries(STRIPE_RESOURCES)) walk(resources[key]!, folder.defs.get(def), def);
    expect(missing).toEqual([]);
  });
});
