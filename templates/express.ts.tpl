import { expressWebhookRoutes } from "smart-api-integrations/express";
import type { ExpressApp, ExpressRouteOptions } from "smart-api-integrations/express";
// Importing the generated index also registers every generated provider with the registry.
import { webhookRoutes } from "{{ index }}";

/**
 * Registers a POST route with raw-body handling for every generated provider webhook on an
 * Express app, whatever body parsers the app uses elsewhere.
 */
export function registerWebhookRoutes(app: ExpressApp, options?: ExpressRouteOptions): void {
  expressWebhookRoutes(app, webhookRoutes, options);
}
