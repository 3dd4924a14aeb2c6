/**
 * The built-in `shopify` provider (providers/shopify/webhook.yaml): signatures cross-checked with
 * @shopify/shopify-api 13.0.0 both ways (its test-helpers' `getHmac` signs, its `webhooks.validate`
 * verifies), with rotated secrets, tampered bodies and the headers its SDK requires; the catalog
 * (topics as subfolders: events/orders/create.json is `orders/create`) against Shopify's sample
 * payloads, including the three mandatory compliance topics.
 */
import "@shopify/shopify-api/adapters/node";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { ApiVersion, shopifyApi } from "@shopify/shopify-api";
import { getHmac } from "@shopify/shopify-api/test-helpers";
import { describe, expect, it } from "vitest";
import { compileExtraction } from "../../../src/runtime/extract.js";
import { signDelivery } from "../../../src/testing/sign.js";
import { compileFolder, contractProblems, repoRoot, type SchemaFolder, type SchemaObject } from "../schema-folder.js";
import { accepts, expectRotation, verify } from "../schemes/harness.js";
import { builtinScheme, builtinSpec } from "./builtin.js";

const NAME = "shopify";
const scheme = builtinScheme(NAME);
const spec = builtinSpec(NAME);
const SECRET = "shpss_0123456789abcdef0123456789abcdef";
const NEW_SECRET = "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";
const STRANGER = "shpss_not_configured_anywhere_000000";

const shopifyFor = (apiSecretKey: string) =>
  shopifyApi({ apiKey: "key", apiSecretKey, apiVersion: ApiVersion.October25, hostName: "app.example.com", isEmbeddedApp: false, logger: { level: 0, log: async () => {} } });
const sdk = shopifyFor(SECRET);

/** What Shopify sends besides the HMAC (all four are required by its SDK). */
const envelope = (topic: string, webhookId = "b54557e4-8a5f-4f7d-a0bc-d043e1c0ffee") => ({
  "x-shopify-topic": topic,
  "x-shopify-shop-domain": "snowdevil.myshopify.com",
  "x-shopify-api-version": "2025-10",
  "x-shopify-webhook-id": webhookId,
  "x-shopify-event-id": "98880550-7158-44d4-b7cd-2c97c8a091b5",
  "x-shopify-triggered-at": "2026-01-02T03:04:05.678Z",
});

async function sdkAccepts(headers: Record<string, string>, rawBody: string, api = sdk): Promise<boolean> {
  const result = await api.webhooks.validate({ rawBody, rawRequest: { method: "POST", url: "/webhooks/shopify/", headers } as never, rawResponse: {} as never });
  return result.valid;
}

const rawBody = JSON.stringify({ id: 820982911946154508, admin_graphql_api_id: "gid://shopify/Order/820982911946154508", email: "jon@example.com", note: "ü€" });

describe("shopify built-in: the spec", () => {
  it("is a base64 HMAC of the body with Shopify's required headers, the topic header as the type", () => {
    expect(scheme).toMatchObject({ scheme: "hmac", header: "x-shopify-hmac-sha256", algorithm: "sha256", encoding: "base64", separator: "", signedContent: "{body}" });
    expect(scheme).toMatchObject({ requiredHeaders: ["x-shopify-topic", "x-shopify-shop-domain", "x-shopify-api-version", "x-shopify-webhook-id"] });
    expect(spec.event).toMatchObject({ type: { header: "x-shopify-topic" }, id: { header: "x-shopify-webhook-id" } });
    expect(spec.webhooks["default"]).toMatchObject({ path: "/webhooks/shopify/", verifySignature: true, secretEnv: "SHOPIFY_CLIENT_SECRET", validation: "lenient", maxBodyBytes: 10_485_760 });
    expect(spec.delivery).toMatchObject({ timeoutSeconds: 5, retries: { attempts: 8, windowHours: 4 } });
  });
});

