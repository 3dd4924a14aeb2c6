/**
 * Sentry integration platform deliveries as Sentry sends them: Sentry-Hook-Signature, the hex
 * HMAC-SHA256 of the body keyed by the Client Secret (no SDK signs; computed with node:crypto),
 * with Sentry-Hook-Resource, Sentry-Hook-Timestamp and a fresh Request-ID.
 */
import { createHmac, randomUUID } from "node:crypto";
import type { ProviderCases } from "../case.js";

const SECRET = "e2e-sentry-client-secret";
const headers = (resource: string, body: string, secret = SECRET) => ({
  "request-id": randomUUID().replaceAll("-", ""),
  "sentry-hook-resource": resource,
  "sentry-hook-timestamp": String(Math.floor(Date.now() / 1000)),
  "sentry-hook-signature": createHmac("sha256", secret).update(body).digest("hex"),
});

const installation = { uuid: "7a485448-a9e2-4c85-8a3c-4f44175783c9" };
const actor = { id: "sentry", name: "Sentry", type: "application" };
const issue = JSON.stringify({
  action: "created",
  installation,
  actor,
  data: {
    issue: {
      id: "1170820242",
      shortId: "FRONT-END-9",
      title: "ReferenceError: blooopy is not defined",
      status: "unresolved",
      substatus: "new",
      level: "error",
      project: { id: "1", name: "front-end", slug: "front-end", platform: "javascript" },
      firstSeen: "2024-05-01T10:00:00.000000Z",
      lastSeen: "2024-05-01T10:00:00.000000Z",
      count: "1",
      userCount: 1,
      url: "https://sentry.io/api/0/organizations/acme/issues/1170820242/",
      web_url: "https://sentry.io/organizations/acme/issues/1170820242/",
      project_url: "https://sentry.io/organizations/acme/issues/?project=1",
    },
  },
});
const comment = JSON.stringify({
  action: "created",
  installation,
  actor: { type: "user", id: 1, name: "colleen" },
  data: { comment: "looking into it", project_slug: "front-end", comment_id: 1234, issue_id: 1170820242, timestamp: "2024-05-01T10:05:00.000000Z" },
});

const cases: ProviderCases = {
  provider: "sentry",
  env: { SENTRY_CLIENT_SECRET: SECRET },
  deliveries: () => [
    { label: "issue.created", body: issue, headers: headers("issue", issue), expect: { status: 200, event: "issue.created" } },
    { label: "comment.created", body: comment, headers: headers("comment", comment), expect: { status: 200, event: "comment.created" } },
    { label: "tampered body", body: issue.replace("unresolved", "resolved"), headers: headers("issue", issue), expect: { status: 401 } },
    { label: "wrong secret", body: comment, headers: headers("comment", comment, "not-the-secret"), expect: { status: 401 } },
  ],
};
export default cases;
