/**
 * Express adapter (4 and 5): one middleware, moved to the front of the app's router so it sees
 * the raw body even when `express.json()` (or any body parser) is registered globally.
 */
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from "node:http";
import { createWebhookHandler, type PipelineOptions } from "../runtime/pipeline.js";
import { RouteTable, type WebhookRoute } from "../runtime/routes.js";
import { resolveLogger } from "../runtime/log.js";
import {
  BodyTooLargeError,
  RawBodyUnavailableError,
  type WebhookRequest,
  type WebhookResponse,
} from "../runtime/types.js";
import { isStreamConsumed, readNodeBody } from "./node-body.js";

/** The request as Express hands it: a Node request, maybe with a body a parser left behind. */
export type ExpressRequest = IncomingMessage & { body?: unknown; rawBody?: unknown };

/** A connect-style middleware. */
export type ExpressMiddleware = (req: ExpressRequest, res: ServerResponse, next: (error?: unknown) => void) => void;

/**
 * The part of an Express 4 or 5 application (or Router) this adapter uses; typed structurally
 * so express stays an optional peer dependency.
 */
export interface ExpressApp {
  use(middleware: ExpressMiddleware): unknown;
}

/** Options of {@link expressWebhookRoutes}. */
export interface ExpressRouteOptions extends PipelineOptions {
  /**
   * Move the middleware to the front of the router stack (after Express 4's own `query` and
   * `expressInit`). Default true; turn off only if you guarantee nothing reads the body first.
   */
  readonly moveToFront?: boolean;
}

interface LayerLike {
  readonly handle?: unknown;
  readonly name?: unknown;
}

/** The app's router stack: `app._router.stack` (Express 4), `app.router.stack` (5), `router.stack`. */
function routerStack(app: ExpressApp): LayerLike[] | undefined {
  const a = app as unknown as { _router?: { stack?: unknown }; router?: { stack?: unknown }; stack?: unknown };
  if (Array.isArray(a._router?.stack)) return a._router.stack as LayerLike[];
  try {
    // Express 4 defines an `app.router` getter that throws; hence the try.
    const stack = a.router?.stack;
    if (Array.isArray(stack)) return stack as LayerLike[];
  } catch {
    /* not Express 5 */
  }
  return Array.isArray(a.stack) ? (a.stack as LayerLike[]) : undefined;
}

function moveLayerToFront(stack: LayerLike[], handle: unknown): boolean {
  const index = stack.findIndex((layer) => layer.handle === handle);
  if (index === -1) return false;
  const [layer] = stack.splice(index, 1);
  // Express 4's built-ins set up req/res prototypes; stay behind them.
  let at = 0;
  while (at < stack.length && (stack[at]!.name === "query" || stack[at]!.name === "expressInit")) at++;
  stack.splice(at, 0, layer!);
  return true;
}

function asBytes(value: unknown): Uint8Array | undefined {
  return value instanceof Uint8Array ? value : undefined; // Buffers are Uint8Arrays
}

/**
 * The raw body: bytes a parser kept (`express.raw()`, a `verify` hook's `req.rawBody`), returned
 * as they are (no promise needed), else the stream.
 */
function readExpressBody(req: ExpressRequest, limit: number, timeoutMs: number): Uint8Array | Promise<Uint8Array> {
  const kept = asBytes(req.body) ?? asBytes(req.rawBody);
  if (kept !== undefined) {
    if (kept.length > limit) throw new BodyTooLargeError(limit);
    return kept;
  }
  if (isStreamConsumed(req)) {
    throw new RawBodyUnavailableError(
      "another middleware read the request stream before the webhook route (e.g. a body parser in a parent app " +
        "or mounted outside this app's router). Register the webhook routes on the top-level app, or use express.raw() for these paths.",
    );
  }
  return readNodeBody(req, limit, timeoutMs);
}

/** An Express request as the pipeline sees it (a class, so no `readBody` closure per request). */
class ExpressWebhookRequest implements WebhookRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly remoteAddress: string | undefined;
  readonly #req: ExpressRequest;

  constructor(req: ExpressRequest) {
    this.method = req.method ?? "GET";
    this.path = req.url ?? "/";
    this.headers = req.headers;
    this.remoteAddress = req.socket.remoteAddress;
    this.#req = req;
  }

  readBody(limit: number, timeoutMs: number): Uint8Array | Promise<Uint8Array> {
    return readExpressBody(this.#req, limit, timeoutMs);
  }
}

function send(res: ServerResponse, response: WebhookResponse): void {
  res.statusCode = response.status;
  for (const [name, value] of Object.entries(response.headers)) res.setHeader(name, value);
  res.end(response.body);
}

/**
 * Serves `routes` on an Express app: POST on each path (trailing slash tolerated), 405 for other
 * methods, everything else falls through to `next()`. Returns the mounted middleware.
 */
export function expressWebhookRoutes(
  app: ExpressApp,
  routes: readonly WebhookRoute[],
  options: ExpressRouteOptions = {},
): ExpressMiddleware {
  const table = new RouteTable(routes);
  const handler = createWebhookHandler(routes, options);
  const middleware: ExpressMiddleware = function smartApiIntegrationsWebhooks(req, res, next) {
    // Match synchronously so unrelated traffic pays no promise.
    if (table.match(req.url ?? "/") === undefined) {
      next();
      return;
    }
    handler(new ExpressWebhookRequest(req)).then(
      (response) => (response === undefined ? next() : send(res, response)),
      (error: unknown) => next(error),
    );
  };
  app.use(middleware);
  if (options.moveToFront !== false) {
    const stack = routerStack(app);
    if (stack === undefined || !moveLayerToFront(stack, middleware)) {
      resolveLogger(options.logger).warn(
        "could not move the webhook middleware to the front of the router; register the webhook routes before any body parser",
      );
    }
  }
  return middleware;
}

export type { WebhookRoute } from "../runtime/routes.js";
export type { PipelineOptions } from "../runtime/pipeline.js";
