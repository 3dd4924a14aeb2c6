/**
 * Typeform deliveries as Typeform sends them: Typeform-Signature `sha256=<base64 HMAC-SHA256 of the
 * body>` keyed by the webhook's secret (Typeform ships no signer; computed with node:crypto).
 * Bodies follow Typeform's documented example payload (typeform.com/developers/webhooks/example-payload/).
 */
import { createHmac } from "node:crypto";
import type { ProviderCases } from "../case.js";

const SECRET = "e2e-typeform-webhook-secret";
const headers = (body: string, secret = SECRET) => ({
  "user-agent": "Typeform Webhooks",
  "typeform-signature": `sha256=${createHmac("sha256", secret).update(body).digest("base64")}`,
});

const formResponse = (submitted: boolean) => ({
  form_id: "lT4Z3j",
  token: "a3a12ec67a1365927098a606107fac15",
  landed_at: "2018-01-18T18:07:02Z",
  ...(submitted ? { submitted_at: "2018-01-18T18:17:02Z" } : {}),
  calculated: { score: 9 },
  variables: [{ key: "score", type: "number", number: 4 }],
  hidden: { user_id: "abc123456" },
  definition: {
    id: "lT4Z3j",
    title: "Webhooks example",
    fields: [
      { id: "JwWggjAKtOkA", title: "What is your first name?", type: "short_text", ref: "readable_ref_short_text", allow_multiple_selections: false, allow_other_choice: false },
      { id: "SMEUb7VJz92Q", title: "Your email address?", type: "email", ref: "readable_ref_email", allow_multiple_selections: false, allow_other_choice: false },
    ],
  },
  answers: [
    { type: "text", text: "Laura", field: { id: "JwWggjAKtOkA", type: "short_text" } },
    ...(submitted ? [{ type: "email", email: "laura@example.com", field: { id: "SMEUb7VJz92Q", type: "email" } }] : []),
  ],
});
const submitted = JSON.stringify({ event_id: "LtWXD3crgy", event_type: "form_response", form_response: formResponse(true) });
const partial = JSON.stringify({ event_id: "01HZPARTIAL0001", event_type: "form_response_partial", form_response: formResponse(false) });

const cases: ProviderCases = {
  provider: "typeform",
  env: { TYPEFORM_WEBHOOK_SECRET: SECRET },
  deliveries: () => [
    { label: "form_response", body: submitted, headers: headers(submitted), expect: { status: 200, event: "form_response" } },
    { label: "form_response_partial", body: partial, headers: headers(partial), expect: { status: 200, event: "form_response_partial" } },
    { label: "tampered body", body: submitted.replace("Laura", "Mallory"), headers: headers(submitted), expect: { status: 401 } },
    { label: "wrong secret", body: submitted.replace("LtWXD3crgy", "LtWXD3crgz"), headers: headers(submitted.replace("LtWXD3crgy", "LtWXD3crgz"), "not-the-secret"), expect: { status: 401 } },
  ],
};
export default cases;
