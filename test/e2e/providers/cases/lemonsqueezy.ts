/**
 * Lemon Squeezy deliveries as Lemon Squeezy signs them: X-Signature, the hex HMAC-SHA256 of the
 * raw body keyed by the webhook's signing secret (no SDK signs; computed with node:crypto), with
 * the X-Event-Name header Lemon Squeezy adds.
 */
import { createHmac } from "node:crypto";
import type { ProviderCases } from "../case.js";

const SECRET = "e2e-lemonsqueezy-signing-secret";
const sign = (body: string, secret = SECRET) => createHmac("sha256", secret).update(body).digest("hex");
const headers = (event: string, body: string, secret?: string) => ({ "x-event-name": event, "x-signature": sign(body, secret) });

const times = { created_at: "2024-05-01T10:00:00.000000Z", updated_at: "2024-05-01T10:00:01.000000Z" };
const order = JSON.stringify({
  meta: { event_name: "order_created", test_mode: true, webhook_id: "2f1b0d9e-61c4-4d55-9a4c-0e6b7d6a1f10", custom_data: { user_id: "u_1" } },
  data: {
    type: "orders",
    id: "101",
    attributes: { store_id: 7, customer_id: 9, identifier: "5e2c1b9a-1f6d-4d8e-9b1a-3c4d5e6f7a8b", order_number: 12, user_name: "Ada", user_email: "ada@example.com", currency: "USD", total: 1199, status: "paid", test_mode: true, ...times },
    relationships: {},
    links: { self: "https://api.lemonsqueezy.com/v1/orders/101" },
  },
});
const subscription = JSON.stringify({
  meta: { event_name: "subscription_updated", test_mode: true },
  data: {
    type: "subscriptions",
    id: "55",
    attributes: { store_id: 7, customer_id: 9, order_id: 101, product_id: 3, variant_id: 4, status: "active", cancelled: false, pause: null, renews_at: "2024-06-01T10:00:00.000000Z", ends_at: null, trial_ends_at: null, first_subscription_item: null, test_mode: true, ...times },
  },
});

const cases: ProviderCases = {
  provider: "lemonsqueezy",
  env: { LEMONSQUEEZY_SIGNING_SECRET: SECRET },
  deliveries: () => [
    { label: "order_created", body: order, headers: headers("order_created", order), expect: { status: 200, event: "order_created" } },
    { label: "subscription_updated", body: subscription, headers: headers("subscription_updated", subscription), expect: { status: 200, event: "subscription_updated" } },
    { label: "tampered body", body: order.replace("1199", "1"), headers: headers("order_created", order), expect: { status: 401 } },
    { label: "wrong secret", body: subscription, headers: headers("subscription_updated", subscription, "not-the-secret"), expect: { status: 401 } },
  ],
};
export default cases;
