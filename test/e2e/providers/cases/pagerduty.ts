/**
 * PagerDuty Webhooks v3 deliveries as PagerDuty sends them: X-PagerDuty-Signature with one
 * `v1=<hex HMAC-SHA256 of the body>` per signing secret, comma-separated (computed with
 * node:crypto: no Node SDK of PagerDuty's verifies), and X-Webhook-Id. Bodies follow the example
 * payloads of PagerDuty's v3 overview (developer.pagerduty.com/docs/webhooks-overview).
 */
import { createHmac, randomUUID } from "node:crypto";
import type { ProviderCases } from "../case.js";

const SECRET = "e2e-pagerduty-signing-secret";
const OLD_SECRET = "e2e-pagerduty-previous-secret";
const headers = (body: string, secrets: readonly string[] = [SECRET]) => ({
  "user-agent": "PagerDuty-Webhook/V3.0",
  "x-webhook-id": randomUUID(),
  "x-webhook-subscription": "PY1OQQL",
  "x-pagerduty-signature": secrets.map((s) => `v1=${createHmac("sha256", s).update(body).digest("hex")}`).join(","),
});

const ref = (type: string, id: string, summary: string, path: string) => ({ html_url: `https://acme.pagerduty.com/${path}/${id}`, id, self: `https://api.pagerduty.com/${path}/${id}`, summary, type });
const agent = ref("user_reference", "PLH1HKV", "Tenex Engineer", "users");

const triggered = JSON.stringify({
  event: {
    id: "01DEN4HPBQAAAG05V5QQYBRZMF", event_type: "incident.triggered", resource_type: "incident", occurred_at: "2024-05-01T10:00:00.169Z", agent, client: { name: "PagerDuty" },
    data: {
      id: "PGR0VU2", type: "incident", self: "https://api.pagerduty.com/incidents/PGR0VU2", html_url: "https://acme.pagerduty.com/incidents/PGR0VU2",
      number: 2, status: "triggered", incident_key: "d3640fbd41094207a1c11e58e46b1662", created_at: "2024-05-01T10:00:00Z", title: "A little bump in the road",
      service: ref("service_reference", "PF9KMXH", "API Service", "services"), assignees: [ref("user_reference", "PTUXL6G", "User 123", "users")],
      escalation_policy: ref("escalation_policy_reference", "PUS0KTE", "Default", "escalation_policies"), teams: [ref("team_reference", "PFCVPS0", "Engineering", "teams")],
      priority: null, urgency: "high", conference_bridge: null, resolve_reason: null,
    },
  },
});

const serviceUpdated = JSON.stringify({
  event: {
    id: "01BRB6ZP4M6T8ZG4X6BP63ZB9O", event_type: "service.updated", resource_type: "service", occurred_at: "2024-05-01T10:05:11.682Z", agent: null, client: null,
    data: { ...ref("service", "PF9KMXH", "testing service updates", "services"), alert_creation: "create_alerts_and_incidents", teams: [ref("team_reference", "PFCVPS0", "Engineering", "teams")] },
  },
});

const annotated = JSON.stringify({
  event: {
    id: "01DEN4HPBQAAAG05V5QQYBRZMG", event_type: "incident.annotated", resource_type: "incident", occurred_at: "2024-05-01T10:07:00.000Z", agent, client: null,
    data: { incident: ref("incident_reference", "PGR0VU2", "A little bump in the road", "incidents"), id: "P2LA89X", content: "I sure am glad we are using PagerDuty!", trimmed: false, type: "incident_note" },
  },
});

const cases: ProviderCases = {
  provider: "pagerduty",
  env: { PAGERDUTY_SIGNING_SECRET: SECRET },
  deliveries: () => [
    { label: "incident.triggered", body: triggered, headers: headers(triggered), expect: { status: 200, event: "incident.triggered" } },
    { label: "service.updated", body: serviceUpdated, headers: headers(serviceUpdated), expect: { status: 200, event: "service.updated" } },
    { label: "incident.annotated, signed with the previous and the current secret (PagerDuty rotating)", body: annotated, headers: headers(annotated, [OLD_SECRET, SECRET]), expect: { status: 200, event: "incident.annotated" } },
    { label: "tampered body", body: triggered.replace('"urgency":"high"', '"urgency":"low"'), headers: headers(triggered), expect: { status: 401 } },
    { label: "wrong secret", body: serviceUpdated.replace("testing service updates", "renamed"), headers: headers(serviceUpdated.replace("testing service updates", "renamed"), [OLD_SECRET]), expect: { status: 401 } },
  ],
};
export default cases;
