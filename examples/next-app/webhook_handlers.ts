// The user's code: typed handlers on the generated providers. Every route file imports this module
// (see templates/next-app.route.ts.tpl); Next evaluates it once per server process.
import { getWebhookRegistry } from "smart-api-integrations";
import "../../generated/index.js"; // registers the generated providers and their types

const RECEIVED = Symbol.for("smart-api-integrations.example.next.received");

/**
 * What the handlers saw, for the GET /received route (and the e2e test). Kept on `globalThis`
 * rather than in a module variable: a bundler may evaluate this module once per bundle layer.
 */
export function received(): string[] {
  const holder = globalThis as { [RECEIVED]?: string[] };
  return (holder[RECEIVED] ??= []);
}

const registry = getWebhookRegistry();

registry
  .createProcessor("stripe")
  .use((event) => {
    received().push(`middleware: ${event.provider} ${event.type} at ${event.timestamp.toISOString()}`);
  })
  .on("payment_intent.succeeded", (event) => {
    const pi = event.payload.data.object; // typed: Stripe PaymentIntent
    received().push(`stripe: payment ${pi.id} succeeded for ${pi.amount} ${pi.currency}`);
    return { status: "processed", paymentIntent: pi.id };
  });

registry.createProcessor("github").on("issues.opened", (event) => {
  const { issue, repository } = event.payload; // typed: action is "opened"
  received().push(`github: ${repository.full_name}#${issue.number} opened: ${issue.title}`);
});

registry.createProcessor("slack").on("app_mention", (event) => {
  received().push(`slack: mentioned in ${event.payload.event.channel}: ${event.payload.event.text}`);
});
