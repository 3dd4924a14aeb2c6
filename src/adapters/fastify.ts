/**
 * Fastify adapter (5): the webhook routes in their own encapsulated plugin context, whose
 * catch-all content-type parser leaves the body to the pipeline, so the app's JSON parsing
 * elsewhere is untouched.
 */
import type { IncomingMessage } from "node:http";
import { createWebhookHandler, type PipelineOptions } from "../runtime/pipeline.js";
import { normalizePath, RouteTable, type WebhookRoute } from "../runtime/routes.js";
import type { WebhookRequest } from "../runtime/types.js";
import { fromNodeRequest } from "./node.js";

/** The part of a Fastify request used here. */
export interface FastifyRequestLike {
  readonly raw: IncomingMessage;
}

/** The part of a Fastify reply used here. */
export interface FastifyReplyLike {
  code(status: number): FastifyReplyLike;
  header(name: string, value: string): FastifyReplyLike;
  send(body: string): FastifyReplyLike;
}

/** The methods each webhook path is registered for (the pipeline answers all but POST with 405). */
type Method = "DELETE" | "GET" | "HEAD" | "PATCH" | "POST" | "PUT" | "OPTIONS";
const METHODS: Method[] = ["DELETE", "GET", "HEAD", "PATCH", "POST", "PUT", "OPTIONS"];

/** The route options this adapter registers. */
export interface FastifyRouteOptions {
  readonly method: Method[];
  readonly url: string;
  readonly handler: (request: FastifyRequestLike, reply: FastifyReplyLike) => Promise<FastifyReplyLike>;
}

/** The part of a plugin context used here. */
export interface FastifyScope {
  readonly initialConfig: object;
  removeAllContentTypeParsers(): void;
  addContentTypeParser(
    contentType: string,
    options: { readonly bodyLimit?: number },
    /** A {@link PassThroughParser}; `never` so Fastify's own overloads are assignable. */
    parser: never,
  ): void;
  /** Takes {@link FastifyRouteOptions}; `never` so Fastify's generic signature is assignable. */
  route(options: never): unknown;
}

/** A content-type parser that leaves the stream unread. */
export type PassThroughParser = (req: unknown, payload: unknown, done: (error: null) => void) => void;

const passThrough: PassThroughParser = (_req, _payload, done) => done(null);

/** The part of a Fastify 5 instance used here, typed structurally so fastify stays an optional peer. */
export interface FastifyLike {
  register(plugin: (instance: FastifyScope) => Promise<void>): unknown;
}

function fromFastify(request: FastifyRequestLike): WebhookRequest {
  return fromNodeRequest(request.raw);
}

/**
 * Serves `routes` on `fastify`: every method on each path (with and without its trailing slash),
 * POST handled, the rest answered 405 by the pipeline. The body is read from the raw stream with
 * the webhook's `max_body_bytes` and `bodyTimeoutMs`, for every content type.
 */
export function fastifyWebhookRoutes(fastify: FastifyLike, routes: readonly WebhookRoute[], options: PipelineOptions = {}): void {
  const handler = createWebhookHandler(routes, options);
  const paths = new RouteTable(routes).routes().map((route) => normalizePath(route.path));
  void fastify.register(async (instance) => {
    // Scoped to this context: JSON, form and any other type reach the pipeline unread.
    instance.removeAllContentTypeParsers();
    instance.addContentTypeParser("*", {}, passThrough as never);
    const config = instance.initialConfig as { ignoreTrailingSlash?: boolean; routerOptions?: { ignoreTrailingSlash?: boolean } };
    const ignoreSlash = config.ignoreTrailingSlash === true || config.routerOptions?.ignoreTrailingSlash === true;
    // A `then`, not an async function: a microtask turn and a promise fewer per delivery.
    const route = (request: FastifyRequestLike, reply: FastifyReplyLike): Promise<FastifyReplyLike> =>
      handler(fromFastify(request)).then((response) => {
        if (response === undefined) return reply.code(404).send('{"error":"not found"}');
        reply.code(response.status);
        const { headers } = response;
        for (const name in headers) reply.header(name, headers[name]!);
        return reply.send(response.body);
      });
    for (const path of paths) {
      instance.route({ method: METHODS, url: path, handler: route } satisfies FastifyRouteOptions as never);
      if (path !== "/" && !ignoreSlash) instance.route({ method: METHODS, url: `${path}/`, handler: route } satisfies FastifyRouteOptions as never);
    }
  });
}

export type { WebhookRoute } from "../runtime/routes.js";
export type { PipelineOptions } from "../runtime/pipeline.js";
