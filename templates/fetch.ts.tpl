import { fetchWebhookHandler } from "smart-api-integrations/fetch";
import type { FetchWebhookHandler, PipelineOptions } from "smart-api-integrations/fetch";
// Importing the generated index also registers every generated provider with the registry.
import { webhookRoutes } from "{{ index }}";

/**
 * Builds a fetch handler (`Request` → `Response`) with your options, e.g. `trustedProxies`.
 * Runs unchanged on Node, Bun, Deno and Cloudflare Workers.
 */
export function createWebhookHandler(options?: PipelineOptions): FetchWebhookHandler {
  return fetchWebhookHandler(webhookRoutes, options);
}

const defaultHandler = createWebhookHandler();

/**
 * Answers a webhook request on any generated path, and 404 on other paths. Pass `info.remoteAddress`
 * (e.g. Bun's `server.requestIP(request)?.address`) for IP allowlists and per-client budgets.
 */
export function handleWebhook(request: Request, info?: Parameters<FetchWebhookHandler>[1]): Promise<Response> {
  return defaultHandler(request, info);
}
