/**
 * Standard Webhooks deliveries as the official libraries sign them: `standardwebhooks` 1.1.1
 * (webhook-* headers) and `svix` 1.99.1 (svix-* headers), `v1,<base64 HMAC-SHA256>` over
 * "<id>.<timestamp>.<body>"; plus a `v1a` Ed25519 signature made with node:crypto, which neither
 * library implements. The env holds an HMAC secret and an Ed25519 public key, comma-separated.
 */
import { generateKeyPairSync, sign } from "node:crypto";
import { Webhook as StandardWebhook } from "standardwebhooks";
import { Webhook as SvixWebhook } from "svix";
import type { CaseDelivery, ProviderCases } from "../case.js";

const SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const WRONG = "whsec_" + Buffer.from("not the configured signing secret").toString("base64");
const { publicKey, privateKey } = generateKeyPairSync("ed25519");
const WHPK = `whpk_${publicKey.export({ format: "der", type: "spki" }).subarray(-32).toString("base64")}`;

const app = { appId: "app_1srOrx2ZWZBpBUvZwXKQmoEYga2", appUid: "unique-app-identifier" };
const endpointCreated = JSON.stringify({ data: { ...app, endpointId: "ep_1srOrx2ZWZBpBUvZwXKQmoEYga2", endpointUid: "unique-endpoint-identifier" }, type: "endpoint.created" });
const exhausted = JSON.stringify({
  data: { ...app, msgId: "msg_1srOrx2ZWZBpBUvZwXKQmoEYga2", msgEventId: "unique-msg-identifier", endpointId: "ep_1srOrx2ZWZBpBUvZwXKQmoEYga2", lastAttempt: { id: "atmpt_1srOrx2ZWZBpBUvZwXKQmoEYga2", responseStatusCode: 500, timestamp: "2022-11-06T15:04:05Z" } },
  type: "message.attempt.exhausted",
});
const disabled = JSON.stringify({ data: { ...app, endpointId: "ep_2", endpointUid: null, failSince: "2022-11-06T15:04:05Z", trigger: "automatic" }, type: "endpoint.disabled" });
// A sender's own event (Clerk-style): outside the catalog, it reaches the `*` handler unvalidated.
const userCreated = JSON.stringify({ type: "user.created", timestamp: "2026-01-01T00:00:00Z", data: { id: "user_2g7np7Hrk0SN6kj5EDMLDaKNL0S", first_name: "Zoë" } });

const seconds = () => Math.floor(Date.now() / 1000);

function byStandardWebhooks(label: string, body: string, id: string, expect: CaseDelivery["expect"], secret = SECRET, sent = body): CaseDelivery {
  const t = seconds();
  const signature = new StandardWebhook(secret).sign(id, new Date(t * 1000), body);
  return { label, body: sent, headers: { "webhook-id": id, "webhook-timestamp": String(t), "webhook-signature": signature }, expect };
}

function bySvix(label: string, body: string, id: string, expect: CaseDelivery["expect"]): CaseDelivery {
  const t = seconds();
  const signature = new SvixWebhook(SECRET).sign(id, new Date(t * 1000), body);
  return { label, body, headers: { "svix-id": id, "svix-timestamp": String(t), "svix-signature": signature }, expect };
}

function byEd25519(label: string, body: string, id: string, expect: CaseDelivery["expect"]): CaseDelivery {
  const t = seconds();
  const signature = sign(null, Buffer.from(`${id}.${t}.${body}`), privateKey).toString("base64");
  return { label, body, headers: { "webhook-id": id, "webhook-timestamp": String(t), "webhook-signature": `v1a,${signature}` }, expect };
}

const cases: ProviderCases = {
  provider: "standard-webhooks",
  env: { STANDARD_WEBHOOKS_SECRET: `${SECRET},${WHPK}` },
  deliveries: () => [
    byStandardWebhooks("endpoint.created (standardwebhooks, webhook-* headers)", endpointCreated, "msg_e2e_1", { status: 200, event: "endpoint.created" }),
    bySvix("message.attempt.exhausted (svix, svix-* headers)", exhausted, "msg_e2e_2", { status: 200, event: "message.attempt.exhausted" }),
    byEd25519("endpoint.disabled signed v1a (Ed25519) only", disabled, "msg_e2e_3", { status: 200, event: "endpoint.disabled" }),
    byStandardWebhooks("a sender's own event outside the catalog", userCreated, "msg_e2e_4", { status: 200, event: "user.created" }),
    // The sender's retry: same id, same body, fresh signature.
    byStandardWebhooks("endpoint.created retried", endpointCreated, "msg_e2e_1", { status: 200, bodyIncludes: "duplicate" }),
    byStandardWebhooks("tampered body", endpointCreated, "msg_e2e_5", { status: 401 }, SECRET, endpointCreated.replace("ep_1", "ep_9")),
    byStandardWebhooks("wrong secret", endpointCreated, "msg_e2e_6", { status: 401 }, WRONG),
  ],
};
export default cases;
