/**
 * The built-in Paystack spec (providers/paystack/webhook.yaml), loaded as a project gets it.
 * Paystack ships no Node SDK, so its documented construction (hex HMAC-SHA512 of the raw body,
 * keyed by the secret key) is computed here independently with node:crypto and checked both ways
 * on both crypto backends: rotated keys, tampered bodies, the wrong algorithm. Then the event
 * identity (no id, no timestamp: the body's digest is the dedupe key) and schemas/paystack against
 * Paystack's documented event payloads (paystack.com/docs/payments/webhooks, as published in
 * PaystackOSS/doc-code-snippets).
 */
import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { compileExtraction } from "../../../src/runtime/extract.js";
import { signDelivery } from "../../../src/testing/sign.js";
import { compileFolder, contractProblems, readSchemaFolder, type SchemaObject } from "../schema-folder.js";
import { accepts, expectRotation, verify } from "../schemes/harness.js";
import { builtinScheme, builtinSpec } from "./builtin.js";

const spec = builtinSpec("paystack");
const scheme = builtinScheme("paystack");
const SIG = "x-paystack-signature";

// Paystack's documented event payloads, verbatim (src/doc/payments/webhooks/events/*.json of
// PaystackOSS/doc-code-snippets, the snippets of https://paystack.com/docs/payments/webhooks/).
const EXAMPLES: Record<string, Record<string, unknown>> = {
  "charge.success": {"event":"charge.success","data":{"id":302961,"domain":"live","status":"success","reference":"qTPrJoy9Bx","amount":10000,"message":null,"gateway_response":"Approved by Financial Institution","paid_at":"2016-09-30T21:10:19.000Z","created_at":"2016-09-30T21:09:56.000Z","channel":"card","currency":"NGN","ip_address":"41.242.49.37","metadata":0,"log":{"time_spent":16,"attempts":1,"authentication":"pin","errors":0,"success":false,"mobile":false,"input":[],"channel":null,"history":[{"type":"input","message":"Filled these fields: card number, card expiry, card cvv","time":15},{"type":"action","message":"Attempted to pay","time":15},{"type":"auth","message":"Authentication Required: pin","time":16}]},"fees":null,"customer":{"id":68324,"first_name":"BoJack","last_name":"Horseman","email":"bojack@horseman.com","customer_code":"CUS_qo38as2hpsgk2r0","phone":null,"metadata":null,"risk_action":"default"},"authorization":{"authorization_code":"AUTH_f5rnfq9p","bin":"539999","last4":"8877","exp_month":"08","exp_year":"2020","card_type":"mastercard DEBIT","bank":"Guaranty Trust Bank","country_code":"NG","brand":"mastercard","account_name":"BoJack Horseman"},"plan":{}}},
  "transfer.success": {"event":"transfer.success","data":{"amount":100000,"createdAt":"2025-08-04T10:32:40.000Z","currency":"NGN","domain":"test","failures":null,"id":860703114,"integration":{"id":463433,"is_live":true,"business_name":"Paystack Demo","logo_path":"https://public-files-paystack-prod.s3.eu-west-1.amazonaws.com/integration-logos/hpyxo8n1c7du6gxup7h6.png"},"reason":"Bonus for the week","reference":"acv_9ee55786-2323-4760-98e2-6380c9cb3f68","source":"balance","source_details":null,"status":"success","titan_code":null,"transfer_code":"TRF_v5tip3zx8nna9o78","transferred_at":null,"updatedAt":"2025-08-04T10:32:40.000Z","recipient":{"active":true,"createdAt":"2023-07-11T15:42:27.000Z","currency":"NGN","description":"","domain":"test","email":null,"id":56824902,"integration":463433,"metadata":null,"name":"Jekanmo Padie","recipient_code":"RCP_gd9vgag7n5lr5ix","type":"nuban","updatedAt":"2023-07-11T15:42:27.000Z","is_deleted":false,"details":{"authorization_code":null,"account_number":"9876543210","account_name":null,"bank_code":"044","bank_name":"Access Bank"}},"session":{"provider":null,"id":null},"fee_charged":0,"gateway_response":null}},
  "refund.processed": {"event":"refund.processed","data":{"status":"processed","transaction_reference":"T2154954_412829_3be32076_6lcg3","refund_reference":"132013318360","amount":"5000","currency":"NGN","processor":"mpgs_zen","customer":{"first_name":"Damilola","last_name":"Kwabena","email":"damilola@email.com"},"integration":412829,"domain":"live"}},
  "subscription.expiring_cards": {"event":"subscription.expiring_cards","data":[{"expiry_date":"12/2021","description":"visa ending with 4081","brand":"visa","subscription":{"id":94729,"subscription_code":"SUB_lejj927x2kxciw1","amount":44000,"next_payment_date":"2021-11-11T00:00:01.000Z","plan":{"interval":"monthly","id":22637,"name":"Premium Service (Monthly)","plan_code":"PLN_pfmwz75o021slex"}},"customer":{"id":7808239,"first_name":"Bojack","last_name":"Horseman","email":"bojackhoresman@gmail.com","customer_code":"CUS_8v6g420rc16spqw"}}]},
  "charge.dispute.create": {"event":"charge.dispute.create","data":{"id":358950,"refund_amount":5800,"currency":"NGN","status":"awaiting-merchant-feedback","resolution":null,"domain":"live","transaction":{"id":896467688,"domain":"live","status":"success","reference":"v3mjfgbnc19v97x","amount":5800,"message":null,"gateway_response":"Approved","paid_at":"2020-11-24T13:45:57.000Z","created_at":"2020-11-24T13:45:57.000Z","channel":"card","currency":"NGN","ip_address":null,"metadata":"","log":null,"fees":53,"fees_split":null,"authorization":{},"customer":{"international_format_phone":null},"plan":{},"subaccount":{},"split":{},"order_id":null,"paidAt":"2020-11-24T13:45:57.000Z","requested_amount":5800,"pos_transaction_data":null},"transaction_reference":null,"category":"chargeback","customer":{"id":5406463,"first_name":"John","last_name":"Doe","email":"example@test.com","customer_code":"CUS_6wbxh6689vt0n7s","phone":"08000000000","metadata":{},"risk_action":"allow","international_format_phone":null},"bin":"123456","last4":"1234","dueAt":"2020-11-25T18:00:00.000Z","resolvedAt":null,"evidence":null,"attachments":null,"note":null,"history":[{"status":"pending","by":"example@test.com","createdAt":"2020-11-24T13:46:57.000Z"}],"messages":[{"sender":"example@test.com","body":"Customer complained about debit without value","createdAt":"2020-11-24T13:46:57.000Z"}],"created_at":"2020-11-24T13:46:57.000Z","updated_at":"2020-11-24T18:00:02.000Z"}},
};