describe("shopify built-in: signatures against @shopify/shopify-api", () => {
  it("we accept what Shopify's getHmac signs; refuse it tampered, under another secret, or as hex", async () => {
    const headers = { ...envelope("orders/create"), "x-shopify-hmac-sha256": getHmac(rawBody, SECRET) };
    expect(await sdkAccepts(headers, rawBody)).toBe(true); // the SDK agrees it is authentic
    expect(await accepts(scheme, { body: rawBody, headers, secrets: [SECRET] })).toBe(true);
    expect(await accepts(scheme, { body: rawBody.replace("jon@", "joe@"), headers, secrets: [SECRET] })).toBe(false);
    expect(await accepts(scheme, { body: `${rawBody}\n`, headers, secrets: [SECRET] })).toBe(false);
    expect(await accepts(scheme, { body: rawBody, headers, secrets: [STRANGER] })).toBe(false);
    const hex = Buffer.from(getHmac(rawBody, SECRET), "base64").toString("hex");
    expect(await accepts(scheme, { body: rawBody, headers: { ...headers, "x-shopify-hmac-sha256": hex }, secrets: [SECRET] })).toBe(false);
  });

  it("Shopify's SDK accepts what we sign, and refuses it tampered or under another secret", async () => {
    const ours = signDelivery(scheme, { body: rawBody, secret: SECRET });
    expect(Object.keys(ours)).toEqual(["x-shopify-hmac-sha256"]);
    expect(ours["x-shopify-hmac-sha256"]).toBe(getHmac(rawBody, SECRET));
    const headers = { ...envelope("orders/create"), ...ours };
    expect(await sdkAccepts(headers, rawBody)).toBe(true);
    expect(await sdkAccepts(headers, rawBody.replace("jon@", "joe@"))).toBe(false);
    expect(await sdkAccepts(headers, rawBody, shopifyFor(STRANGER))).toBe(false);
  });

  it("rotation: with both secrets configured a delivery signed with either passes, with neither fails (the SDK holds one)", async () => {
    const signedWith = (s: string) => ({ ...envelope("orders/create"), "x-shopify-hmac-sha256": getHmac(rawBody, s) });
    await expectRotation(scheme, [SECRET, NEW_SECRET], STRANGER, (s) => ({ body: rawBody, headers: signedWith(s) }));
    // Shopify may sign with the old secret for up to an hour after a rotation; a one-secret SDK refuses one side.
    expect(await sdkAccepts(signedWith(SECRET), rawBody, shopifyFor(NEW_SECRET))).toBe(false);
  });

  it("refuses a delivery missing any header Shopify's SDK requires, as the SDK does", async () => {
    const full = { ...envelope("orders/create"), "x-shopify-hmac-sha256": getHmac(rawBody, SECRET) };
    for (const name of ["x-shopify-topic", "x-shopify-shop-domain", "x-shopify-api-version", "x-shopify-webhook-id"] as const) {
      const headers: Record<string, string> = { ...full };
      delete headers[name];
      expect(await sdkAccepts(headers, rawBody)).toBe(false);
      expect(await verify(scheme, { body: rawBody, headers, secrets: [SECRET] })).toEqual({ ok: false, reason: `missing ${name} header` });
    }
    const { "x-shopify-hmac-sha256": _hmac, ...unsigned } = full;
    expect(await accepts(scheme, { body: rawBody, headers: unsigned, secrets: [SECRET] })).toBe(false);
  });

  it("Shopify signs no timestamp: a delivery verifies however old (retries resend the original payload)", async () => {
    const headers = { ...envelope("orders/create"), "x-shopify-hmac-sha256": getHmac(rawBody, SECRET) };
    expect(await accepts(scheme, { body: rawBody, headers, secrets: [SECRET], now: Date.parse("2030-01-01T00:00:00Z") })).toBe(true);
  });
});

/** schemas/shopify with its topic subfolders (events/orders/create.json → `orders/create`). */
function readShopifyFolder(): SchemaFolder {
  const dir = join(repoRoot, "schemas", NAME);
  const events = new Map<string, SchemaObject>();
  const walk = (sub: string): void => {
    for (const entry of readdirSync(join(dir, "events", sub)).sort()) {
      const rel = sub === "" ? entry : `${sub}/${entry}`;
      if (statSync(join(dir, "events", rel)).isDirectory()) walk(rel);
      else if (entry.endsWith(".json")) events.set(rel.slice(0, -".json".length), JSON.parse(readFileSync(join(dir, "events", rel), "utf8")) as SchemaObject);
    }
  };
  walk("");
  const defs = new Map(
    readdirSync(join(dir, "defs")).filter((f) => f.endsWith(".json")).sort().map((f) => [f.slice(0, -".json".length), JSON.parse(readFileSync(join(dir, "defs", f), "utf8")) as SchemaObject] as const),
  );
  return { provider: NAME, events, defs };
}

/** The same folder with every event's refs written as from events/ itself, for the contract check. */
function flattenedRefs(folder: SchemaFolder): SchemaFolder {
  const events = new Map([...folder.events].map(([name, schema]) => {
    const up = "../".repeat(name.split("/").length);
    return [name, JSON.parse(JSON.stringify(schema).replaceAll(`"${up}defs/`, '"../defs/')) as SchemaObject] as const;
  }));
  return { ...folder, events };
}

