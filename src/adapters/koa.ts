/**
 * Koa adapter: one middleware reading the raw request stream. Register it before any body
 * parser; a parser registered after it still serves the app's other routes.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { createWebhookHandler, type PipelineOptions } from "../runtime/pipeline.js";
import { targetPath, targetQuery } from "../runtime/request-target.js";
import { RouteTable, type WebhookRoute } from "../runtime/routes.js";
import { RawBodyUnavailableError, type WebhookRequest, type WebhookResponse } from "../runtime/types.js";
import { isStreamConsumed, readNodeBody } from "./node-body.js";

/** The part of a Koa context used here, typed structurally so koa stays an optional peer. */
export interface KoaContext {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly path: string;
  readonly request: { readonly body?: unknown; readonly rawBody?: unknown };
  status: number;
  body: unknown;
  set(field: string, value: string): void;
}

/** A Koa middleware. */
export type KoaMiddleware = (ctx: KoaContext, next: () => Promise<unknown>) => Promise<void>;

/** The part of a Koa application used here. */
export interface KoaApp {
  use(middleware: KoaMiddleware): unknown;
}

function readKoaBody(ctx: KoaContext, limit: number, timeoutMs: number): Promise<Uint8Array> {
  if (isStreamConsumed(ctx.req) || ctx.request.body !== undefined || ctx.request.rawBody !== undefined) {
    return Promise.reject(
      new RawBodyUnavailableError(
        "a body parser read the request stream before the webhook middleware. Register koaWebhookRoutes before koa-bodyparser / @koa/bodyparser.",
      ),
    );
  }
  return readNodeBody(ctx.req, limit, timeoutMs);
}

function fromKoa(ctx: KoaContext): WebhookRequest {
  const target = ctx.req.url ?? "/";
  return {
    method: ctx.req.method ?? "GET",
    path: targetPath(target),
    query: targetQuery(target),
    headers: ctx.req.headers,
    remoteAddress: ctx.req.socket.remoteAddress,
    readBody: (limit, timeoutMs) => readKoaBody(ctx, limit, timeoutMs),
  };
}

function send(ctx: KoaContext, response: WebhookResponse): void {
  ctx.status = response.status;
  // Headers first: with its Content-Type already set, Koa's body setter skips guessing one.
  const { headers } = response;
  for (const name in headers) ctx.set(name, headers[name]!);
  ctx.body = response.body;
}

function ignore(): void {}

/**
 * Serves `routes` on a Koa app: POST on each path, 405 for other methods, other paths go to
 * `next()`. Returns the mounted middleware.
 */
export function koaWebhookRoutes(app: KoaApp, routes: readonly WebhookRoute[], options: PipelineOptions = {}): KoaMiddleware {
  const table = new RouteTable(routes);
  const handler = createWebhookHandler(routes, options);
  const passOn = (next: () => Promise<unknown>): Promise<void> => next().then(ignore);
  // `then` chains, not an async function: a microtask turn and a promise fewer per delivery.
  const middleware: KoaMiddleware = (ctx, next) => {
    if (table.match(ctx.path) === undefined) return passOn(next);
    return handler(fromKoa(ctx)).then((response) => (response === undefined ? passOn(next) : send(ctx, response)));
  };
  app.use(middleware);
  return middleware;
}

export type { WebhookRoute } from "../runtime/routes.js";
export type { PipelineOptions } from "../runtime/pipeline.js";