// Paystack's supported events (https://paystack.com/docs/payments/webhooks/#types-of-events).
const DOCUMENTED = [
  "charge.dispute.create", "charge.dispute.remind", "charge.dispute.resolve", "charge.success",
  "customeridentification.failed", "customeridentification.success", "dedicatedaccount.assign.failed",
  "dedicatedaccount.assign.success", "invoice.create", "invoice.payment_failed", "invoice.update",
  "paymentrequest.pending", "paymentrequest.success", "refund.failed", "refund.pending", "refund.processed",
  "refund.processing", "subscription.create", "subscription.disable", "subscription.expiring_cards",
  "subscription.not_renew", "transfer.failed", "transfer.success", "transfer.reversed",
];

const secret = "sk_test_0123456789abcdef0123456789abcdef01234567";
const body = JSON.stringify(EXAMPLES["charge.success"]);
/** Paystack's documented construction, independently: hex HMAC-SHA512 of the raw body under the secret key. */
const paystackSign = (key: string, b: string) => createHmac("sha512", key).update(b).digest("hex");
const delivery = (signature: string, over: { body?: string; secrets?: readonly string[] } = {}) => ({
  body: over.body ?? body,
  headers: { [SIG]: signature },
  secrets: over.secrets ?? [secret],
});

describe("paystack: the built-in spec", () => {
  it("verifies x-paystack-signature, a hex HMAC-SHA512 of the raw body, with no timestamp", () => {
    expect(scheme).toEqual({ scheme: "hmac", header: SIG, algorithm: "sha512", encoding: "hex", prefix: "", signedContent: "{body}" });
    expect(spec.webhooks["default"]).toMatchObject({ path: "/webhooks/paystack/", secretEnv: "PAYSTACK_SECRET_KEY", verifySignature: true, validation: "lenient" });
    expect(spec.delivery).toMatchObject({ timeoutSeconds: 10, retries: { windowHours: 72 } });
  });
});

