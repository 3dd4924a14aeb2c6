/**
 * Calendly deliveries as Calendly signs them: Calendly-Webhook-Signature t=<now>,v1=<hex
 * HMAC-SHA256 of "<t>.<body>"> keyed by the webhook signing key (no SDK signs; computed with
 * node:crypto).
 */
import { createHmac } from "node:crypto";
import type { ProviderCases } from "../case.js";

const SECRET = "e2e-calendly-webhook-signing-key";
function headers(body: string, secret = SECRET, t = Math.floor(Date.now() / 1000)) {
  return { "calendly-webhook-signature": `t=${t},v1=${createHmac("sha256", secret).update(`${t}.${body}`).digest("hex")}` };
}

const invitee = (event: string, status: string) =>
  JSON.stringify({
    event,
    created_at: "2024-05-01T10:00:00.000000Z",
    created_by: "https://api.calendly.com/users/AAAAAAAAAAAAAAAA",
    payload: {
      uri: "https://api.calendly.com/scheduled_events/GBGBDCAADAEDCRZ2/invitees/AAAAAAAAAAAAAAAA",
      email: "ada@example.com",
      name: "Ada Lovelace",
      first_name: null,
      last_name: null,
      status,
      timezone: "Europe/London",
      event: "https://api.calendly.com/scheduled_events/GBGBDCAADAEDCRZ2",
      questions_and_answers: [],
      tracking: { utm_campaign: null, utm_source: null, utm_medium: null, utm_content: null, utm_term: null, salesforce_uuid: null },
      rescheduled: false,
      old_invitee: null,
      new_invitee: null,
      no_show: null,
      payment: null,
      reconfirmation: null,
      created_at: "2024-05-01T09:59:59.000000Z",
      updated_at: status === "active" ? "2024-05-01T09:59:59.000000Z" : "2024-05-02T08:00:00.000000Z",
    },
  });
const created = invitee("invitee.created", "active");
const canceled = invitee("invitee.canceled", "canceled");

const cases: ProviderCases = {
  provider: "calendly",
  env: { CALENDLY_WEBHOOK_SIGNING_KEY: SECRET },
  deliveries: () => [
    { label: "invitee.created", body: created, headers: headers(created), expect: { status: 200, event: "invitee.created" } },
    { label: "invitee.canceled", body: canceled, headers: headers(canceled), expect: { status: 200, event: "invitee.canceled" } },
    { label: "tampered body", body: created.replace("Ada Lovelace", "Eve"), headers: headers(created), expect: { status: 401 } },
    { label: "wrong key", body: canceled, headers: headers(canceled, "not-the-key"), expect: { status: 401 } },
    { label: "signed 10 minutes ago", body: created, headers: headers(created, SECRET, Math.floor(Date.now() / 1000) - 600), expect: { status: 401 } },
  ],
};
export default cases;
