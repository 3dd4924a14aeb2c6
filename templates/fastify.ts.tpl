import { fastifyWebhookRoutes } from "smart-api-integrations/fastify";
import type { FastifyLike, PipelineOptions } from "smart-api-integrations/fastify";
// Importing the generated index also registers every generated provider with the registry.
import { webhookRoutes } from "{{ index }}";

/**
 * Registers every generated webhook path on a Fastify 5 instance, in its own plugin scope with
 * a raw-body parser, so the app's JSON parsing elsewhere keeps working.
 */
export function registerWebhookRoutes(fastify: FastifyLike, options?: PipelineOptions): void {
  fastifyWebhookRoutes(fastify, webhookRoutes, options);
}
