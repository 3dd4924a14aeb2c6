/**
 * HubSpot deliveries as HubSpot signs them, with @hubspot/api-client's Signature (v3): base64
 * HMAC-SHA256 of method + URL + body + X-HubSpot-Request-Timestamp (ms), keyed by the app's client
 * secret. Every request is a JSON array of notifications, so every one is the event `batch`.
 */
import { Signature } from "@hubspot/api-client";
import type { CaseDelivery, ProviderCases } from "../case.js";

const OLD_SECRET = "e2e-hubspot-client-secret-old";
const SECRET = "e2e-hubspot-client-secret";
const PATH = "/webhooks/hubspot/";

const base = { subscriptionId: 25, portalId: 33, appId: 1160452, occurredAt: 1_462_216_307_945, attemptNumber: 0 };
const contacts = JSON.stringify([
  { ...base, eventId: 3816279340, subscriptionType: "contact.propertyChange", objectId: 1246965, propertyName: "lifecyclestage", propertyValue: "subscriber", changeSource: "ACADEMY" },
  { ...base, eventId: 3816279480, subscriptionId: 22, subscriptionType: "contact.creation", objectId: 1246978, changeSource: "IMPORT" },
]);
const deals = JSON.stringify([
  { ...base, eventId: 4100000001, subscriptionId: 31, subscriptionType: "deal.merge", objectId: 901, primaryObjectId: 901, mergedObjectIds: [902], newObjectId: 901, numberOfPropertiesMoved: 4 },
  { ...base, eventId: 4100000002, subscriptionId: 32, subscriptionType: "deal.associationChange", associationType: "DEAL_TO_CONTACT", fromObjectId: 901, toObjectId: 1246965, associationRemoved: false, isPrimaryAssociation: true },
]);
// Not an array: named by its own subscriptionType, which is outside the catalog; the `*` handler still sees it.
const single = JSON.stringify({ ...base, eventId: 4200000001, subscriptionType: "ticket.creation", objectId: 77 });

function signed(label: string, url: string, body: string, expect: CaseDelivery["expect"], options: { secret?: string; timestamp?: number; sent?: string } = {}): CaseDelivery {
  const timestamp = options.timestamp ?? Date.now();
  const signature = Signature.getSignature("POST", "v3", { signature: "", clientSecret: options.secret ?? SECRET, requestBody: body, url, timestamp });
  return { label, body: options.sent ?? body, headers: { "x-hubspot-signature-v3": signature, "x-hubspot-request-timestamp": String(timestamp) }, expect };
}

const cases: ProviderCases = {
  provider: "hubspot",
  env: { HUBSPOT_CLIENT_SECRET: `${OLD_SECRET},${SECRET}` },
  deliveries: ({ origin }) => {
    const url = `${origin}${PATH}`;
    return [
      signed("a batch of contact notifications", url, contacts, { status: 200, event: "batch" }),
      signed("a batch of deal notifications, signed with the older of two configured secrets", url, deals, { status: 200, event: "batch" }, { secret: OLD_SECRET }),
      signed("a single notification object (not a batch)", url, single, { status: 200, event: "ticket.creation" }),
      signed("tampered body", url, contacts, { status: 401 }, { sent: contacts.replace("subscriber", "customer") }),
      signed("wrong client secret", url, deals, { status: 401 }, { secret: "not-the-client-secret" }),
      signed("signed 10 minutes ago", url, deals, { status: 401 }, { timestamp: Date.now() - 600_000 }),
      signed("signed for another URL", `${origin}/webhooks/other/`, deals, { status: 401 }),
    ];
  },
};
export default cases;