// Shopify's orders/* test-notification sample (2024; shop domain as recorded).
const SAMPLE_ORDER: unknown = JSON.parse('{"id":820982911946154508,"admin_graphql_api_id":"gid://shopify/Order/820982911946154508","app_id":null,"browser_ip":null,"buyer_accepts_marketing":true,"cancel_reason":"customer","cancelled_at":"2024-06-26T12:33:21-04:00","cart_token":null,"checkout_id":null,"checkout_token":null,"client_details":null,"closed_at":null,"company":null,"confirmation_number":null,"confirmed":false,"contact_email":"jon@example.com","created_at":"2024-06-26T12:33:21-04:00","currency":"USD","current_subtotal_price":"1585.90","current_subtotal_price_set":{"shop_money":{"amount":"1585.90","currency_code":"USD"},"presentment_money":{"amount":"1585.90","currency_code":"USD"}},"current_total_additional_fees_set":null,"current_total_discounts":"0.00","current_total_discounts_set":{"shop_money":{"amount":"0.00","currency_code":"USD"},"presentment_money":{"amount":"0.00","currency_code":"USD"}},"current_total_duties_set":null,"current_total_price":"1585.90","current_total_price_set":{"shop_money":{"amount":"1585.90","currency_code":"USD"},"presentment_money":{"amount":"1585.90","currency_code":"USD"}},"current_total_tax":"0.00","current_total_tax_set":{"shop_money":{"amount":"0.00","currency_code":"USD"},"presentment_money":{"amount":"0.00","currency_code":"USD"}},"customer_locale":"en","device_id":null,"discount_codes":[],"duties_included":false,"email":"jon@example.com","estimated_taxes":false,"financial_status":"voided","fulfillment_status":"pending","landing_site":null,"landing_site_ref":null,"location_id":null,"merchant_of_record_app_id":null,"name":"#9999","note":null,"note_attributes":[],"number":234,"order_number":1234,"order_status_url":"https://devkanvas.myshopify.com/87296377148/orders/123456abcd/authenticate?key=abcdefg","original_total_additional_fees_set":null,"original_total_duties_set":null,"payment_gateway_names":["visa","bogus"],"phone":null,"po_number":null,"presentment_currency":"USD","processed_at":"2024-06-26T12:33:21-04:00","reference":null,"referring_site":null,"source_identifier":null,"source_name":"web","source_url":null,"subtotal_price":"1575.90","subtotal_price_set":{"shop_money":{"amount":"1575.90","currency_code":"USD"},"presentment_money":{"amount":"1575.90","currency_code":"USD"}},"tags":"tag1, tag2","tax_exempt":false,"tax_lines":[],"taxes_included":false,"test":true,"token":"123456abcd","total_discounts":"20.00","total_discounts_set":{"shop_money":{"amount":"20.00","currency_code":"USD"},"presentment_money":{"amount":"20.00","currency_code":"USD"}},"total_line_items_price":"1585.90","total_line_items_price_set":{"shop_money":{"amount":"1585.90","currency_code":"USD"},"presentment_money":{"amount":"1585.90","currency_code":"USD"}},"total_outstanding":"1585.90","total_price":"1575.90","total_price_set":{"shop_money":{"amount":"1575.90","currency_code":"USD"},"presentment_money":{"amount":"1575.90","currency_code":"USD"}},"total_shipping_price_set":{"shop_money":{"amount":"10.00","currency_code":"USD"},"presentment_money":{"amount":"10.00","currency_code":"USD"}},"total_tax":"0.00","total_tax_set":{"shop_money":{"amount":"0.00","currency_code":"USD"},"presentment_money":{"amount":"0.00","currency_code":"USD"}},"total_tip_received":"0.00","total_weight":0,"updated_at":"2024-06-26T12:33:21-04:00","user_id":null,"billing_address":{"first_name":"Steve","address1":"123 Shipping Street","phone":"555-555-SHIP","city":"Shippington","zip":"40003","province":"Kentucky","country":"United States","last_name":"Shipper","address2":null,"company":"Shipping Company","latitude":null,"longitude":null,"name":"Steve Shipper","country_code":"US","province_code":"KY"},"customer":{"id":115310627314723954,"email":"john@example.com","created_at":null,"updated_at":null,"first_name":"John","last_name":"Smith","state":"disabled","note":null,"verified_email":true,"multipass_identifier":null,"tax_exempt":false,"phone":null,"email_marketing_consent":{"state":"not_subscribed","opt_in_level":null,"consent_updated_at":null},"sms_marketing_consent":null,"tags":null,"currency":"USD","tax_exemptions":[],"admin_graphql_api_id":"gid://shopify/Customer/115310627314723954","default_address":{"id":715243470612851245,"customer_id":115310627314723954,"first_name":null,"last_name":null,"company":null,"address1":"123 Elm St.","address2":null,"city":"Ottawa","province":"Ontario","country":"Canada","zip":"K2H7A8","phone":"123-123-1234","name":null,"province_code":"ON","country_code":"CA","country_name":"Canada","default":true}},"discount_applications":[],"fulfillments":[],"line_items":[{"id":866550311766439020,"admin_graphql_api_id":"gid://shopify/LineItem/866550311766439020","attributed_staffs":[{"id":"gid://shopify/StaffMember/902541635","quantity":1}],"current_quantity":1,"fulfillable_quantity":1,"fulfillment_service":"manual","fulfillment_status":null,"gift_card":false,"grams":0,"name":"The Videographer Snowboard","price":"885.95","price_set":{"shop_money":{"amount":"885.95","currency_code":"USD"},"presentment_money":{"amount":"885.95","currency_code":"USD"}},"product_exists":true,"product_id":9313716535612,"properties":[],"quantity":1,"requires_shipping":true,"sku":null,"taxable":true,"title":"The Videographer Snowboard","total_discount":"0.00","total_discount_set":{"shop_money":{"amount":"0.00","currency_code":"USD"},"presentment_money":{"amount":"0.00","currency_code":"USD"}},"variant_id":49121760117052,"variant_inventory_management":"shopify","variant_title":null,"vendor":null,"tax_lines":[],"duties":[],"discount_allocations":[]}],"payment_terms":null,"refunds":[],"shipping_address":{"first_name":"Steve","address1":"123 Shipping Street","phone":"555-555-SHIP","city":"Shippington","zip":"40003","province":"Kentucky","country":"United States","last_name":"Shipper","address2":null,"company":"Shipping Company","latitude":null,"longitude":null,"name":"Steve Shipper","country_code":"US","province_code":"KY"},"shipping_lines":[{"id":271878346596884015,"carrier_identifier":null,"code":null,"discounted_price":"10.00","discounted_price_set":{"shop_money":{"amount":"10.00","currency_code":"USD"},"presentment_money":{"amount":"10.00","currency_code":"USD"}},"is_removed":false,"phone":null,"price":"10.00","price_set":{"shop_money":{"amount":"10.00","currency_code":"USD"},"presentment_money":{"amount":"10.00","currency_code":"USD"}},"requested_fulfillment_service_id":null,"source":"shopify","title":"Generic Shipping","tax_lines":[],"discount_allocations":[]}]}');

