import { koaWebhookRoutes } from "smart-api-integrations/koa";
import type { KoaApp, PipelineOptions } from "smart-api-integrations/koa";
// Importing the generated index also registers every generated provider with the registry.
import { webhookRoutes } from "{{ index }}";

/**
 * Registers one Koa middleware serving every generated webhook path. Register it before a
 * body parser (`@koa/bodyparser`), which would otherwise consume the raw bytes first.
 */
export function registerWebhookRoutes(app: KoaApp, options?: PipelineOptions): void {
  koaWebhookRoutes(app, webhookRoutes, options);
}
