// The user's code, shared by the node, fetch, Fastify, Hono and Koa examples: typed handlers on
// the generated providers, registered when this module loads (the registry is process-wide).
import { getWebhookRegistry } from "smart-api-integrations";
import "../../generated/index.js"; // registers the generated providers and their types

/** What the handlers saw, so tests can show it. */
export const received: string[] = [];

const registry = getWebhookRegistry();

registry.createProcessor("stripe").on("payment_intent.succeeded", (event) => {
  const pi = event.payload.data.object; // typed: Stripe PaymentIntent
  received.push(`stripe: payment ${pi.id} succeeded for ${pi.amount} ${pi.currency}`);
  return { status: "processed", paymentIntent: pi.id };
});

registry.createProcessor("github").on("issues", (event) => {
  // Every issues.* action, narrowed by `action`.
  if (event.payload.action === "opened") received.push(`github: #${event.payload.issue.number} opened: ${event.payload.issue.title}`);
});
