/**
 * The built-in Square spec (providers/square/webhook.yaml), loaded as a project gets it, against
 * square's own SDK (WebhooksHelper.verifySignature, and its wire-format serializers): the
 * signature both ways on both crypto backends (Square's published test vector, rotated keys,
 * tampered bodies, other URLs), the event identity, and schemas/square against Square's
 * documented example payloads and against the SDK's raw (snake_case) shapes.
 */
import { createHmac } from "node:crypto";
import { serialization, WebhooksHelper } from "square";
import { describe, expect, it } from "vitest";
import { compileExtraction, compileObjectExtraction } from "../../../src/runtime/extract.js";
import { signDelivery } from "../../../src/testing/sign.js";
import { compileFolder, contractProblems, readSchemaFolder, type SchemaObject } from "../schema-folder.js";
import { accepts, expectRotation, verify } from "../schemes/harness.js";
import { builtinScheme, builtinSpec } from "./builtin.js";

const spec = builtinSpec("square");
const scheme = builtinScheme("square");
const HEADER = "x-square-hmacsha256-signature";

// Square's published signature test vector (the WebhooksHelper tests of its SDKs).
const VECTOR = {
  body: '{"merchant_id":"MLEFBHHSJGVHD","type":"webhooks.test_notification","event_id":"ac3ac95b-f97d-458c-a6e6-18981597e05f","created_at":"2022-07-13T20:30:59.037339943Z","data":{"type":"webhooks","id":"bc368e64-01aa-407e-b46e-3231809b1129"}}',
  signature: "GF4YkrJgGBDZ9NIYbNXBnMzqb2HoL4RW/S6vkZ9/2N4=",
  key: "Ibxx_5AKakO-3qeNVR61Dw",
  url: "https://webhook.site/679a4f3a-dcfa-49ee-bac5-9d0edad886b9",
};

// Square's API reference examples for payment.created and payment.updated
// (https://developer.squareup.com/reference/square/webhooks/payment.created, …/payment.updated).
const card = { card_brand: "MASTERCARD", last_4: "9029", exp_month: 11, exp_year: 2022, fingerprint: "sq-1-Tvruf3vPQxlvI6n0IcKYfBukrcv6IqWr8UyBdViWXU2yzGn5VMJvrsHMKpINMhPmVg", card_type: "CREDIT", prepaid_type: "NOT_PREPAID", bin: "540988" };
const usd = (amount: number) => ({ amount, currency: "USD" });
const EXAMPLES: Record<string, Record<string, unknown>> = {
  "payment.created": {
    merchant_id: "6SSW7HV8K2ST5",
    type: "payment.created",
    event_id: "13b867cf-db3d-4b1c-90b6-2f32a9d78124",
    created_at: "2020-02-06T21:27:30.792Z",
    data: {
      type: "payment",
      id: "KkAkhdMsgzn59SM8A89WgKwekxLZY",
      object: {
        payment: {
          id: "hYy9pRFVxpDsO1FB05SunFWUe9JZY",
          created_at: "2020-11-22T21:16:51.086Z",
          updated_at: "2020-11-22T21:16:51.198Z",
          amount_money: usd(100),
          status: "APPROVED",
          delay_duration: "PT168H",
          source_type: "CARD",
          card_details: {
            status: "AUTHORIZED",
            card,
            entry_method: "KEYED",
            cvv_status: "CVV_ACCEPTED",
            avs_status: "AVS_ACCEPTED",
            statement_description: "SQ *DEFAULT TEST ACCOUNT",
            card_payment_timeline: { authorized_at: "2020-11-22T21:16:51.198Z" },
          },
          location_id: "S8GWD5R9QB376",
          order_id: "03O3USaPaAaFnI6kkwB1JxGgBsUZY",
          risk_evaluation: { created_at: "2020-11-22T21:16:51.198Z", risk_level: "NORMAL" },
          total_money: usd(100),
          approved_money: usd(100),
          capabilities: ["EDIT_TIP_AMOUNT", "EDIT_TIP_AMOUNT_UP", "EDIT_TIP_AMOUNT_DOWN"],
          receipt_number: "hYy9",
          delay_action: "CANCEL",
          delayed_until: "2020-11-29T21:16:51.086Z",
          version_token: "FfQhQJf9r3VSQIgyWBk1oqhIwiznLwVwJbVVA0bdyEv6o",
        },
      },
    },
  },
  "payment.updated": {
    merchant_id: "6SSW7HV8K2ST5",
    type: "payment.updated",
    event_id: "6a8f5f28-54a1-4eb0-a98a-3111513fd4fc",
    created_at: "2020-02-06T21:27:34.308Z",
    data: {
      type: "payment",
      id: "hYy9pRFVxpDsO1FB05SunFWUe9JZY",
      object: {
        payment: {
          id: "hYy9pRFVxpDsO1FB05SunFWUe9JZY",
          created_at: "2020-11-22T21:16:51.086Z",
          updated_at: "2020-11-22T21:19:00.831Z",
          amount_money: usd(100),
          status: "COMPLETED",
          delay_duration: "PT168H",
          source_type: "CARD",
          card_details: {
            status: "CAPTURED",
            card,
            entry_method: "KEYED",
            cvv_status: "CVV_ACCEPTED",
            avs_status: "AVS_ACCEPTED",
            statement_description: "SQ *DEFAULT TEST ACCOUNT",
            card_payment_timeline: { authorized_at: "2020-11-22T21:16:51.198Z", captured_at: "2020-11-22T21:19:00.832Z" },
          },
          location_id: "S8GWD5R9QB376",
          order_id: "03O3USaPaAaFnI6kkwB1JxGgBsUZY",
          risk_evaluation: { created_at: "2020-11-22T21:16:51.198Z", risk_level: "NORMAL" },
          total_money: usd(100),
          approved_money: usd(100),
          receipt_number: "hYy9",
          receipt_url: "https://squareup.com/receipt/preview/hYy9pRFVxpDsO1FB05SunFWUe9JZY",
          delay_action: "CANCEL",
          delayed_until: "2020-11-29T21:16:51.086Z",
          version_token: "bhC3b8qKJvNDdxqKzXaeDsAjS1oMFuAKxGgT32HbE6S6o",
        },
      },
    },
  },
};

