/**
 * Linear deliveries as Linear signs them: Linear-Signature, the hex HMAC-SHA256 of the body keyed
 * by the webhook's signing secret, with the send time (Unix ms) as `webhookTimestamp` inside the
 * signed body, and a Linear-Delivery id. @linear/sdk only verifies, so the signature is computed
 * with node:crypto and checked with the SDK's LinearWebhookClient.verify before it is sent.
 */
import { createHmac } from "node:crypto";
import { LinearWebhookClient } from "@linear/sdk/webhooks";
import type { CaseDelivery, ProviderCases } from "../case.js";

const SECRET = "lin_wh_e2e_signing_secret_0123456789ab";

const issue = (title: string, ageMs = 0) => JSON.stringify({
  action: "create", type: "Issue", createdAt: "2026-01-02T03:04:05.678Z", organizationId: "36968e1b-496c-4610-8c25-641364da172e", webhookId: "ee1fa20e-6b57-4448-86f7-39d9672ddedd",
  webhookTimestamp: Date.now() - ageMs, url: "https://linear.app/acme/issue/ENG-5/new-issue",
  data: { id: "d62a755d-5389-4dbd-98bb-3db03f239d9d", identifier: "ENG-5", number: 5, title, createdAt: "2026-01-02T03:04:05.600Z", updatedAt: "2026-01-02T03:04:05.600Z", teamId: "t-1", stateId: "s-1" },
});
const comment = () => JSON.stringify({
  action: "create", type: "Comment", createdAt: "2026-01-02T03:05:00.000Z", organizationId: "36968e1b-496c-4610-8c25-641364da172e", webhookId: "ee1fa20e-6b57-4448-86f7-39d9672ddedd",
  webhookTimestamp: Date.now(), url: "https://linear.app/acme/issue/ENG-5#comment-1",
  data: { id: "00d56bdc-5c15-42fd-b35c-7ecb6ebea19d", body: "On it — ü", issueId: "d62a755d-5389-4dbd-98bb-3db03f239d9d", userId: "u-1", createdAt: "2026-01-02T03:05:00.000Z", updatedAt: "2026-01-02T03:05:00.000Z" },
});

let n = 0;
function signed(label: string, body: string, expect: CaseDelivery["expect"], options: { secret?: string; sent?: string; sdkMustAccept?: boolean } = {}): CaseDelivery {
  const secret = options.secret ?? SECRET;
  const signature = createHmac("sha256", secret).update(body).digest("hex");
  if (options.sdkMustAccept !== false && !new LinearWebhookClient(secret).verify(Buffer.from(body), signature)) throw new Error("linear: the SDK refused the test signature");
  return { label, body: options.sent ?? body, headers: { "linear-signature": signature, "linear-delivery": `2b7c0f9e-0000-4000-8000-${String(++n).padStart(12, "0")}`, "linear-event": JSON.parse(body).type as string }, expect };
}

const cases: ProviderCases = {
  provider: "linear",
  env: { LINEAR_WEBHOOK_SECRET: SECRET },
  deliveries: () => {
    const created = issue("New issue");
    return [
      signed("Issue create", created, { status: 200, event: "Issue" }),
      signed("Comment create", comment(), { status: 200, event: "Comment" }),
      signed("Issue create delivered twice (same signed body)", created, { status: 200, bodyIncludes: "duplicate" }),
      signed("tampered body", issue("Original title"), { status: 401 }, { sent: issue("Original title").replace("Original", "Changed") }),
      signed("wrong secret", issue("Another issue"), { status: 401 }, { secret: "lin_wh_not_the_signing_secret" }),
      // Signed correctly, but webhookTimestamp is 2 minutes old: outside Linear's 60 s.
      signed("stale webhookTimestamp", issue("Old issue", 120_000), { status: 401 }, { sdkMustAccept: false }),
    ];
  },
};
export default cases;
