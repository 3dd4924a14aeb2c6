/**
 * Intercom notifications as Intercom signs them: X-Hub-Signature sha1=<hex HMAC-SHA1 of the raw
 * body> keyed by the app's client secret (no SDK signs; computed with node:crypto), including the
 * ping Intercom sends when the webhook is saved.
 */
import { createHmac } from "node:crypto";
import type { ProviderCases } from "../case.js";

const SECRET = "e2e-intercom-client-secret";
const headers = (body: string, secret = SECRET) => ({ "x-hub-signature": `sha1=${createHmac("sha1", secret).update(body).digest("hex")}` });

const notification = (topic: string, id: string, item: Record<string, unknown>) =>
  JSON.stringify({
    type: "notification_event",
    app_id: "ja43hiec",
    data: { type: "notification_event_data", item },
    links: {},
    id,
    topic,
    delivery_status: "pending",
    delivery_attempts: 1,
    delivered_at: 0,
    first_sent_at: 1714557600,
    created_at: 1714557600,
    self: null,
  });
const conversation = notification("conversation.user.created", "notif_6f1e0c2a-3b4d-4e5f-8a9b-0c1d2e3f4a5b", {
  type: "conversation",
  id: "215472629311235",
  created_at: 1714557599,
  updated_at: 1714557600,
  state: "open",
  open: true,
  read: false,
  source: { type: "conversation", id: "403918316", body: "<p>Hello</p>", author: { type: "user", id: "6961d897719c606240178da8" } },
});
const contact = notification("contact.user.created", "notif_0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d", {
  type: "contact",
  id: "6961d897719c606240178da8",
  role: "user",
  email: "ada@example.com",
  name: "Ada",
  created_at: 1714557600,
  updated_at: 1714557600,
});
const ping = JSON.stringify({
  type: "notification_event",
  app_id: "ja43hiec",
  data: { type: "notification_event_data", item: { type: "ping", message: "something something interzen" } },
  links: {},
  id: null,
  topic: "ping",
  delivery_status: null,
  delivery_attempts: 1,
  delivered_at: 0,
  first_sent_at: 1714557600,
  created_at: 1714557600,
  self: null,
});

const cases: ProviderCases = {
  provider: "intercom",
  env: { INTERCOM_CLIENT_SECRET: SECRET },
  deliveries: () => [
    { label: "conversation.user.created", body: conversation, headers: headers(conversation), expect: { status: 200, event: "conversation.user.created" } },
    { label: "contact.user.created", body: contact, headers: headers(contact), expect: { status: 200, event: "contact.user.created" } },
    { label: "ping handshake", body: ping, headers: headers(ping), expect: { status: 200, bodyIncludes: '{"status":"ok"}' } },
    { label: "tampered body", body: conversation.replace("Hello", "Bye"), headers: headers(conversation), expect: { status: 401 } },
    { label: "wrong secret", body: contact, headers: headers(contact, "not-the-secret"), expect: { status: 401 } },
    { label: "forged ping", body: ping, headers: headers(ping, "not-the-secret"), expect: { status: 401 } },
  ],
};
export default cases;
