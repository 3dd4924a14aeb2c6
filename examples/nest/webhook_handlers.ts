// The user's code: typed handlers on the generated providers, registered when this module loads.
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

registry.createProcessor("github").on("issues.opened", (event) => {
  const { issue, repository } = event.payload; // typed: action is "opened"
  received.push(`github: ${repository.full_name}#${issue.number} opened: ${issue.title}`);
});
