// A Koa 3 app: the generated middleware first, then the app's body parser and routes.
import { bodyParser } from "@koa/bodyparser";
import Koa from "koa";
import { registerWebhookRoutes } from "../../generated/routes/koa.js";
import "../shared/webhook_handlers.js";

/** Builds the example app (not listening). */
export function createApp(): Koa {
  const app = new Koa();
  registerWebhookRoutes(app); // before bodyParser(), which would consume the raw bytes
  app.use(bodyParser());
  app.use(async (ctx, next) => {
    if (ctx.method === "POST" && ctx.path === "/echo") ctx.body = { parsed: ctx.request.body as unknown };
    else await next();
  });
  return app;
}
