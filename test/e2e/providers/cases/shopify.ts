/**
 * Shopify deliveries as Shopify signs them: X-Shopify-Hmac-Sha256, the base64 HMAC-SHA256 of the
 * body keyed by the app's client secret, computed with @shopify/shopify-api's own test helper
 * (`getHmac`) and checked with its `webhooks.validate` before it is sent, plus the X-Shopify-*
 * headers that SDK requires (topic, shop domain, API version, webhook id).
 */
import "@shopify/shopify-api/adapters/node";
import { ApiVersion, shopifyApi } from "@shopify/shopify-api";
import { getHmac } from "@shopify/shopify-api/test-helpers";
import type { CaseDelivery, ProviderCases } from "../case.js";

const OLD_SECRET = "shpss_e2e_client_secret_before_rotation";
const SECRET = "shpss_e2e_client_secret_0123456789abcdef";
const shopify = shopifyApi({ apiKey: "e2e-key", apiSecretKey: SECRET, apiVersion: ApiVersion.October25, hostName: "app.example.com", isEmbeddedApp: false, logger: { level: 0, log: async () => {} } });

const order = JSON.stringify({
  id: 820982911946154508, admin_graphql_api_id: "gid://shopify/Order/820982911946154508", name: "#9999", email: "jon@example.com", created_at: "2024-06-26T12:33:21-04:00",
  updated_at: "2024-06-26T12:33:21-04:00", currency: "USD", financial_status: "paid", fulfillment_status: null, total_price: "1575.90", tags: "tag1, tag2",
  line_items: [{ id: 866550311766439020, admin_graphql_api_id: "gid://shopify/LineItem/866550311766439020", product_id: 9313716535612, variant_id: 49121760117052, title: "The Videographer Snowboard", name: "The Videographer Snowboard", quantity: 1, price: "885.95" }],
});
const redact = JSON.stringify({ shop_id: 954889, shop_domain: "e2e-shop.myshopify.com", customer: { id: 191167, email: "john@example.com", phone: "555-625-1199" }, orders_to_redact: [299938, 280263, 220458] });
const uninstalled = JSON.stringify({ id: 548380009, name: "Super Toys", email: "super@supertoys.com", domain: null, myshopify_domain: "e2e-shop.myshopify.com", currency: "USD", created_at: null, updated_at: null });

let n = 0;
function signed(label: string, topic: string, body: string, expect: CaseDelivery["expect"], options: { secret?: string; sent?: string; drop?: string } = {}): CaseDelivery {
  const secret = options.secret ?? SECRET;
  const headers: Record<string, string> = {
    "x-shopify-topic": topic,
    "x-shopify-hmac-sha256": getHmac(body, secret),
    "x-shopify-shop-domain": "e2e-shop.myshopify.com",
    "x-shopify-api-version": "2025-10",
    "x-shopify-webhook-id": `e2e-webhook-${++n}`,
    "x-shopify-event-id": `e2e-event-${n}`,
    "x-shopify-triggered-at": new Date().toISOString(),
  };
  if (options.drop !== undefined) delete headers[options.drop];
  return { label, body: options.sent ?? body, headers, expect };
}

/** The SDK must agree the untampered, complete deliveries are authentic before they are sent. */
async function checked(d: CaseDelivery, signedBody: string): Promise<CaseDelivery> {
  const result = await shopify.webhooks.validate({ rawBody: signedBody, rawRequest: { method: "POST", url: "/webhooks/shopify/", headers: d.headers } as never, rawResponse: {} as never });
  if (!result.valid) throw new Error(`shopify: webhooks.validate refused ${d.label}`);
  return d;
}

const cases: ProviderCases = {
  provider: "shopify",
  env: { SHOPIFY_CLIENT_SECRET: `${OLD_SECRET},${SECRET}` },
  deliveries: async () => [
    await checked(signed("orders/create", "orders/create", order, { status: 200, event: "orders/create" }), order),
    await checked(signed("customers/redact (mandatory compliance topic)", "customers/redact", redact, { status: 200, event: "customers/redact" }), redact),
    signed("app/uninstalled, signed with the older of two configured secrets", "app/uninstalled", uninstalled, { status: 200, event: "app/uninstalled" }, { secret: OLD_SECRET }),
    // Shopify's retry: the original payload again (a new delivery attempt of the same webhook).
    signed("orders/create retried with the original payload", "orders/create", order, { status: 200, bodyIncludes: "duplicate" }),
    signed("tampered body", "orders/create", order, { status: 401 }, { sent: order.replace('"total_price":"1575.90"', '"total_price":"0.01"') }),
    signed("wrong secret", "customers/redact", redact, { status: 401 }, { secret: "shpss_not_the_client_secret" }),
    signed("no X-Shopify-Topic header", "shop/redact", JSON.stringify({ shop_id: 954889, shop_domain: "e2e-shop.myshopify.com" }), { status: 401 }, { drop: "x-shopify-topic" }),
  ],
};
export default cases;
