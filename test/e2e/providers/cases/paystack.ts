/**
 * Paystack deliveries as Paystack signs them: x-paystack-signature, the hex HMAC-SHA512 of the
 * body keyed by the secret key (Paystack has no Node SDK; its documented construction, with
 * node:crypto). Paystack sends no event id: a retry is the same bytes, which dedupe recognises.
 */
import { createHmac } from "node:crypto";
import type { CaseDelivery, ProviderCases } from "../case.js";

const OLD_KEY = "sk_test_e2e_paystack_old";
const KEY = "sk_test_e2e_paystack";

const chargeSuccess = JSON.stringify({
  event: "charge.success",
  data: {
    id: 302961, domain: "live", status: "success", reference: "qTPrJoy9Bx", amount: 10000, message: null, gateway_response: "Approved by Financial Institution",
    paid_at: "2016-09-30T21:10:19.000Z", created_at: "2016-09-30T21:09:56.000Z", channel: "card", currency: "NGN", ip_address: "41.242.49.37", metadata: {},
    fees: null,
    customer: { id: 68324, first_name: "BoJack", last_name: "Horseman", email: "bojack@horseman.com", customer_code: "CUS_qo38as2hpsgk2r0", phone: null, metadata: null, risk_action: "default" },
    authorization: { authorization_code: "AUTH_f5rnfq9p", bin: "539999", last4: "8877", exp_month: "08", exp_year: "2020", card_type: "mastercard DEBIT", bank: "Guaranty Trust Bank", country_code: "NG", brand: "mastercard", reusable: true, signature: "SIG_x" },
    plan: {},
  },
});
const transferSuccess = JSON.stringify({
  event: "transfer.success",
  data: {
    amount: 100000, createdAt: "2025-08-04T10:32:40.000Z", currency: "NGN", domain: "test", failures: null, id: 860703114, reason: "Bonus for the week",
    reference: "acv_9ee55786-2323-4760-98e2-6380c9cb3f68", source: "balance", source_details: null, status: "success", titan_code: null,
    transfer_code: "TRF_v5tip3zx8nna9o78", transferred_at: null, updatedAt: "2025-08-04T10:32:40.000Z",
    recipient: { active: true, currency: "NGN", domain: "test", email: null, id: 56824902, name: "Jekanmo Padie", recipient_code: "RCP_gd9vgag7n5lr5ix", type: "nuban", details: { account_number: "9876543210", account_name: null, bank_code: "044", bank_name: "Access Bank" } },
  },
});

function signed(label: string, body: string, expect: CaseDelivery["expect"], options: { key?: string; sent?: string } = {}): CaseDelivery {
  const signature = createHmac("sha512", options.key ?? KEY).update(body).digest("hex");
  return { label, body: options.sent ?? body, headers: { "x-paystack-signature": signature }, expect };
}

const cases: ProviderCases = {
  provider: "paystack",
  env: { PAYSTACK_SECRET_KEY: `${OLD_KEY},${KEY}` },
  deliveries: () => [
    signed("charge.success", chargeSuccess, { status: 200, event: "charge.success" }),
    signed("transfer.success, signed with the older of two configured keys", transferSuccess, { status: 200, event: "transfer.success" }, { key: OLD_KEY }),
    signed("charge.success retried (same bytes)", chargeSuccess, { status: 200, bodyIncludes: "duplicate" }),
    signed("tampered body", transferSuccess, { status: 401 }, { sent: transferSuccess.replace('"amount":100000', '"amount":900000') }),
    signed("wrong secret key", transferSuccess, { status: 401 }, { key: "sk_test_not_the_key" }),
  ],
};
export default cases;