/** A delivery to `url` as the server sees it: its Host header and path. */
function at(url: string, signature: string, body: string, secrets: readonly string[]) {
  const u = new URL(url);
  return { body, headers: { host: u.host, [HEADER]: signature }, secrets, path: u.pathname };
}

/** Square's construction: base64 HMAC-SHA256 of notification URL + body (what WebhooksHelper checks). */
const squareSign = (key: string, url: string, body: string) => createHmac("sha256", key).update(url + body).digest("base64");

describe("square: the built-in spec", () => {
  it("verifies x-square-hmacsha256-signature over {url}{body}, base64, one signature, no timestamp", () => {
    expect(scheme).toEqual({
      scheme: "hmac",
      header: HEADER,
      algorithm: "sha256",
      encoding: "base64",
      prefix: "",
      separator: "",
      signedContent: "{url}{body}",
    });
    expect(spec.webhooks["default"]).toMatchObject({ path: "/webhooks/square/", secretEnv: "SQUARE_SIGNATURE_KEY", verifySignature: true, validation: "lenient", maxBodyBytes: 1_048_576 });
    expect(spec.delivery).toMatchObject({ timeoutSeconds: 10, retries: { attempts: 78, windowHours: 72 } });
  });
});

describe("square: signatures, against square's WebhooksHelper", () => {
  const key = "sq0wbhk-signature-key";
  const url = "https://hooks.example.com/webhooks/square/";
  const body = JSON.stringify(EXAMPLES["payment.updated"]);

  it("accepts Square's published test vector (and WebhooksHelper agrees); refuses it with the body, URL or key changed", async () => {
    expect(await WebhooksHelper.verifySignature({ requestBody: VECTOR.body, signatureHeader: VECTOR.signature, signatureKey: VECTOR.key, notificationUrl: VECTOR.url })).toBe(true);
    expect(await accepts(scheme, at(VECTOR.url, VECTOR.signature, VECTOR.body, [VECTOR.key]))).toBe(true);
    expect(await accepts(scheme, at(VECTOR.url, VECTOR.signature, VECTOR.body.replace("MLEFBHHSJGVHD", "MLEFBHHSJGVHE"), [VECTOR.key]))).toBe(false);
    expect(await accepts(scheme, at(`${VECTOR.url}x`, VECTOR.signature, VECTOR.body, [VECTOR.key]))).toBe(false);
    expect(await accepts(scheme, at(VECTOR.url.replace("webhook.site", "webhook.example"), VECTOR.signature, VECTOR.body, [VECTOR.key]))).toBe(false);
    expect(await verify(scheme, at(VECTOR.url, VECTOR.signature, VECTOR.body, ["another-key"]))).toEqual({ ok: false, reason: "no matching signature" });
  });

  it("theirs → ours: Square's construction, checked by WebhooksHelper first, verifies; tampered bodies do not", async () => {
    const theirs = squareSign(key, url, body);
    expect(await WebhooksHelper.verifySignature({ requestBody: body, signatureHeader: theirs, signatureKey: key, notificationUrl: url })).toBe(true);
    expect(await accepts(scheme, at(url, theirs, body, [key]))).toBe(true);
    expect(await accepts(scheme, at(url, theirs, body.replace('"COMPLETED"', '"CANCELED"'), [key]))).toBe(false);
    expect(await accepts(scheme, at(url, theirs, `${body} `, [key]))).toBe(false);
  });

  it("ours → theirs: signDelivery's header passes WebhooksHelper, and only for the URL it was made for", async () => {
    const ours = signDelivery(scheme, { body, secret: key, url })[HEADER]!;
    expect(ours).toBe(squareSign(key, url, body));
    expect(await WebhooksHelper.verifySignature({ requestBody: body, signatureHeader: ours, signatureKey: key, notificationUrl: url })).toBe(true);
    expect(await WebhooksHelper.verifySignature({ requestBody: body, signatureHeader: ours, signatureKey: key, notificationUrl: "https://hooks.example.com/webhooks/other/" })).toBe(false);
    expect(await WebhooksHelper.verifySignature({ requestBody: body.replace("100", "101"), signatureHeader: ours, signatureKey: key, notificationUrl: url })).toBe(false);
    expect(await accepts(scheme, at(url, ours, body, [key]))).toBe(true);
  });

  it("rotation: with two keys configured a delivery signed with either verifies, with neither it does not (WebhooksHelper takes one key)", async () => {
    const secrets = ["sq-old-key", "sq-new-key"];
    await expectRotation(scheme, secrets, "sq-other-key", (k) => at(url, squareSign(k, url, body), body, secrets));
  });

  it("reads the origin from X-Forwarded-Host/-Proto behind a proxy; a missing or legacy-only header is refused", async () => {
    const signature = squareSign(key, url, body);
    const proxied = { body, headers: { host: "10.0.0.7:3000", "x-forwarded-host": "hooks.example.com", "x-forwarded-proto": "https", [HEADER]: signature }, secrets: [key], path: "/webhooks/square/" };
    expect(await accepts(scheme, proxied)).toBe(true);
    expect(await accepts(scheme, { ...proxied, headers: { ...proxied.headers, "x-forwarded-proto": "http" } })).toBe(false);
    // The legacy x-square-signature (HMAC-SHA1) alone is not enough.
    const legacy = createHmac("sha1", key).update(url + body).digest("base64");
    expect((await verify(scheme, { body, headers: { host: "hooks.example.com", "x-square-signature": legacy }, secrets: [key], path: "/webhooks/square/" })).ok).toBe(false);
  });
});

