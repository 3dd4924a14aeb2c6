// A Hono 4 app on Node (@hono/node-server); the client address comes from the socket via getConnInfo.
import { getConnInfo } from "@hono/node-server/conninfo";
import { Hono } from "hono";
import { registerWebhookRoutes } from "../../generated/routes/hono.js";
import "../shared/webhook_handlers.js";

/** Builds the example app; serve it with `serve({ fetch: app.fetch })`. */
export function createApp(): Hono {
  const app = new Hono();
  registerWebhookRoutes(app, { getConnInfo });
  app.post("/echo", async (c) => c.json({ parsed: await c.req.json<unknown>() }));
  return app;
}
