// The user's code: typed handlers on the generated providers.
import { getWebhookRegistry } from "smart-api-integrations";
import "../../generated/index.js"; // registers the generated providers and their types

/** What the handlers saw, so the demo and tests can show it. */
export const received: string[] = [];

const registry = getWebhookRegistry();

registry
  .createProcessor("stripe")
  .use((event) => {
    received.push(`middleware: ${event.provider} ${event.type} at ${event.timestamp.toISOString()}`);
  })
  .on("payment_intent.succeeded", (event) => {
    const pi = event.payload.data.object; // typed: Stripe PaymentIntent
    received.push(`stripe: payment ${pi.id} succeeded for ${pi.amount} ${pi.currency}`);
    return { status: "processed", paymentIntent: pi.id };
  });

registry.createProcessor("github").on("issues.opened", (event) => {
  const { issue, repository } = event.payload; // typed: action is "opened"
  received.push(`github: ${repository.full_name}#${issue.number} opened: ${issue.title}`);
});

registry.createProcessor("github").on("push", (event) => {
  received.push(`github: push to ${event.payload.ref} with ${event.payload.commits.length} commit(s)`);
});

registry.createProcessor("slack").on("app_mention", (event) => {
  received.push(`slack: mentioned in ${event.payload.event.channel}: ${event.payload.event.text}`);
});
