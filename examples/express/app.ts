// A typical Express app: a global JSON parser, other routes, and the generated webhook routes.
import express from "express";
import { registerWebhookRoutes } from "../../generated/routes/express.js";
import "./webhook_handlers.js";

/** Builds the example app. `express.json()` is global on purpose: webhooks still get raw bytes. */
export function createApp(): express.Express {
  const app = express();
  app.use(express.json());
  app.get("/health", (_req, res) => {
    res.json({ ok: true });
  });
  registerWebhookRoutes(app);
  return app;
}