// Shopify's products/* test-notification sample (2023).
const SAMPLE_PRODUCT: unknown = JSON.parse('{"admin_graphql_api_id":"gid://shopify/Product/788032119674292922","body_html":"An example T-Shirt","created_at":null,"handle":"example-t-shirt","id":788032119674292922,"product_type":"Shirts","published_at":"2023-09-18T07:51:36+01:00","template_suffix":null,"title":"Example T-Shirt","updated_at":"2023-09-18T07:51:36+01:00","vendor":"Acme","status":"active","published_scope":"web","tags":"example, mens, t-shirt","variants":[{"admin_graphql_api_id":"gid://shopify/ProductVariant/642667041472713922","barcode":null,"compare_at_price":"24.99","created_at":null,"fulfillment_service":"manual","id":642667041472713922,"inventory_management":"shopify","inventory_policy":"deny","position":0,"price":"19.99","product_id":788032119674292922,"sku":"example-shirt-s","taxable":true,"title":"","updated_at":null,"option1":"Small","option2":null,"option3":null,"grams":200,"image_id":null,"weight":200.0,"weight_unit":"g","inventory_item_id":null,"inventory_quantity":75,"old_inventory_quantity":75,"requires_shipping":true},{"admin_graphql_api_id":"gid://shopify/ProductVariant/757650484644203962","barcode":null,"compare_at_price":"24.99","created_at":null,"fulfillment_service":"manual","id":757650484644203962,"inventory_management":"shopify","inventory_policy":"deny","position":0,"price":"19.99","product_id":788032119674292922,"sku":"example-shirt-m","taxable":true,"title":"","updated_at":null,"option1":"Medium","option2":null,"option3":null,"grams":200,"image_id":null,"weight":200.0,"weight_unit":"g","inventory_item_id":null,"inventory_quantity":50,"old_inventory_quantity":50,"requires_shipping":true}],"options":[],"images":[],"image":null}');

