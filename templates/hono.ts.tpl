import { honoWebhookRoutes } from "smart-api-integrations/hono";
import type { HonoApp, HonoRouteOptions } from "smart-api-integrations/hono";
// Importing the generated index also registers every generated provider with the registry.
import { webhookRoutes } from "{{ index }}";

/**
 * Registers every generated webhook path on a Hono app; each reads the raw body with
 * `arrayBuffer()`. Pass `getConnInfo` from your runtime's Hono helper for the client address.
 */
export function registerWebhookRoutes(app: HonoApp, options?: HonoRouteOptions): void {
  honoWebhookRoutes(app, webhookRoutes, options);
}
