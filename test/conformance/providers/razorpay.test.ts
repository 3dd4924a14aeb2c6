/**
 * The built-in Razorpay spec (providers/razorpay/webhook.yaml), loaded as a project gets it,
 * against razorpay's validateWebhookSignature: signatures both ways on both crypto backends
 * (rotated secrets, tampered bodies, the SDK's `===` on the hex text), the event identity with
 * the x-razorpay-event-id header, and schemas/razorpay against Razorpay's documented sample
 * payloads (razorpay.com/docs/webhooks/*, as published in razorpay/markdown-docs).
 */
import { createHmac } from "node:crypto";
import Razorpay from "razorpay";
import { describe, expect, it } from "vitest";
import { compileExtraction } from "../../../src/runtime/extract.js";
import { idIsSigned } from "../../../src/runtime/pipeline/route-context.js";
import { signDelivery } from "../../../src/testing/sign.js";
import { compileFolder, contractProblems, readSchemaFolder, type SchemaObject } from "../schema-folder.js";
import { accepts, expectRotation, verify } from "../schemes/harness.js";
import { builtinDefinition, builtinScheme, builtinSpec } from "./builtin.js";

const spec = builtinSpec("razorpay");
const scheme = builtinScheme("razorpay");
const SIG = "x-razorpay-signature";

// Razorpay's sample payloads, verbatim (webhooks/payments.md, orders.md, refunds.md, disputes.md).
const EXAMPLES: Record<string, Record<string, unknown>> = {
  "payment.captured": {"entity":"event","account_id":"acc_BFQ7uQEaa7j2z7","event":"payment.captured","contains":["payment"],"payload":{"payment":{"entity":{"id":"pay_DESlfW9H8K9uqM","entity":"payment","amount":100,"currency":"INR","base_amount":100,"status":"captured","order_id":"order_DESlLckIVRkHWj","invoice_id":null,"international":false,"method":"netbanking","amount_refunded":0,"amount_transferred":0,"refund_status":null,"captured":true,"description":null,"card_id":null,"bank":"HDFC","wallet":null,"vpa":null,"email":"gaurav.kumar@example.com","contact":"+919876543210","notes":[],"fee":2,"tax":0,"error_code":null,"error_description":null,"error_source":null,"error_step":null,"error_reason":null,"acquirer_data":{"bank_transaction_id":"0125836177"},"created_at":1567674599}}},"created_at":1567674606},
  "order.paid": {"entity":"event","account_id":"acc_BFQ7uQEaa7j2z7","event":"order.paid","contains":["payment","order"],"payload":{"payment":{"entity":{"id":"pay_DESlfW9H8K9uqM","entity":"payment","amount":100,"currency":"INR","status":"captured","order_id":"order_DESlLckIVRkHWj","invoice_id":null,"international":false,"method":"netbanking","amount_refunded":0,"refund_status":null,"captured":true,"description":null,"card_id":null,"bank":"HDFC","wallet":null,"vpa":null,"email":"gaurav.kumar@example.com","contact":"+919876543210","notes":[],"fee":2,"tax":0,"error_code":null,"error_description":null,"created_at":1567674599}},"order":{"entity":{"id":"order_DESlLckIVRkHWj","entity":"order","amount":100,"amount_paid":100,"amount_due":0,"currency":"INR","receipt":"rcptid #1","offer_id":null,"status":"paid","attempts":1,"notes":[],"created_at":1567674581}}},"created_at":1567674606},
  "refund.processed": {"entity":"event","account_id":"acc_E7OQJcEANmBHTC","event":"refund.processed","contains":["refund","payment"],"payload":{"refund":{"entity":{"id":"rfnd_FS8TWyPrCsa0OB","entity":"refund","amount":50000,"currency":"INR","payment_id":"pay_FPoJKWQQ8lK13n","notes":{"comment":"Customer Notes for Webhooks."},"receipt":null,"acquirer_data":{"arn":null},"created_at":1597734071,"batch_id":null,"status":"processed","speed_processed":"normal","speed_requested":"optimum"}},"payment":{"entity":{"id":"pay_FPoJKWQQ8lK13n","entity":"payment","amount":500000,"currency":"INR","base_amount":500000,"status":"captured","order_id":"order_FPoIeimWki9j8A","invoice_id":null,"international":false,"method":"netbanking","amount_refunded":190000,"amount_transferred":0,"refund_status":"partial","captured":true,"description":null,"card_id":null,"bank":"HDFC","wallet":null,"vpa":null,"email":"gaurav.kumar@example.com","contact":"+919000090000","notes":[],"fee":11800,"tax":1800,"error_code":null,"error_description":null,"error_source":null,"error_step":null,"error_reason":null,"acquirer_data":{"bank_transaction_id":"4827433"},"created_at":1597226379}}},"created_at":1597734071},
  "payment.downtime.started": {"entity":"event","account_id":"acc_CWX291oykl9aZA","event":"payment.downtime.started","contains":["payment.downtime"],"payload":{"payment.downtime":{"entity":{"id":"down_F1Zppa6lcVheSE","entity":"payment.downtime","method":"netbanking","begin":1591935238,"end":null,"status":"started","scheduled":false,"severity":"high","instrument":{"bank":"VIJB"},"instrument_schema":["bank"],"created_at":1591935238,"updated_at":1591935238}}},"created_at":1591935238},
  "payment.dispute.created": {"entity":"event","account_id":"acc_CFvOKjkTwf3GQy","event":"payment.dispute.created","contains":["payment","dispute"],"payload":{"payment":{"entity":{"id":"pay_EFtmUsbwpXwBHI","entity":"payment","amount":5297600,"currency":"INR","base_amount":5297600,"status":"captured","order_id":"order_EFtkA6f5jdkfud","invoice_id":null,"international":false,"method":"card","amount_refunded":700000,"amount_transferred":0,"refund_status":"partial","captured":true,"description":null,"card_id":"card_EADblPSDnnk5ZG","bank":"HDFC","wallet":null,"vpa":null,"email":"gaurav.kumar@example.com","contact":"+919900000000","notes":[],"fee":0,"tax":0,"error_code":null,"error_description":null,"error_source":null,"error_step":null,"error_reason":null,"acquirer_data":{},"created_at":1581525157}},"dispute":{"entity":{"id":"disp_EsIAlDcoUr8CaQ","entity":"dispute","payment_id":"pay_EFtmUsbwpXwBHI","amount":39000,"currency":"INR","amount_deducted":0,"reason_code":"processed_invalid_expired_card","respond_by":1590431400,"status":"open","evidence":{"amount":39000,"summary":null,"shipping_proof":null,"billing_proof":null,"cancellation_proof":null,"customer_communication":null,"proof_of_service":null,"explanation_letter":null,"refund_confirmation":null,"access_activity_log":null,"refund_cancellation_policy":null,"term_and_conditions":null,"others":null,"submitted_at":null},"phase":"chargeback","created_at":1589907957}}},"created_at":1589907977},
};

