/**
 * NestJS adapter (platform-express): the runtime half of the generated `WebhooksModule`. The
 * generated route file (templates/nest.ts.tpl) declares the Nest controller and module and
 * applies Nest's decorators as plain calls; each of its route methods hands the request here.
 *
 * Nest registers its JSON and urlencoded parsers in front of every controller. At start-up the
 * controller asks {@link NestWebhooks.bypassBodyParsers} to make those parsers skip the webhook
 * paths, so the pipeline reads the stream itself (guard before a byte is read, its own size limit
 * and deadline). Where that is not possible (a global prefix, parsers it cannot see) the bytes
 * come from `req.rawBody`, which Nest keeps when the app is created with `{ rawBody: true }`;
 * without either, the delivery is refused with a 500 that names the fix.
 *
 * Typed structurally (no import of @nestjs/*), like the other adapters: Nest stays an optional peer.
 */
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from "node:http";
import { createWebhookHandler, type PipelineOptions, type WebhookHandlerFn } from "../runtime/pipeline.js";
import { targetQuery } from "../runtime/request-target.js";
import { RouteTable, type WebhookRoute } from "../runtime/routes.js";
import { BodyTooLargeError, RawBodyUnavailableError, type WebhookRequest } from "../runtime/types.js";
import { isStreamConsumed, readNodeBody } from "./node-body.js";
import { sendNodeResponse } from "./node-response.js";

/** The request as Nest's Express platform hands it (`@Req()`): `rawBody` is set with `{ rawBody: true }`. */
export type NestRequest = IncomingMessage & { body?: unknown; rawBody?: unknown };

/** The response as Nest's Express platform hands it (`@Res()`). */
export type NestResponse = ServerResponse;

/** Options of {@link NestWebhooks} and `WebhooksModule.forRoot(options)`: the pipeline's. */
export type NestWebhookOptions = PipelineOptions;

/**
 * The injection token under which `WebhooksModule.forRoot(options)` provides its options to the
 * generated controller (a string, so it survives duplicate copies of this package).
 */
export const NEST_WEBHOOK_OPTIONS = "smart-api-integrations:nest-webhook-options";

/** What the 500 log says when the bytes are gone; the one fix is an app option. */
const ENABLE_RAW_BODY =
  "a body parser read the request before the webhook route without keeping its bytes in req.rawBody, so the signature " +
  "cannot be checked. Create the app with NestFactory.create(AppModule, { rawBody: true }) (Nest's JSON parsing stays on for your other routes).";

/** The names Express's body-parser gives its middleware (Nest finds its own parsers by them too). */
const BODY_PARSERS = new Set(["jsonParser", "urlencodedParser", "rawParser", "textParser"]);

type Middleware = (this: unknown, req: NestRequest, res: NestResponse, next: (error?: unknown) => void) => void;

interface LayerLike {
  handle?: unknown;
}

/** The app-level router stack of Express 5 (`app.router.stack`) or 4 (`app._router.stack`). */
function routerStack(app: unknown): LayerLike[] | undefined {
  if (typeof app !== "function" && (typeof app !== "object" || app === null)) return undefined;
  const a = app as { _router?: { stack?: unknown }; router?: { stack?: unknown } };
  if (Array.isArray(a._router?.stack)) return a._router.stack as LayerLike[];
  try {
    // Express 4 defines an `app.router` getter that throws; hence the try.
    const stack = a.router?.stack;
    return Array.isArray(stack) ? (stack as LayerLike[]) : undefined;
  } catch {
    return undefined;
  }
}

function asBytes(value: unknown): Uint8Array | undefined {
  return value instanceof Uint8Array ? value : undefined; // Buffers are Uint8Arrays
}

/**
 * The raw body: `req.rawBody` (Nest's `rawBody: true`) or a `Buffer` body (`express.raw()`),
 * handed over without a promise; else the stream, when no parser took it (a content type Nest's
 * parsers skip); else the bytes are gone.
 */
function readNestBody(req: NestRequest, limit: number, timeoutMs: number): Uint8Array | Promise<Uint8Array> {
  const kept = asBytes(req.rawBody) ?? asBytes(req.body);
  if (kept !== undefined) {
    if (kept.length > limit) throw new BodyTooLargeError(limit);
    return kept;
  }
  if (isStreamConsumed(req)) throw new RawBodyUnavailableError(ENABLE_RAW_BODY);
  return readNodeBody(req, limit, timeoutMs);
}

