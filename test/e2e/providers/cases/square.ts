/**
 * Square deliveries as Square signs them: x-square-hmacsha256-signature, the base64 HMAC-SHA256
 * of the notification URL followed by the body, keyed by the subscription's signature key.
 * square's SDK only verifies (WebhooksHelper.verifySignature), so the signature is computed with
 * node:crypto, and each one is checked with WebhooksHelper before it is sent.
 */
import { createHmac } from "node:crypto";
import { WebhooksHelper } from "square";
import type { CaseDelivery, ProviderCases } from "../case.js";

const OLD_KEY = "e2e-square-signature-key-old";
const KEY = "e2e-square-signature-key";
const PATH = "/webhooks/square/";

const paymentCreated = JSON.stringify({
  merchant_id: "6SSW7HV8K2ST5",
  type: "payment.created",
  event_id: "e2e-13b867cf-db3d-4b1c-90b6-2f32a9d78124",
  created_at: "2020-02-06T21:27:30.792Z",
  data: {
    type: "payment",
    id: "hYy9pRFVxpDsO1FB05SunFWUe9JZY",
    object: {
      payment: {
        id: "hYy9pRFVxpDsO1FB05SunFWUe9JZY",
        created_at: "2020-11-22T21:16:51.086Z",
        updated_at: "2020-11-22T21:16:51.198Z",
        amount_money: { amount: 100, currency: "USD" },
        status: "APPROVED",
        source_type: "CARD",
        location_id: "S8GWD5R9QB376",
        order_id: "03O3USaPaAaFnI6kkwB1JxGgBsUZY",
        total_money: { amount: 100, currency: "USD" },
        version_token: "FfQhQJf9r3VSQIgyWBk1oqhIwiznLwVwJbVVA0bdyEv6o",
      },
    },
  },
});

const refundUpdated = JSON.stringify({
  merchant_id: "6SSW7HV8K2ST5",
  type: "refund.updated",
  event_id: "e2e-4ff8c4ee-8bd5-4bd1-a2b0-46c4cd3f5e13",
  created_at: "2020-11-23T09:04:12.107Z",
  data: {
    type: "refund",
    id: "hYy9pRFVxpDsO1FB05SunFWUe9JZY_KlWP8IC1LHbbO0aR8ZLpwrdDMnZmaAaZB4CpxWmUKlwg",
    object: {
      refund: {
        id: "hYy9pRFVxpDsO1FB05SunFWUe9JZY_KlWP8IC1LHbbO0aR8ZLpwrdDMnZmaAaZB4CpxWmUKlwg",
        status: "COMPLETED",
        amount_money: { amount: 50, currency: "USD" },
        payment_id: "hYy9pRFVxpDsO1FB05SunFWUe9JZY",
        order_id: "03O3USaPaAaFnI6kkwB1JxGgBsUZY",
        location_id: "S8GWD5R9QB376",
        created_at: "2020-11-23T09:03:58.622Z",
        updated_at: "2020-11-23T09:04:11.940Z",
        version: 2,
      },
    },
  },
});

async function signed(label: string, url: string, body: string, key: string, expect: CaseDelivery["expect"], sent = body): Promise<CaseDelivery> {
  const signature = createHmac("sha256", key).update(url + body).digest("base64");
  // The construction is Square's: its own helper must accept it.
  if (!(await WebhooksHelper.verifySignature({ requestBody: body, signatureHeader: signature, signatureKey: key, notificationUrl: url }))) {
    throw new Error("square: WebhooksHelper refused the test signature");
  }
  return { label, body: sent, headers: { "x-square-hmacsha256-signature": signature }, expect };
}

const cases: ProviderCases = {
  provider: "square",
  env: { SQUARE_SIGNATURE_KEY: `${OLD_KEY},${KEY}` },
  deliveries: async ({ origin }) => {
    const url = `${origin}${PATH}`;
    return [
      await signed("payment.created", url, paymentCreated, KEY, { status: 200, event: "payment.created" }),
      await signed("refund.updated, signed with the older of two configured keys", url, refundUpdated, OLD_KEY, { status: 200, event: "refund.updated" }),
      await signed("payment.created again (same event_id)", url, paymentCreated, KEY, { status: 200, bodyIncludes: "duplicate" }),
      await signed("tampered body", url, refundUpdated, KEY, { status: 401 }, refundUpdated.replace('"amount":50', '"amount":5000')),
      await signed("wrong key", url, refundUpdated, "not-the-signature-key", { status: 401 }),
      await signed("signed for another notification URL", `${origin}/webhooks/other/`, refundUpdated, KEY, { status: 401 }),
    ];
  },
};
export default cases;
