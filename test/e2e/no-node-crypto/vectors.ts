/** What the parent test and the crypto-less child share: the routes and the wire format. */
import type { WebhookRoute } from "../../../src/runtime/routes.js";

/** The webhooks the vectors are sent to (fixture definitions of test/fixtures/definitions.ts). */
export const VECTOR_ROUTES: readonly WebhookRoute[] = [
  { provider: "stripe", webhook: "default", path: "/webhooks/stripe/" },
  { provider: "github", webhook: "default", path: "/webhooks/github" },
  { provider: "slack", webhook: "default", path: "/webhooks/slack/events" },
];

/** One delivery as a JSON line: the body base64, so every byte survives. */
export interface WireDelivery {
  readonly name: string;
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body: string;
}

/** The handler's answer. */
export interface WireAnswer {
  readonly status: number;
  readonly body: string;
}