describe("paystack: signatures, against the documented construction", () => {
  it("Paystack's signature (computed with node:crypto) verifies; tampered bodies and other keys do not", async () => {
    const theirs = paystackSign(secret, body);
    expect(theirs).toMatch(/^[0-9a-f]{128}$/);
    expect(await accepts(scheme, delivery(theirs))).toBe(true);
    expect(await accepts(scheme, delivery(theirs, { body: body.replace('"amount":', '"amount": ') }))).toBe(false);
    expect(await accepts(scheme, delivery(theirs, { body: JSON.stringify(JSON.parse(body), null, 2) }))).toBe(false); // re-serialised
    expect(await verify(scheme, delivery(theirs, { secrets: ["sk_test_other"] }))).toEqual({ ok: false, reason: "no matching signature" });
  });

  it("ours matches the construction byte for byte, and is refused under another key", async () => {
    const ours = signDelivery(scheme, { body, secret })[SIG]!;
    expect(ours).toBe(paystackSign(secret, body));
    expect(ours).not.toBe(paystackSign("sk_test_other", body));
    expect(await accepts(scheme, delivery(ours))).toBe(true);
  });

  it("SHA-256 (the GitHub/Razorpay construction) is not accepted in its place", async () => {
    const sha256 = createHmac("sha256", secret).update(body).digest("hex");
    expect(await accepts(scheme, delivery(sha256))).toBe(false);
  });

  it("rotation: two secret keys configured (old and new), either verifies, neither does not", async () => {
    await expectRotation(scheme, ["sk_live_old", "sk_live_new"], "sk_live_third", (s) => delivery(paystackSign(s, body)));
  });
});

describe("paystack: event identity", () => {
  const extract = compileExtraction(spec.event);

  it("the type is event; there is no id or timestamp, so the time of receipt stands in (and the body's digest dedupes)", () => {
    expect(extract({}, EXAMPLES["charge.success"], 42)).toEqual({ type: "charge.success", baseType: "charge.success", id: undefined, timestampMs: 42 });
    expect(spec.event.id).toBeUndefined();
    expect(spec.event.timestamp).toBeUndefined();
  });
});

describe("schemas/paystack", () => {
  const folder = readSchemaFolder("paystack");
  const compiled = compileFolder(folder);

  it("follows the folder contract: every documented event (24) plus four from the product pages", () => {
    expect(contractProblems(folder)).toEqual([]);
    for (const e of DOCUMENTED) expect(folder.events.has(e), e).toBe(true);
    expect([...folder.events.keys()].filter((e) => !DOCUMENTED.includes(e)).sort()).toEqual([
      "bank.transfer.rejected", "direct_debit.authorization.active", "direct_debit.authorization.created", "refund.needs-attention",
    ]);
    for (const [name, schema] of folder.events) expect((schema["properties"] as Record<string, SchemaObject>)["event"]!["const"], name).toBe(name);
  });

  it("Paystack's documented payloads validate and are identified as their event", () => {
    for (const [type, payload] of Object.entries(EXAMPLES)) {
      const validate = compiled.validator(type);
      expect(validate(payload), `${type}: ${JSON.stringify(validate.errors)}`).toBe(true);
      expect(compileExtraction(spec.event)({}, payload, 0).type).toBe(type);
    }
  });

  it("accepts what Paystack varies (a string or number amount), rejects another event's payload or no data", () => {
    const refund = structuredClone(EXAMPLES["refund.processed"]) as { data: Record<string, unknown> };
    refund.data["amount"] = 5000;
    expect(compiled.validator("refund.processed")(refund)).toBe(true);
    expect(compiled.validator("refund.processed")(EXAMPLES["charge.success"])).toBe(false);
    expect(compiled.validator("charge.success")({ event: "charge.success" })).toBe(false);
    // subscription.expiring_cards carries an array.
    expect(compiled.validator("subscription.expiring_cards")({ event: "subscription.expiring_cards", data: {} })).toBe(false);
  });
});
