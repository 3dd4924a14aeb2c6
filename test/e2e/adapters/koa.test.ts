/** The shared adapter cases against Koa 3 with @koa/bodyparser after the webhook middleware. */
import type { Server } from "node:http";
import Koa from "koa";
import { bodyParser } from "@koa/bodyparser";
import Stripe from "stripe";
import { describe, expect, it } from "vitest";
import { koaWebhookRoutes } from "../../../src/adapters/koa.js";
import { SECRETS } from "../../fixtures/definitions.js";
import { listen, runAdapterCases, setup } from "./cases.js";

function koaApp(parserFirst: boolean, s: ReturnType<typeof setup>): Koa {
  const app = new Koa();
  if (parserFirst) app.use(bodyParser());
  koaWebhookRoutes(app, s.routes, s.options);
  if (!parserFirst) app.use(bodyParser());
  app.use(async (ctx, next) => {
    if (ctx.method === "POST" && ctx.path === "/echo") ctx.body = { parsed: ctx.request.body as unknown };
    else await next();
  });
  return app;
}

const closer = (server: Server) => () => new Promise<void>((resolve) => server.close(() => resolve()));

runAdapterCases("koa", "echo", async (s) => {
  const server = koaApp(false, s).listen(0, "127.0.0.1");
  return { base: await listen(server), close: closer(server) };
});

describe("koa with a body parser before the webhook middleware", () => {
  it("answers 500 and logs why, instead of verifying re-serialised bytes", async () => {
    const s = setup();
    const server = koaApp(true, s).listen(0, "127.0.0.1");
    const base = await listen(server);
    try {
      const payload = JSON.stringify({ id: "evt_koa_1", type: "payment_intent.succeeded", created: 1, data: { object: { id: "pi" } } });
      const signature = new Stripe("sk_test_dummy").webhooks.generateTestHeaderString({ payload, secret: SECRETS.stripe });
      const res = await fetch(`${base}/webhooks/stripe/`, {
        method: "POST",
        headers: { "content-type": "application/json", "stripe-signature": signature },
        body: payload,
      });
      expect(res.status).toBe(500);
      expect(s.calls).toHaveLength(0);
      expect(s.logs.join("\n")).toMatch(/before the webhook middleware/);
    } finally {
      await closer(server)();
    }
  });
});
