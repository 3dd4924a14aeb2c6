/**
 * node:http adapter: a request listener (or connect-style middleware) serving the webhook routes.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { createWebhookHandler, withNotFound, type PipelineOptions } from "../runtime/pipeline.js";
import { targetPath, targetQuery } from "../runtime/request-target.js";
import type { WebhookRoute } from "../runtime/routes.js";
import type { WebhookRequest } from "../runtime/types.js";
import { readNodeBody } from "./node-body.js";
import { sendNodeResponse } from "./node-response.js";

export { sendNodeResponse } from "./node-response.js";

/** A node:http listener; with `next` it is a connect-style middleware that passes other paths on. */
export type NodeWebhookListener = (req: IncomingMessage, res: ServerResponse, next?: (error?: unknown) => void) => void;

/** A Node request as the pipeline sees it. */
export function fromNodeRequest(req: IncomingMessage): WebhookRequest {
  const target = req.url ?? "/";
  return {
    method: req.method ?? "GET",
    path: targetPath(target),
    query: targetQuery(target),
    headers: req.headers,
    remoteAddress: req.socket.remoteAddress,
    readBody: (limit, timeoutMs) => readNodeBody(req, limit, timeoutMs),
  };
}

/**
 * Serves `routes`: POST on each path, 405 for other methods; other paths go to `next()` when
 * given, else get the pipeline's JSON 404.
 */
export function nodeWebhookListener(routes: readonly WebhookRoute[], options: PipelineOptions = {}): NodeWebhookListener {
  const handler = createWebhookHandler(routes, options);
  const orNotFound = withNotFound(handler);
  return (req, res, next) => {
    const request = fromNodeRequest(req);
    if (next === undefined) {
      orNotFound(request).then((response) => sendNodeResponse(res, response), (error: unknown) => fail(res, error));
      return;
    }
    handler(request).then((response) => (response === undefined ? next() : sendNodeResponse(res, response)), next);
  };
}

function fail(res: ServerResponse, _error: unknown): void {
  // The handler never rejects; this only guards a broken socket write.
  if (!res.headersSent) res.statusCode = 500;
  res.end();
}

export type { WebhookRoute } from "../runtime/routes.js";
export type { PipelineOptions } from "../runtime/pipeline.js";
