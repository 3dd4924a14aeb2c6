/** The shared adapter cases against Hono 4 on @hono/node-server, client IP via getConnInfo. */
import type { Server } from "node:http";
import { serve } from "@hono/node-server";
import { getConnInfo } from "@hono/node-server/conninfo";
import { Hono } from "hono";
import { honoWebhookRoutes } from "../../../src/adapters/hono.js";
import { listen, runAdapterCases } from "./cases.js";

runAdapterCases("hono", "echo", async (s) => {
  const app = new Hono();
  honoWebhookRoutes(app, s.routes, { ...s.options, getConnInfo });
  app.post("/echo", async (c) => c.json({ parsed: await c.req.json<unknown>() }));
  const server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }) as Server;
  const base = await listen(server);
  return { base, close: () => new Promise((resolve) => server.close(() => resolve())) };
});
