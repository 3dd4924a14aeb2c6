/**
 * Conformance: events built from Stripe's own fixture objects (test/fixtures/stripe/resources.json,
 * copied from Stripe's fixtures3.json, MIT) validate against schemas/stripe, both as written and
 * with `additionalProperties: false` forced on every object schema that does not set it
 * (simulating `validation: strict`). Every event is built once per resource its `data.object` may
 * be (`customer.source.*`: Account, BankAccount, Card, Source) that has a fixture; the resources
 * without one (TYPINGS_ONLY) are derived from stripe-node's typings alone and checked for shape only.
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

/** Resources that Stripe's fixtures3.json has no example of. */
const TYPINGS_ONLY = ["AppsInstall", "ThreeDSecureAuthentication"];
const withFixture = (def: string): boolean => STRIPE_RESOURCES[def]!.object in resources;

function buildEvent(type: string, overrides: Partial<JsonObject> = {}, def = STRIPE_EVENTS[type]!.find(withFixture)): JsonObject {
  const object = def === undefined ? {} : clone(resources[STRIPE_RESOURCES[def]!.object]!);
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
const FIXTURE_EVENTS = EVENTS.filter((e) => STRIPE_EVENTS[e]!.some(withFixture));
/** [event, resource] for every resource an event may carry that has a fixture. */
const CASES = FIXTURE_EVENTS.flatMap((e) => STRIPE_EVENTS[e]!.filter(withFixture).map((def) => [e, def] as const));

describe("schemas/stripe", () => {
  it("has one event file per event of the catalog and follows the schema folder contract", () => {
    expect([...folder.events.keys()]).toEqual(EVENTS);
    expect(EVENTS.length).toBe(275); // stripe-node 23.1's Stripe.Event union (test/conformance/stripe-catalog.test.ts)
    expect(contractProblems(folder)).toEqual([]);
  });

  it("has a fixture for every resource but the typings-only ones", () => {
    expect(Object.keys(STRIPE_RESOURCES).filter((def) => !withFixture(def))).toEqual(TYPINGS_ONLY);
    for (const def of TYPINGS_ONLY) {
      // Shape only: the typings' non-optional properties are required, nested objects are open.
      const schema = folder.defs.get(def)!;
      expect(schema.type).toBe("object");
      expect(schema.required).toContain("id");
      expect((schema.properties as JsonObject).object).toEqual(expect.objectContaining({ const: STRIPE_RESOURCES[def]!.object }));
    }
  });

  describe.each(CASES)("%s (%s)", (type, def) => {
    it("accepts the event built from Stripe's fixture, as written and with additionalProperties: false forced", () => {
      const event = buildEvent(type, {}, def);
      const loose = lenient.validator(type);
      expect(loose(event) ? [] : errorSignatures(loose)).toEqual([]);
      const validate = strict.validator(type);
      expect(validate(event) ? [] : errorSignatures(validate)).toEqual([]);
      // automatic event: no request, old api_version
      expect(validate(buildEvent(type, { request: null, api_version: null }, def))).toBe(true);
      expect(validate(buildEvent(type, { request: { id: null, idempotency_key: null } }, def))).toBe(true);
    });

    it("rejects another event type, a missing resource and (strict) unknown keys", () => {
      const other = EVENTS.find((e) => e !== type)!;
      expect(lenient.validator(type)(buildEvent(type, { type: other }, def))).toBe(false);
      expect(lenient.validator(type)(buildEvent(type, { data: {} }, def))).toBe(false);
      const event = buildEvent(type, {}, def);
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
        // open object, map, or ExpandedObject (id + object, open by design: expanded objects in a fixture)
        if (props === undefined || schema.additionalProperties === true) return;
        for (const [k, v] of Object.entries(value)) {
          if (!(k in props)) missing.push(`${path}.${k}`);
          else walk(v, props[k] as JsonObject, `${path}.${k}`);
        }
      }
    };
    for (const [def, { object }] of Object.entries(STRIPE_RESOURCES)) if (object in resources) walk(resources[object]!, folder.defs.get(def), def);
    expect(missing).toEqual([]);
  });
});
