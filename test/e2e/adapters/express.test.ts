/** The shared adapter cases against Express 5 with a global express.json() after the routes. */
import type { Server } from "node:http";
import express from "express";
import { expressWebhookRoutes } from "../../../src/adapters/express.js";
import { listen, runAdapterCases } from "./cases.js";

runAdapterCases("express", "echo", async (s) => {
  const app = express();
  expressWebhookRoutes(app, s.routes, s.options);
  app.use(express.json());
  app.post("/echo", (req, res) => void res.json({ parsed: req.body as unknown }));
  const server: Server = app.listen(0, "127.0.0.1");
  const base = await listen(server);
  return { base, close: () => new Promise((resolve) => server.close(() => resolve())) };
});
