/**
 * Paddle Billing deliveries as Paddle signs them: Paddle-Signature `ts=<unix>;h1=<hex HMAC-SHA256
 * of "<ts>:<body>">` keyed by the notification destination's secret key. @paddle/paddle-node-sdk
 * only verifies, so the signature is computed with node:crypto and checked with the SDK's
 * webhooks.isSignatureValid before it is sent.
 */
import { createHmac } from "node:crypto";
import { Paddle } from "@paddle/paddle-node-sdk";
import type { CaseDelivery, ProviderCases } from "../case.js";

const OLD_SECRET = "pdl_ntfset_01e2eold00000000000000000_e2e-old-secret-key";
const SECRET = "pdl_ntfset_01e2enew00000000000000000_e2e-new-secret-key";
const paddle = new Paddle("pdl_sdbx_apikey_e2e_unused");

const transactionCompleted = JSON.stringify({
  event_id: "evt_01e2e0000000000000000txn01", event_type: "transaction.completed", occurred_at: "2026-01-02T03:04:05.678901Z", notification_id: "ntf_01e2e0000000000000000txn01",
  data: { id: "txn_01e2e00000000000000000001", status: "completed", customer_id: "ctm_01e2e0000000000000000001", currency_code: "USD", origin: "web", collection_mode: "automatic", items: [], payments: [], created_at: "2026-01-02T03:04:00.000Z", updated_at: "2026-01-02T03:04:05.000Z" },
});
const subscriptionCreated = JSON.stringify({
  event_id: "evt_01e2e0000000000000000sub01", event_type: "subscription.created", occurred_at: "2026-01-02T03:04:06.000000Z", notification_id: "ntf_01e2e0000000000000000sub01",
  data: { id: "sub_01e2e00000000000000000001", status: "active", transaction_id: "txn_01e2e00000000000000000001", customer_id: "ctm_01e2e0000000000000000001", address_id: "add_01e2e0000000000000000001", currency_code: "USD", collection_mode: "automatic", billing_cycle: { interval: "month", frequency: 1 }, items: [], created_at: "2026-01-02T03:04:06.000Z", updated_at: "2026-01-02T03:04:06.000Z" },
});

async function signed(label: string, body: string, expect: CaseDelivery["expect"], options: { secret?: string; sent?: string; ageSeconds?: number } = {}): Promise<CaseDelivery> {
  const secret = options.secret ?? SECRET;
  const ts = Math.floor(Date.now() / 1000) - (options.ageSeconds ?? 0);
  const signature = `ts=${ts};h1=${createHmac("sha256", secret).update(`${ts}:${body}`).digest("hex")}`;
  if (options.ageSeconds === undefined && !(await paddle.webhooks.isSignatureValid(body, secret, signature))) throw new Error("paddle: isSignatureValid refused the test signature");
  return { label, body: options.sent ?? body, headers: { "paddle-signature": signature }, expect };
}

const cases: ProviderCases = {
  provider: "paddle",
  env: { PADDLE_WEBHOOK_SECRET_KEY: `${OLD_SECRET},${SECRET}` },
  deliveries: async () => [
    await signed("transaction.completed", transactionCompleted, { status: 200, event: "transaction.completed" }),
    await signed("subscription.created, signed with the older of two configured secret keys", subscriptionCreated, { status: 200, event: "subscription.created" }, { secret: OLD_SECRET }),
    // Paddle's retry: the same event_id (signed, in the body), freshly signed.
    await signed("transaction.completed retried", transactionCompleted, { status: 200, bodyIncludes: "duplicate" }),
    await signed("tampered body", transactionCompleted, { status: 401 }, { sent: transactionCompleted.replace('"status":"completed"', '"status":"paid"') }),
    await signed("wrong secret key", subscriptionCreated, { status: 401 }, { secret: "pdl_ntfset_not_the_secret_key" }),
    await signed("signed 60 s ago: outside Paddle's 5 s", subscriptionCreated, { status: 401 }, { ageSeconds: 60 }),
  ],
};
export default cases;
