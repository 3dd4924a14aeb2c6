import { nodeWebhookListener } from "smart-api-integrations/node";
import type { NodeWebhookListener, PipelineOptions } from "smart-api-integrations/node";
// Importing the generated index also registers every generated provider with the registry.
import { webhookRoutes } from "{{ index }}";

/**
 * A node:http request listener serving every generated webhook path: use it as
 * `http.createServer(createWebhookListener())`, or as connect-style middleware, where other
 * paths go to `next()` (without `next` they get a JSON 404).
 */
export function createWebhookListener(options?: PipelineOptions): NodeWebhookListener {
  return nodeWebhookListener(webhookRoutes, options);
}
