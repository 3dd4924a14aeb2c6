/**
 * Express adapter (4 and 5): one middleware serving the webhook paths from the raw stream.
 * Register it before any body parser (Express runs middleware in order; a parser that runs
 * first consumes the stream), or keep the bytes with {@link keepRawBody}.
 */
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from "node:http";
import { createWebhookHandler, type PipelineOptions } from "../runtime/pipeline.js";
import { targetPath, targetQuery } from "../runtime/request-target.js";
import { RouteTable, type WebhookRoute } from "../runtime/routes.js";
import {
  BodyTooLargeError,
  RawBodyUnavailableError,
  type WebhookRequest,
} from "../runtime/types.js";
import { isStreamConsumed, readNodeBody } from "./node-body.js";
import { sendNodeResponse } from "./node-response.js";

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
export type ExpressRouteOptions = PipelineOptions;

/**
 * A body-parser `verify` hook that keeps the raw bytes on `req.rawBody`, for apps that must run
 * a parser before the webhook routes: `app.use(express.json({ verify: keepRawBody }))`.
 */
export function keepRawBody(req: IncomingMessage, _res: ServerResponse, buf: Buffer): void {
  // Reflect.set: some body-parser typings declare `rawBody` as a string on IncomingMessage.
  Reflect.set(req, "rawBody", buf);
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
      "a body parser read the request stream before the webhook route. Call registerWebhookRoutes(app) before " +
        "app.use(express.json()), or keep the bytes with app.use(express.json({ verify: keepRawBody })).",
    );
  }
  return readNodeBody(req, limit, timeoutMs);
}

/** An Express request as the pipeline sees it (a class, so no `readBody` closure per request). */
class ExpressWebhookRequest implements WebhookRequest {
  readonly method: string;
  readonly path: string;
  readonly query: string | undefined;
  readonly headers: IncomingHttpHeaders;
  readonly remoteAddress: string | undefined;
  readonly #req: ExpressRequest;

  constructor(req: ExpressRequest) {
    const target = req.url ?? "/";
    this.method = req.method ?? "GET";
    this.path = targetPath(target);
    this.query = targetQuery(target);
    this.headers = req.headers;
    this.remoteAddress = req.socket.remoteAddress;
    this.#req = req;
  }

  readBody(limit: number, timeoutMs: number): Uint8Array | Promise<Uint8Array> {
    return readExpressBody(this.#req, limit, timeoutMs);
  }
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
      (response) => (response === undefined ? next() : sendNodeResponse(res, response)),
      (error: unknown) => next(error),
    );
  };
  app.use(middleware);
  return middleware;
}

export type { WebhookRoute } from "../runtime/routes.js";
export type { PipelineOptions } from "../runtime/pipeline.js";
