/**
 * Next.js adapter: an App Router route handler (web `Request` in, `Response` out) and a Pages
 * Router API handler (Node request and response), each bound to ONE webhook route, since Next
 * routes by file system and the file decides the URL. The route's own path is what the pipeline
 * sees, so a route file works wherever Next mounts it.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { createWebhookHandler, withNotFound, type PipelineOptions } from "../runtime/pipeline.js";
import type { WebhookRoute } from "../runtime/routes.js";
import { RawBodyUnavailableError, type WebhookRequest, type WebhookResponse } from "../runtime/types.js";
import { fromWebRequest, toWebResponse } from "../runtime/web.js";
import { fromNodeRequest, sendNodeResponse } from "./node.js";
import { isStreamConsumed } from "./node-body.js";

/** An App Router handler: `export const POST = nextAppRoute(route)`. */
export type NextAppRouteHandler = (request: Request) => Promise<Response>;

/** A Pages Router API handler: `export default nextPagesRoute(route)`. */
export type NextPagesRouteHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

/** Options of {@link nextAppRoute}. */
export interface NextAppRouteOptions extends PipelineOptions {
  /**
   * The address to treat as the TCP peer. Next hands App Router handlers no socket, and the
   * `X-Forwarded-For` it adds is only set when the client sent none (so the client can forge it);
   * by default the peer is unknown and every client is one client for IP allowlists (which then
   * refuse everything) and the failed-verification budget. Return an address only from a header
   * your platform overwrites (e.g. the `x-real-ip` of your own proxy); `trustedProxies` then
   * applies on top of it.
   */
  readonly remoteAddress?: (request: Request) => string | undefined;
}

/**
 * The pipeline over `route` alone. Callers present every request with the route's own path, so
 * it always matches; `withNotFound` only settles the type.
 */
function singleRoute(route: WebhookRoute, options: PipelineOptions): (request: WebhookRequest) => Promise<WebhookResponse> {
  return withNotFound(createWebhookHandler([route], options));
}

/**
 * An App Router `POST` handler for `route`. Web-standard only, so it also runs on the edge
 * runtime when the provider's verifier does (Web Crypto). Reads `request.body` itself: nothing
 * may call `request.json()` or `request.text()` before it.
 */
export function nextAppRoute(route: WebhookRoute, options: NextAppRouteOptions = {}): NextAppRouteHandler {
  const { remoteAddress, ...pipelineOptions } = options;
  const handle = singleRoute(route, pipelineOptions);
  return async (request) => {
    const req = fromWebRequest(request, { remoteAddress: remoteAddress?.(request) });
    const readBody: WebhookRequest["readBody"] = (limit, timeoutMs) =>
      // A consumed body is a wiring bug (middleware read it); never guess the bytes.
      request.bodyUsed ? Promise.reject(new RawBodyUnavailableError("the Request body was already read")) : req.readBody(limit, timeoutMs);
    return toWebResponse(await handle({ ...req, path: route.path, readBody }));
  };
}

/**
 * A Pages Router API handler for `route`. The page file must export
 * `config = { api: { bodyParser: false } }`: with Next's body parser on, the stream is gone and
 * every delivery is answered 500 (never accepted unverified).
 */
export function nextPagesRoute(route: WebhookRoute, options: PipelineOptions = {}): NextPagesRouteHandler {
  const handle = singleRoute(route, options);
  return async (req, res) => {
    const request = fromNodeRequest(req);
    const readBody: WebhookRequest["readBody"] = (limit, timeoutMs) =>
      isStreamConsumed(req)
        ? Promise.reject(
            new RawBodyUnavailableError(
              "Next.js parsed the body before the webhook handler; export `config = { api: { bodyParser: false } }` from the page",
            ),
          )
        : request.readBody(limit, timeoutMs);
    sendNodeResponse(res, await handle({ ...request, path: route.path, readBody }));
  };
}

export type { WebhookRoute } from "../runtime/routes.js";
export type { PipelineOptions } from "../runtime/pipeline.js";
