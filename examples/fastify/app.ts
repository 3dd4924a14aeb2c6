// A Fastify 5 app: its own JSON parser serves the app's routes; the generated routes read the
// raw bytes in their own plugin scope.
import Fastify, { type FastifyInstance } from "fastify";
import { registerWebhookRoutes } from "../../generated/routes/fastify.js";
import "../shared/webhook_handlers.js";

/** Builds the example app (not listening). */
export function createApp(): FastifyInstance {
  const app = Fastify();
  registerWebhookRoutes(app);
  app.post("/echo", async (request) => ({ parsed: request.body }));
  return app;
}