const secret = "rzp_webhook_secret_1";
const body = JSON.stringify(EXAMPLES["payment.captured"]);
/** Razorpay's construction (its docs and validateWebhookSignature): hex HMAC-SHA256 of the raw body. */
const razorpaySign = (s: string, b: string) => createHmac("sha256", s).update(b).digest("hex");
const delivery = (signature: string, over: { body?: string; secrets?: readonly string[] } = {}) => ({
  body: over.body ?? body,
  headers: { [SIG]: signature, "x-razorpay-event-id": "FG6dkB4rI6rkBP" },
  secrets: over.secrets ?? [secret],
});

describe("razorpay: the built-in spec", () => {
  it("verifies X-Razorpay-Signature, a hex HMAC-SHA256 of the raw body, with no timestamp", () => {
    expect(scheme).toEqual({ scheme: "hmac", header: SIG, algorithm: "sha256", encoding: "hex", prefix: "", signedContent: "{body}" });
    expect(spec.webhooks["default"]).toMatchObject({ path: "/webhooks/razorpay/", secretEnv: "RAZORPAY_WEBHOOK_SECRET", verifySignature: true, validation: "lenient" });
    expect(spec.delivery).toMatchObject({ timeoutSeconds: 5, retries: { windowHours: 24 } });
  });
});