// Shopify's customers/* test-notification sample (2021).
const SAMPLE_CUSTOMER: unknown = JSON.parse('{"id":706405506930370000,"email":"bob@biller.com","accepts_marketing":true,"created_at":"2021-12-31T19:00:00-05:00","updated_at":"2021-12-31T19:00:00-05:00","first_name":"Bob","last_name":"Biller","orders_count":0,"state":"disabled","total_spent":"0.00","last_order_id":null,"note":"This customer loves ice cream","verified_email":true,"multipass_identifier":null,"tax_exempt":false,"tags":"","last_order_name":null,"currency":"USD","phone":null,"addresses":[],"accepts_marketing_updated_at":"2021-12-31T19:00:00-05:00","marketing_opt_in_level":null,"tax_exemptions":[],"email_marketing_consent":null,"sms_marketing_consent":null,"admin_graphql_api_id":"gid://shopify/Customer/706405506930370084"}');

describe("shopify built-in: the catalog", () => {
  const folder = readShopifyFolder();
  const compiled = compileFolder(folder);
  const extract = compileExtraction(spec.event);

  it("holds the mandatory compliance topics and the main orders/products/customers/app topics, in the contract's subset", () => {
    const names = [...folder.events.keys()];
    for (const t of ["customers/data_request", "customers/redact", "shop/redact", "app/uninstalled", "orders/create", "orders/updated", "orders/paid", "orders/cancelled", "orders/fulfilled", "orders/delete", "products/create", "products/update", "products/delete", "customers/create", "customers/update", "customers/delete"]) {
      expect(names).toContain(t);
    }
    expect(names).toHaveLength(26);
    expect(Object.keys(spec.schemas.events).sort()).toEqual([...names].sort()); // the loader reads the subfolders the same way
    expect(contractProblems(flattenedRefs(folder))).toEqual([]);
  });

  // Shopify's sample payloads: the mandatory compliance payloads of the privacy-law-compliance
  // page, and the test-notification samples Shopify sends (recorded by third parties in tests).
  const examples: [topic: string, payload: unknown][] = [
    ["customers/data_request", { shop_id: 954889, shop_domain: "{shop}.myshopify.com", orders_requested: [299938, 280263, 220458], customer: { id: 191167, email: "john@example.com", phone: "555-625-1199" }, data_request: { id: 9999 } }],
    ["customers/redact", { shop_id: 954889, shop_domain: "{shop}.myshopify.com", customer: { id: 191167, email: "john@example.com", phone: "555-625-1199" }, orders_to_redact: [299938, 280263, 220458] }],
    ["customers/redact", { shop_id: 954889, shop_domain: "snowdevil.myshopify.com", customer: { email: "john@email.com" }, orders_to_redact: [299938, 280263, 220458] }],
    ["shop/redact", { shop_id: 954889, shop_domain: "{shop}.myshopify.com" }],
    ["orders/cancelled", SAMPLE_ORDER],
    ["orders/create", SAMPLE_ORDER],
    ["orders/delete", { id: 820982911946154508, admin_graphql_api_id: "gid://shopify/Order/820982911946154508" }],
    ["products/create", SAMPLE_PRODUCT],
    ["products/update", SAMPLE_PRODUCT],
    ["products/delete", { id: 788032119674292922 }],
    ["customers/create", SAMPLE_CUSTOMER],
  ];

  it.each(examples)("Shopify's %s sample validates, and its topic header names the event", (topic, payload) => {
    const validate = compiled.validator(topic);
    expect(validate(payload), JSON.stringify(validate.errors)).toBe(true);
    const event = extract(envelope(topic), payload, 0);
    expect(event).toMatchObject({ type: topic, id: "b54557e4-8a5f-4f7d-a0bc-d043e1c0ffee", timestampMs: Date.parse("2026-01-02T03:04:05.678Z") });
  });

  it("without a trigger time the resource's updated_at is the event time", () => {
    const { "x-shopify-triggered-at": _t, ...headers } = envelope("products/update");
    expect(extract(headers, SAMPLE_PRODUCT, 0).timestampMs).toBe(Date.parse("2023-09-18T07:51:36+01:00"));
  });

  it("the schemas refuse what no Shopify delivery looks like", () => {
    expect(compiled.validator("shop/redact")({ shop_domain: "x.myshopify.com" })).toBe(false); // no shop_id
    expect(compiled.validator("customers/redact")({ shop_id: 1, shop_domain: "x.myshopify.com" })).toBe(false); // no customer
    expect(compiled.validator("orders/create")({ id: "820982911946154508" })).toBe(false); // ids are numbers
    expect(compiled.validator("products/create")({ id: 1, variants: [{ price: "1.00" }] })).toBe(false); // a variant without its id
  });
});