describe("square: event identity", () => {
  const extract = compileExtraction(spec.event);
  const objectOf = compileObjectExtraction(spec.event)!;

  it("type, id and time from the body: type, event_id, created_at (RFC 3339, nanoseconds allowed)", () => {
    const e = extract({}, EXAMPLES["payment.created"], 0);
    expect(e).toEqual({ type: "payment.created", baseType: "payment.created", id: "13b867cf-db3d-4b1c-90b6-2f32a9d78124", timestampMs: Date.parse("2020-02-06T21:27:30.792Z") });
    expect(extract({}, JSON.parse(VECTOR.body), 0)).toMatchObject({ type: "webhooks.test_notification", timestampMs: Date.parse("2022-07-13T20:30:59.037Z") });
  });

  it("per-object ordering: the object is data.id at its updated_at (so a late payment.created is older than a payment.updated)", () => {
    const created = objectOf({}, EXAMPLES["payment.created"]);
    const updated = objectOf({}, EXAMPLES["payment.updated"]);
    expect(updated).toEqual({ id: "hYy9pRFVxpDsO1FB05SunFWUe9JZY", timestampMs: Date.parse("2020-11-22T21:19:00.831Z") });
    expect(created!.timestampMs).toBeLessThan(updated!.timestampMs);
    const dispute = { type: "dispute.state.updated", data: { type: "dispute", id: "dp_1", object: { object: { id: "dp_1", updated_at: "2021-01-01T00:00:00Z" } } } };
    expect(objectOf({}, dispute)).toEqual({ id: "dp_1", timestampMs: Date.parse("2021-01-01T00:00:00Z") });
    // No updated_at (inventory counts): not ordered.
    expect(objectOf({}, { type: "inventory.count.updated", data: { id: "x", object: { inventory_counts: [] } } })).toBeUndefined();
  });
});