describe("razorpay: signatures, against razorpay's validateWebhookSignature", () => {
  it("theirs → ours: Razorpay's construction, accepted by the SDK first, verifies; tampered bodies do not", async () => {
    const theirs = razorpaySign(secret, body);
    expect(Razorpay.validateWebhookSignature(body, theirs, secret)).toBe(true);
    expect(await accepts(scheme, delivery(theirs))).toBe(true);
    expect(await accepts(scheme, delivery(theirs, { body: body.replace('"amount":100', '"amount":101') }))).toBe(false);
    expect(await accepts(scheme, delivery(theirs, { body: `${body}\n` }))).toBe(false);
    expect(await verify(scheme, delivery(theirs, { secrets: ["another-secret"] }))).toEqual({ ok: false, reason: "no matching signature" });
  });

  it("ours → theirs: signDelivery's header passes the SDK, and fails it for another body or secret", () => {
    const ours = signDelivery(scheme, { body, secret })[SIG]!;
    expect(ours).toBe(razorpaySign(secret, body));
    expect(Razorpay.validateWebhookSignature(body, ours, secret)).toBe(true);
    expect(Razorpay.validateWebhookSignature(body.replace("captured", "failed"), ours, secret)).toBe(false);
    expect(Razorpay.validateWebhookSignature(body, ours, "another-secret")).toBe(false);
  });

  it("rotation: two secrets configured, either verifies, neither does not (the SDK takes one; Razorpay retries old events under the old secret)", async () => {
    await expectRotation(scheme, ["rzp_old_secret", "rzp_new_secret"], "rzp_third", (s) => delivery(razorpaySign(s, body)));
  });

  it("hex is bytes: upper-case hex verifies here, where the SDK's === refuses it; a missing header is refused", async () => {
    const upper = razorpaySign(secret, body).toUpperCase();
    expect(Razorpay.validateWebhookSignature(body, upper, secret)).toBe(false);
    expect(await accepts(scheme, delivery(upper))).toBe(true);
    expect((await verify(scheme, { body, headers: {}, secrets: [secret] })).ok).toBe(false);
  });
});

describe("razorpay: event identity", () => {
  const extract = compileExtraction(spec.event);

  it("type from event, id from x-razorpay-event-id, time from created_at (seconds)", () => {
    expect(extract({ "x-razorpay-event-id": "FG6dkB4rI6rkBP" }, EXAMPLES["order.paid"], 0)).toEqual({ type: "order.paid", baseType: "order.paid", id: "FG6dkB4rI6rkBP", timestampMs: 1_567_674_606_000 });
    expect(extract({}, EXAMPLES["payment.downtime.started"], 0)).toMatchObject({ type: "payment.downtime.started", id: undefined, timestampMs: 1_591_935_238_000 });
  });

  it("the event id header is unsigned, so dedupe keys on the verified signature instead", () => {
    const def = builtinDefinition("razorpay");
    expect(idIsSigned(def, def.webhooks["default"]!)).toBe(false);
  });
});

describe("schemas/razorpay", () => {
  const folder = readSchemaFolder("razorpay");
  const compiled = compileFolder(folder);

  it("follows the folder contract; 35 events, each named by its event const", () => {
    expect(contractProblems(folder)).toEqual([]);
    expect(folder.events.size).toBe(35);
    for (const [name, schema] of folder.events) expect((schema["properties"] as Record<string, SchemaObject>)["event"]!["const"], name).toBe(name);
  });

  it("Razorpay's documented samples validate and are identified as their event", () => {
    for (const [type, payload] of Object.entries(EXAMPLES)) {
      const validate = compiled.validator(type);
      expect(validate(payload), `${type}: ${JSON.stringify(validate.errors)}`).toBe(true);
      expect(compileExtraction(spec.event)({}, payload, 0).type).toBe(type);
    }
  });

  it("rejects a payload without the entities the event carries, or of another event", () => {
    const orderPaid = EXAMPLES["order.paid"] as { payload: Record<string, unknown> };
    const { order: _order, ...onlyPayment } = orderPaid.payload;
    expect(compiled.validator("order.paid")({ ...orderPaid, payload: onlyPayment })).toBe(false);
    expect(compiled.validator("payment.failed")(EXAMPLES["payment.captured"])).toBe(false);
    const noId = structuredClone(EXAMPLES["refund.processed"]) as { payload: { refund: { entity: Record<string, unknown> } } };
    delete noId.payload.refund.entity["id"];
    expect(compiled.validator("refund.processed")(noId)).toBe(false);
  });
});
