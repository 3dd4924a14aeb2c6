/**
 * Razorpay deliveries as Razorpay signs them: X-Razorpay-Signature, the hex HMAC-SHA256 of the
 * body keyed by the webhook secret, and x-razorpay-event-id. razorpay's SDK only verifies
 * (validateWebhookSignature), so the signature is computed with node:crypto and checked with the
 * SDK before it is sent.
 */
import { createHmac } from "node:crypto";
import Razorpay from "razorpay";
import type { CaseDelivery, ProviderCases } from "../case.js";

const OLD_SECRET = "e2e-razorpay-webhook-secret-old";
const SECRET = "e2e-razorpay-webhook-secret";

const payment = {
  id: "pay_DESlfW9H8K9uqM", entity: "payment", amount: 100, currency: "INR", status: "captured", order_id: "order_DESlLckIVRkHWj",
  invoice_id: null, international: false, method: "netbanking", amount_refunded: 0, refund_status: null, captured: true,
  description: null, card_id: null, bank: "HDFC", wallet: null, vpa: null, email: "gaurav.kumar@example.com", contact: "+919876543210",
  notes: [], fee: 2, tax: 0, error_code: null, error_description: null, created_at: 1567674599,
};
const captured = JSON.stringify({ entity: "event", account_id: "acc_BFQ7uQEaa7j2z7", event: "payment.captured", contains: ["payment"], payload: { payment: { entity: payment } }, created_at: 1567674606 });
const orderPaid = JSON.stringify({
  entity: "event", account_id: "acc_BFQ7uQEaa7j2z7", event: "order.paid", contains: ["payment", "order"],
  payload: {
    payment: { entity: payment },
    order: { entity: { id: "order_DESlLckIVRkHWj", entity: "order", amount: 100, amount_paid: 100, amount_due: 0, currency: "INR", receipt: "rcptid #1", offer_id: null, status: "paid", attempts: 1, notes: [], created_at: 1567674581 } },
  },
  created_at: 1567674606,
});

function signed(label: string, body: string, eventId: string, expect: CaseDelivery["expect"], options: { secret?: string; sent?: string } = {}): CaseDelivery {
  const secret = options.secret ?? SECRET;
  const signature = createHmac("sha256", secret).update(body).digest("hex");
  if (!Razorpay.validateWebhookSignature(body, signature, secret)) throw new Error("razorpay: validateWebhookSignature refused the test signature");
  return { label, body: options.sent ?? body, headers: { "x-razorpay-signature": signature, "x-razorpay-event-id": eventId }, expect };
}

const cases: ProviderCases = {
  provider: "razorpay",
  env: { RAZORPAY_WEBHOOK_SECRET: `${OLD_SECRET},${SECRET}` },
  deliveries: () => [
    signed("payment.captured", captured, "e2e-FG6dkB4rI6rkBP", { status: 200, event: "payment.captured" }),
    signed("order.paid, signed with the older of two configured secrets", orderPaid, "e2e-FG6dkB4rI6rkBQ", { status: 200, event: "order.paid" }, { secret: OLD_SECRET }),
    // Razorpay's retry: the same body and event id.
    signed("payment.captured retried", captured, "e2e-FG6dkB4rI6rkBP", { status: 200, bodyIncludes: "duplicate" }),
    // A captured body replayed under a made-up event id: the id is unsigned, dedupe keys on the signature.
    signed("payment.captured replayed under a fresh event id", captured, "e2e-made-up", { status: 200, bodyIncludes: "duplicate" }),
    signed("tampered body", orderPaid, "e2e-FG6dkB4rI6rkBR", { status: 401 }, { sent: orderPaid.replace('"amount_paid":100', '"amount_paid":1000') }),
    signed("wrong secret", orderPaid, "e2e-FG6dkB4rI6rkBS", { status: 401 }, { secret: "not-the-webhook-secret" }),
  ],
};
export default cases;
