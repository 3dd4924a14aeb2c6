/**
 * node:http adapter: a request listener (or connect-style middleware) serving the webhook routes.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { createWebhookHandler, type PipelineOptions } from "../runtime/pipeline.js";
import { NOT_FOUND } from "../runtime/respond.js";
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
  return (req, res, next) => {
    handler(fromNodeRequest(req)).then((response) => {
      try {
        if (response !== undefined) sendNodeResponse(res, response);
        else if (next !== undefined) next();
        else sendNodeResponse(res, NOT_FOUND);
      } catch (error) {
        // The handler never rejects; this only guards a broken socket write (or a throwing `next`).
        fail(res, error);
      }
    }, next ?? ((error: unknown) => fail(res, error)));
  };
}

function fail(res: ServerResponse, _error: unknown): void {
  if (!res.headersSent) res.statusCode = 500;
  res.end();
}

export type { WebhookRoute } from "../runtime/routes.js";
export type { PipelineOptions } from "../runtime/pipeline.js";