describe("schemas/square", () => {
  const folder = readSchemaFolder("square");
  const compiled = compileFolder(folder);

  it("follows the folder contract; every event's type is its file name", () => {
    expect(contractProblems(folder)).toEqual([]);
    expect(folder.events.size).toBe(40);
    for (const [name, schema] of folder.events) {
      expect((schema["properties"] as Record<string, SchemaObject>)["type"]!["const"], name).toBe(name);
      expect(schema["required"], name).toEqual(["type"]);
    }
  });

  it("Square's documented examples validate, and square's own serializer reads them too", () => {
    for (const [type, payload] of Object.entries(EXAMPLES)) {
      const validate = compiled.validator(type);
      expect(validate(payload), `${type}: ${JSON.stringify(validate.errors)}`).toBe(true);
      expect(extract(payload).type).toBe(type);
    }
    expect(serialization.PaymentCreatedEvent.parse(EXAMPLES["payment.created"]).ok).toBe(true);
    expect(serialization.PaymentUpdatedEvent.parse(EXAMPLES["payment.updated"]).ok).toBe(true);
  });

  it("rejects what Square would not send: a wrong type, a string amount, another event's type", () => {
    const validate = compiled.validator("payment.updated");
    const bad = structuredClone(EXAMPLES["payment.updated"]!) as { data: { object: { payment: { amount_money: { amount: unknown } } } } };
    bad.data.object.payment.amount_money.amount = "100";
    expect(validate(bad)).toBe(false);
    expect(serialization.PaymentUpdatedEvent.parse(bad).ok).toBe(false);
    expect(validate({ ...EXAMPLES["payment.updated"], type: "payment.created" })).toBe(false);
    expect(validate({ merchant_id: "M" })).toBe(false); // no type
  });

  it("declares exactly the wire-format keys of square's serializers, event by event and def by def", () => {
    type Raw = { _getRawProperties?: () => string[] };
    const serializers = serialization as unknown as Record<string, Raw | undefined>;
    const keysOf = (schema: SchemaObject) => Object.keys((schema["properties"] ?? {}) as object).sort();
    for (const [name, schema] of folder.events) {
      const sdk = serializers[schema["title"] as string];
      expect(sdk?._getRawProperties, `${name}: serializer ${String(schema["title"])}`).toBeTypeOf("function");
      expect(keysOf(schema), name).toEqual(sdk!._getRawProperties!().sort());
    }
    let checked = 0;
    for (const [name, schema] of folder.defs) {
      const sdk = serializers[name] ?? serializers[`${name}_`]; // Error is Error_ in the SDK
      if (sdk?._getRawProperties === undefined) continue;
      expect(keysOf(schema), name).toEqual(sdk._getRawProperties().sort());
      checked++;
    }
    expect(checked).toBe(folder.defs.size);
  });
});

function extract(payload: unknown) {
  return compileExtraction(spec.event)({}, payload, 0);
}
