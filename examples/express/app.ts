// A typical Express app: a global JSON parser, other routes, and the generated webhook routes.
import express from "express";
import { registerWebhookRoutes } from "../../generated/routes/express.js";
import "./webhook_handlers.js";

/**
 * Builds the example app. The webhook routes come first, so they read the raw bytes before the
 * global `express.json()` (which keeps parsing JSON for every other route) would consume them.
 */
export function createApp(): express.Express {
  const app = express();
  registerWebhookRoutes(app);
  app.use(express.json());
  app.get("/health", (_req, res) => {
    res.json({ ok: true });
  });
  app.post("/echo", (req, res) => {
    res.json({ parsed: req.body as unknown });
  });
  return app;
}
