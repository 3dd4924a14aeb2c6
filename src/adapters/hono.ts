/**
 * Hono adapter: one route per webhook path on the app, the request read from `c.req.raw`.
 */
import { createWebhookHandler, type PipelineOptions } from "../runtime/pipeline.js";
import { normalizePath, RouteTable, type WebhookRoute } from "../runtime/routes.js";
import type { HeaderBag } from "../runtime/types.js";
import { fromWebRequest, toWebResponse } from "../runtime/web.js";

/** The part of a Hono `Context` used here, typed structurally so hono stays an optional peer. */
export interface HonoContext {
  readonly req: { readonly raw: Request };
  /** The runtime's bindings: on @hono/node-server, `{ incoming, outgoing }`. */
  readonly env?: unknown;
}

/** What @hono/node-server's `env.incoming` (a Node `IncomingMessage`) offers that is used here. */
interface NodeIncoming {
  readonly method?: string;
  readonly headers: HeaderBag;
}

/**
 * Node's parsed headers of this request on @hono/node-server, else `undefined` (Bun, Deno,
 * Workers: their `env` has no `incoming`). Reading them directly is the same data the `Request`
 * was built from, without a `Headers#get` lookup per header.
 */
function nodeHeadersOf(c: HonoContext): HeaderBag | undefined {
  const incoming = (c.env as { readonly incoming?: Partial<NodeIncoming> } | undefined)?.incoming;
  if (typeof incoming !== "object" || incoming === null) return undefined;
  const { headers } = incoming;
  // A Workers binding could be called `incoming`: only a request with this method and a header object counts.
  return typeof headers === "object" && headers !== null && incoming.method === c.req.raw.method ? headers : undefined;
}

/** Hono's `next`. */
export type HonoNext = () => Promise<void>;

/** The part of hono's `getConnInfo` (from `@hono/node-server/conninfo`, `hono/bun`, `hono/deno`...) used here. */
export type HonoGetConnInfo = (c: never) => { readonly remote: { readonly address?: string | undefined } };

/** Options of {@link honoWebhookRoutes}. */
export interface HonoRouteOptions extends PipelineOptions {
  /**
   * Your runtime's `getConnInfo`, so the pipeline sees the TCP peer. Without it the client
   * address is unknown (never taken from headers; set `trustedProxies` for proxies).
   */
  readonly getConnInfo?: HonoGetConnInfo;
}

/** The part of a Hono app used here, typed structurally (`import type` only). */
export interface HonoApp {
  all(path: string, handler: (c: HonoContext, next: HonoNext) => Promise<Response | void>): unknown;
}

/**
 * Serves `routes` on `app`: each path (with and without its trailing slash) answers POST, and
 * other methods get the pipeline's 405. Other paths are the app's own.
 */
export function honoWebhookRoutes(app: HonoApp, routes: readonly WebhookRoute[], options: HonoRouteOptions = {}): void {
  const handler = createWebhookHandler(routes, options);
  const { getConnInfo } = options;
  const route = (c: HonoContext, next: HonoNext): Promise<Response | void> => {
    const remoteAddress = getConnInfo === undefined ? undefined : getConnInfo(c as never).remote.address;
    // A `then`, not an async function: one microtask turn and one promise fewer per delivery.
    return handler(fromWebRequest(c.req.raw, { remoteAddress, headers: nodeHeadersOf(c) })).then<Response | void>((response) => (response === undefined ? next() : toWebResponse(response)));
  };
  for (const { path } of new RouteTable(routes).routes()) {
    const bare = normalizePath(path);
    app.all(bare, route);
    if (bare !== "/") app.all(`${bare}/`, route);
  }
}

export type { WebhookRoute } from "../runtime/routes.js";
export type { PipelineOptions } from "../runtime/pipeline.js";
