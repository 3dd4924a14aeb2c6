/**
 * Mailgun webhooks as Mailgun posts them: a JSON body whose `signature` object carries
 * `timestamp`, `token` and `signature` = hex HMAC-SHA256(HTTP webhook signing key, timestamp +
 * token), next to the unsigned `event-data`. Mailgun's SDK has no verifier, so the documented
 * construction is computed with node:crypto.
 */
import { createHmac, randomBytes } from "node:crypto";
import type { ProviderCases } from "../case.js";

const KEY = "key-e2e-mailgun-http-webhook-signing";
const fresh = () => randomBytes(25).toString("hex"); // 50 characters, as Mailgun's tokens
function signed(eventData: Record<string, unknown>, opts: { key?: string; token?: string; at?: number } = {}): string {
  const timestamp = String(Math.floor((opts.at ?? Date.now()) / 1000));
  const token = opts.token ?? fresh();
  const signature = createHmac("sha256", opts.key ?? KEY).update(timestamp + token).digest("hex");
  return JSON.stringify({ signature: { timestamp, token, signature }, "event-data": eventData });
}

const message = { headers: { "message-id": "20240219152312.aa6a32d2cf1d8d1b@mg.example.com", to: "alice@example.com", from: "bob@mg.example.com", subject: "Receipt" }, attachments: [], size: 2218 };
const base = (event: string, extra: Record<string, unknown> = {}) => ({ event, id: randomBytes(11).toString("base64url"), timestamp: Date.now() / 1000, "log-level": "info", recipient: "alice@example.com", message, ...extra });
const replayed = fresh();
const delivered = signed(base("delivered", { "delivery-status": { code: 250, message: "OK" } }), { token: replayed });

const cases: ProviderCases = {
  provider: "mailgun",
  env: { MAILGUN_WEBHOOK_SIGNING_KEY: `key-rotated-out,${KEY}` },
  deliveries: () => [
    { label: "delivered", body: delivered, headers: {}, expect: { status: 200, event: "delivered" } },
    { label: "permanent failure", body: signed(base("failed", { severity: "permanent", reason: "bounce", "log-level": "error" })), headers: {}, expect: { status: 200, event: "failed.permanent" } },
    { label: "temporary failure", body: signed(base("failed", { severity: "temporary", reason: "generic", "log-level": "warn" })), headers: {}, expect: { status: 200, event: "failed.temporary" } },
    { label: "opened", body: signed(base("opened", { ip: "50.56.129.169", geolocation: { country: "US" } })), headers: {}, expect: { status: 200, event: "opened" } },
    { label: "clicked", body: signed(base("clicked", { url: "https://example.com/orders/1" })), headers: {}, expect: { status: 200, event: "clicked" } },
    { label: "complained", body: signed(base("complained")), headers: {}, expect: { status: 200, event: "complained" } },
    { label: "unsubscribed, signed with the rotated-out key", body: signed(base("unsubscribed"), { key: "key-rotated-out" }), headers: {}, expect: { status: 200, event: "unsubscribed" } },
    { label: "the same token again: duplicate", body: delivered, headers: {}, expect: { status: 200, bodyIncludes: "duplicate" } },
    { label: "the same token with event-data changed: still a duplicate", body: delivered.replace("alice@example.com", "mallory@example.com"), headers: {}, expect: { status: 200, bodyIncludes: "duplicate" } },
    { label: "tampered token", body: delivered.replace(replayed, fresh()), headers: {}, expect: { status: 401 } },
    { label: "wrong signing key", body: signed(base("delivered"), { key: "key-not-ours" }), headers: {}, expect: { status: 401 } },
    { label: "signed 13 hours ago", body: signed(base("delivered"), { at: Date.now() - 13 * 3_600_000 }), headers: {}, expect: { status: 401 } },
    { label: "a body that is not JSON", body: "timestamp=1&token=2&signature=3", headers: { "content-type": "application/x-www-form-urlencoded" }, expect: { status: 401 } },
  ],
};
export default cases;