/**
 * A Nest request as the pipeline sees it. The path is the route's own, not `req.url`: Nest
 * already matched it, and a global prefix or RouterModule path would otherwise hide it.
 */
class NestWebhookRequest implements WebhookRequest {
  readonly method: string;
  readonly path: string;
  /** The query of the URL as received (Nest matched the path; the query is still the sender's). */
  readonly query: string | undefined;
  readonly headers: IncomingHttpHeaders;
  readonly remoteAddress: string | undefined;
  readonly #req: NestRequest;

  constructor(route: WebhookRoute, req: NestRequest) {
    this.method = req.method ?? "GET";
    this.path = route.path;
    this.query = targetQuery(req.url ?? "/");
    this.headers = req.headers;
    // The TCP peer, never req.ip or X-Forwarded-For: the pipeline decides whom to trust.
    this.remoteAddress = req.socket.remoteAddress;
    this.#req = req;
  }

  readBody(limit: number, timeoutMs: number): Uint8Array | Promise<Uint8Array> {
    return readNestBody(this.#req, limit, timeoutMs);
  }
}

/**
 * One pipeline for a Nest controller's webhook routes. The controller calls {@link handle} from
 * a method registered for every HTTP method (`@All(route.path)`, with `@Req()` and `@Res()`),
 * so the pipeline answers POST and refuses the rest with 405.
 */
export class NestWebhooks {
  /** The routes served, in the order given. */
  readonly routes: readonly WebhookRoute[];
  readonly #handler: WebhookHandlerFn;

  readonly #table: RouteTable;

  /** Builds the pipeline once, at controller construction (Nest's start-up). */
  constructor(routes: readonly WebhookRoute[], options: NestWebhookOptions = {}) {
    this.routes = routes;
    this.#table = new RouteTable(routes);
    this.#handler = createWebhookHandler(routes, options);
  }

  /**
   * Makes the Express app's body parsers (Nest's own `jsonParser` and `urlencodedParser`, and
   * any `express.json/urlencoded/raw/text()` applied with `app.use`) pass webhook paths on
   * unread, so the pipeline's guard (405, IP allowlist, failure budget, declared
   * `Content-Length`) runs before a byte is read and slow bodies meet its deadline. Call it
   * from `onModuleInit`, after Nest registered its parsers and before the server listens.
   * Paths are matched on `req.url` as the routes name them, so under a global prefix the
   * parsers still read, and `req.rawBody` is used instead. Answers how many parsers it wrapped.
   */
  bypassBodyParsers(app: unknown): number {
    let wrapped = 0;
    for (const layer of routerStack(app) ?? []) {
      const parser = layer.handle;
      if (typeof parser !== "function" || !BODY_PARSERS.has(parser.name)) continue;
      const table = this.#table;
      const original = parser as Middleware;
      // Keeps the parser's name: Nest's isMiddlewareApplied looks parsers up by it.
      const skipping: Middleware = {
        [parser.name](this: unknown, req: NestRequest, res: NestResponse, next: (error?: unknown) => void): void {
          if (table.match(req.url ?? "/") !== undefined) next();
          else original.call(this, req, res, next);
        },
      }[parser.name]!;
      layer.handle = skipping;
      wrapped++;
    }
    return wrapped;
  }

  /**
   * Runs the pipeline for `route` and writes its answer. Never rejects (the pipeline turns
   * failures into a logged 500), so Nest's exception filters are not involved.
   */
  handle(route: WebhookRoute, req: NestRequest, res: NestResponse): Promise<void> {
    return this.#handler(new NestWebhookRequest(route, req)).then((response) => {
      // The route is always one of ours, so the pipeline always answers; the 404 is a safeguard.
      if (response === undefined) {
        res.statusCode = 404;
        res.end();
        return;
      }
      sendNodeResponse(res, response);
    });
  }
}

export type { WebhookRoute } from "../runtime/routes.js";
export type { PipelineOptions } from "../runtime/pipeline.js";
