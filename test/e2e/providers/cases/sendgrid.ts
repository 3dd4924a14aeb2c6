/**
 * SendGrid Event Webhook deliveries as SendGrid sends them: a JSON array of events, signed with
 * ECDSA P-256/SHA-256 over X-Twilio-Email-Event-Webhook-Timestamp + the raw body (DER, base64).
 * @sendgrid/eventwebhook only verifies, so the signatures are made with node:crypto the way
 * SendGrid documents it, and the SDK confirms each one before it is sent.
 */
import { generateKeyPairSync, sign } from "node:crypto";
import { EventWebhook } from "@sendgrid/eventwebhook";
import type { ProviderCases } from "../case.js";

const keyPair = () => generateKeyPairSync("ec", { namedCurve: "P-256" });
const verificationKey = keyPair();
const other = keyPair();
const PUBLIC_KEY = verificationKey.publicKey.export({ format: "der", type: "spki" }).toString("base64");
const ew = new EventWebhook();

function headers(body: string, privateKey = verificationKey.privateKey, ts = Math.floor(Date.now() / 1000)) {
  const t = String(ts);
  const signature = sign("sha256", Buffer.from(t + body), privateKey).toString("base64");
  return { "x-twilio-email-event-webhook-signature": signature, "x-twilio-email-event-webhook-timestamp": t };
}
/** Signed by SendGrid's key, and confirmed by SendGrid's SDK before it is sent. */
function signed(body: string) {
  const h = headers(body);
  if (!ew.verifySignature(ew.convertPublicKeyToECDSA(PUBLIC_KEY), body, h["x-twilio-email-event-webhook-signature"], h["x-twilio-email-event-webhook-timestamp"])) {
    throw new Error("@sendgrid/eventwebhook refuses the case's own signature");
  }
  return h;
}

const common = { email: "example@test.com", timestamp: 1513299569, "smtp-id": "<14c5d75ce93.dfd.64b469@ismtpd-555>", category: "cat facts", sg_message_id: "14c5d75ce93.dfd.64b469.filter0001.16648.5515E0B88.0" };
const delivery = JSON.stringify([
  { ...common, event: "processed", sg_event_id: "rbtnWrG1DVDGGGFHFyun0A==" },
  { ...common, event: "delivered", sg_event_id: "rWVYmVk90MjZJ9iohOBa3w==", response: "250 OK" },
]);
const engagement = JSON.stringify([
  { ...common, event: "open", sg_event_id: "FOTFFO0ecsBE-zxFXfs6WA==", useragent: "Mozilla/5.0", ip: "255.255.255.255" },
  { ...common, event: "click", sg_event_id: "kCAi1KttyQdEKHhdC-nuEA==", useragent: "Mozilla/5.0", ip: "255.255.255.255", url: "http://www.sendgrid.com/", userid: "1123" },
  { ...common, event: "bounce", sg_event_id: "6g4ZI7SA-xmRDv57GoPIPw==", reason: "500 unknown recipient", status: "5.0.0", type: "blocked" },
]);

const cases: ProviderCases = {
  provider: "sendgrid",
  // The private key only for test-webhook-style samples (the spec's private_key_env); the runtime never reads it.
  env: { SENDGRID_VERIFICATION_KEY: PUBLIC_KEY, SENDGRID_TEST_PRIVATE_KEY: verificationKey.privateKey.export({ format: "pem", type: "pkcs8" }).toString() },
  deliveries: () => [
    { label: "batch of delivery events", body: delivery, headers: signed(delivery), expect: { status: 200, event: "batch" } },
    { label: "batch of engagement events (custom args as keys)", body: engagement, headers: signed(engagement), expect: { status: 200, event: "batch" } },
    { label: "the same batch again: duplicate (body SHA-256)", body: delivery, headers: signed(delivery), expect: { status: 200, bodyIncludes: "duplicate" } },
    { label: "tampered body", body: engagement.replace("blocked", "bounce"), headers: signed(engagement), expect: { status: 401 } },
    { label: "signed with another key", body: engagement, headers: headers(engagement, other.privateKey), expect: { status: 401 } },
    { label: "timestamp two days old", body: engagement, headers: headers(engagement, verificationKey.privateKey, Math.floor(Date.now() / 1000) - 172_800), expect: { status: 401 } },
  ],
};
export default cases;
