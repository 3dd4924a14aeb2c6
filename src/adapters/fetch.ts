/**
 * Fetch adapter (Bun, Deno, Cloudflare Workers, Next.js route handlers, Node's own fetch types):
 * `Request` in, `Response` out. Web-standard only: no `node:` import.
 */
import { createWebhookHandler, orNotFound, type PipelineOptions } from "../runtime/pipeline.js";
import type { WebhookResponse } from "../runtime/types.js";
import type { WebhookRoute } from "../runtime/routes.js";
import { fromWebRequest, toWebResponse, type WebRequestInfo } from "../runtime/web.js";

/** A fetch handler; `info.remoteAddress` is the TCP peer, when the platform exposes it. */
export type FetchWebhookHandler = (request: Request, info?: WebRequestInfo) => Promise<Response>;

/**
 * Serves `routes`: POST on each path, 405 for other methods, the pipeline's JSON 404 elsewhere.
 * Pass the peer address (e.g. Bun's `server.requestIP(req)?.address`) for IP allowlists and the
 * failed-verification budget; without it every client counts as one.
 */
export function fetchWebhookHandler(routes: readonly WebhookRoute[], options: PipelineOptions = {}): FetchWebhookHandler {
  const handler = createWebhookHandler(routes, options);
  // No async wrapper: each link of the chain is a microtask turn and a promise per delivery.
  return (request, info = {}) => handler(fromWebRequest(request, info)).then(toWebResponseOrNotFound);
}

function toWebResponseOrNotFound(response: WebhookResponse | undefined): Response {
  return toWebResponse(orNotFound(response));
}

export type { WebhookRoute } from "../runtime/routes.js";
export type { PipelineOptions } from "../runtime/pipeline.js";
export type { WebRequestInfo } from "../runtime/web.js";
