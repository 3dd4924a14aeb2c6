/**
 * HTTP servers the throughput suite drives, each started in its own child process
 * (children/http-server.ts <target id> <stage>) on 127.0.0.1, serving POST BENCH_PATH, plus
 * GET STATS_PATH answering how many deliveries reached the application (checked against the
 * load generator's count of expected answers).
 *
 * To add an adapter: add its two targets (ours + the same framework doing the bare work) to
 * HTTP_TARGETS and one ADAPTERS entry pairing them (with `min`, the ratio ours ÷ bare must reach,
 * and `rivals`, other implementations on the same framework ours must keep up with). A framework
 * that cannot be measured here goes in SKIPPED with the reason, so the report says so.
 *
 * Framework modules are imported inside `start()` only: the load generator imports this file for
 * BENCH_PATH and must not load every framework.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { fastifyWebhookRoutes as FastifyWebhookRoutes } from "../../../src/adapters/fastify.js";
import type { fetchWebhookHandler as FetchWebhookHandler } from "../../../src/adapters/fetch.js";
import type { honoWebhookRoutes as HonoWebhookRoutes } from "../../../src/adapters/hono.js";
import type { koaWebhookRoutes as KoaWebhookRoutes } from "../../../src/adapters/koa.js";
import type { NEST_WEBHOOK_OPTIONS as NestOptionsToken, NestRequest, NestResponse, NestWebhookOptions, NestWebhooks as NestWebhooksClass } from "../../../src/adapters/nest.js";
import type { nodeWebhookListener as NodeWebhookListener } from "../../../src/adapters/node.js";
import type { PipelineOptions } from "../../../src/runtime/pipeline.js";
import type { WebhookRoute } from "../../../src/runtime/routes.js";
import type { ProviderDefinition } from "../../../src/runtime/types.js";
import { loadDist, type DistProduct } from "./dist.js";
import { BENCH_SECRET_ENV, benchWebhook, PROCESSED_BODY } from "./ours.js";
import { SECRET } from "./payloads.js";
import { ROOT } from "./product.js";

export const BENCH_PATH = "/webhooks/github";
export const STATS_PATH = "/__bench/stats";
const SIG_HEADER = "x-hub-signature-256";

export interface HttpTarget {
  readonly id: string;
  readonly label: string;
  /** Whether repeated deliveries are answered "duplicate" (only ours dedupes). */
  readonly dedupes: boolean;
  /** The exact body of a processed delivery's 200 answer (default PROCESSED_BODY). */
  readonly okBody?: string;
  /** The status a bad signature gets (default 401). */
  readonly rejectStatus?: number;
  /** Starts listening on an ephemeral port; resolves to the server or a reason it cannot run. */
  start(stage: string): Promise<Server | string>;
}

/** Deliveries that reached the application code (verified, parsed, and for ours dispatched). */
let processed = 0;

/** HMAC-SHA256 over the raw bytes, constant-time compare against the `sha256=<hex>` header. */
function signatureMatches(body: Buffer, header: string | string[] | undefined): boolean {
  const sig = typeof header === "string" && header.startsWith("sha256=") ? Buffer.from(header.slice(7), "hex") : Buffer.alloc(0);
  const mac = createHmac("sha256", SECRET).update(body).digest();
  return sig.length === mac.length && timingSafeEqual(sig, mac);
}

const INVALID_SIGNATURE = { status: 401, body: '{"error":"invalid signature"}' } as const;
const INVALID_JSON = { status: 400, body: '{"error":"invalid json"}' } as const;

/** The bare work every server must do: HMAC-SHA256 over the raw bytes, constant-time compare, JSON.parse. */
export function bareWork(body: Buffer, header: string | string[] | undefined): { status: number; body: string } {
  if (!signatureMatches(body, header)) return INVALID_SIGNATURE;
  try {
    JSON.parse(body.toString("utf8"));
  } catch {
    return INVALID_JSON;
  }
  processed++;
  return { status: 200, body: PROCESSED_BODY };
}

/**
 * The bare work when the framework's own JSON parser already ran JSON.parse and kept the raw
 * bytes (Nest with `rawBody: true`): HMAC + compare over the kept bytes, the parse not repeated.
 */
function bareWorkParsed(raw: unknown, header: string | string[] | undefined, parsed: unknown): { status: number; body: string } {
  if (!Buffer.isBuffer(raw) || !signatureMatches(raw, header)) return INVALID_SIGNATURE;
  if (typeof parsed !== "object" || parsed === null) return INVALID_JSON;
  processed++;
  return { status: 200, body: PROCESSED_BODY };
}

/** Reads a Node request body to the end (no limit or deadline: the bare minimum). */
function readRaw(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function reply(res: ServerResponse, r: { status: number; body: string }): void {
  res.writeHead(r.status, { "content-type": "application/json", "content-length": Buffer.byteLength(r.body) });
  res.end(r.body);
}

type ExpressApp = {
  use(...a: unknown[]): unknown;
  get(path: string, ...h: unknown[]): unknown;
  post(path: string, ...h: unknown[]): unknown;
};
type ExpressFactory = (() => ExpressApp) & { raw: (o: object) => unknown };

async function loadExpress(): Promise<ExpressFactory> {
  return ((await import("express")) as unknown as { default: ExpressFactory }).default;
}

const listen = (server: Server) => new Promise<Server>((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
const statsBody = () => JSON.stringify({ processed });
const stats = (_req: IncomingMessage, res: ServerResponse) => reply(res, { status: 200, body: statsBody() });
/** A bare node:http server: POST BENCH_PATH to `onDelivery`, the stats route, JSON 404 elsewhere. */
const serveNode = (onDelivery: (req: IncomingMessage, res: ServerResponse) => void): Promise<Server> =>
  listen(
    createServer((req, res) => {
      if (req.method === "POST" && req.url === BENCH_PATH) onDelivery(req, res);
      else if (req.url === STATS_PATH) stats(req, res);
      else reply(res, { status: 404, body: '{"error":"not found"}' });
    }),
  );
const serve = (app: ExpressApp) => listen(createServer(app as unknown as Parameters<typeof createServer>[1] & object));

/**
 * What our pipeline is asked to do. `same-work`, the configuration every target is judged in: the
 * bare servers verify and parse, so ours does not validate against the schema or dedupe either
 * (it still refuses invalid UTF-8, scrubs prototype gadgets and enforces the body limit and read
 * deadline, which it cannot turn off). `defaults`: lenient validation and the in-memory dedupe
 * store, what a user gets out of the box; measured for information, so the cost of those two is
 * on record.
 */
export type OursConfig = "same-work" | "defaults";

/** Our pipeline's setup, the same for every adapter: the generated github definition from dist, cloned (guards off), a counting handler. */
interface Ours {
  readonly product: DistProduct;
  readonly routes: readonly WebhookRoute[];
  readonly options: PipelineOptions;
}

async function ours(stage: string, config: OursConfig = "same-work"): Promise<Ours | string> {
  const product = await loadDist(stage);
  const def = await product.provider("github");
  const first = Object.values(def.webhooks)[0];
  if (!first) return "github has no webhook";
  const mode = config === "defaults" ? "lenient" : "off";
  const clone: ProviderDefinition = { ...def, name: "bench_github", webhooks: { http: benchWebhook(first, mode, BENCH_PATH) } };
  const registry = product.runtime.getWebhookRegistry();
  registry.register(clone);
  registry.createProcessor(clone.name, "http").on("*", () => void processed++);
  const options: PipelineOptions = { env: { [BENCH_SECRET_ENV]: SECRET }, ...(config === "same-work" ? { dedupe: false } : {}) };
  return { product, routes: [{ provider: clone.name, webhook: "http", path: BENCH_PATH }], options };
}

/**
 * `smart-api-integrations/<name>` as users import it: package.json must export it as
 * dist/adapters/<name>.js, which must be built; the file sits next to the probe-checked
 * dist/adapters/express.js, so it shares dist's runtime instance (the registry above).
 */
async function distAdapter<T>(product: DistProduct, name: string): Promise<T> {
  const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { exports?: Record<string, { import?: string }> };
  const want = `./dist/adapters/${name}.js`;
  const exported = pkg.exports?.[`./${name}`]?.import;
  if (exported !== want) throw new Error(`package.json does not export "./${name}" as ${want} (got ${exported ?? "nothing"})`);
  const url = new URL(`./${name}.js`, product.expressUrl);
  if (url.href !== pathToFileURL(join(ROOT, want)).href) throw new Error(`${url.href} is not ${want}`);
  if (!existsSync(url)) throw new Error(`${want} is not built (npm run build)`);
  return (await import(url.href)) as T;
}

// ---- fastify -------------------------------------------------------------------------------

type FastifyInstance = import("fastify").FastifyInstance;

async function fastifyApp(): Promise<FastifyInstance> {
  const { default: Fastify } = await import("fastify");
  const app = Fastify();
  app.get(STATS_PATH, (_request, reply) => reply.header("content-type", "application/json").send(statsBody()));
  return app;
}

async function fastifyListen(app: FastifyInstance): Promise<Server> {
  await app.listen({ port: 0, host: "127.0.0.1" });
  return app.server;
}

// ---- hono and fetch (both on @hono/node-server) --------------------------------------------

async function honoServe(fetch: (request: Request, env: import("@hono/node-server").HttpBindings) => Response | Promise<Response>): Promise<Server> {
  const { serve: honoServe } = await import("@hono/node-server");
  return new Promise((resolve) => {
    const server = honoServe({ fetch: fetch as never, port: 0, hostname: "127.0.0.1" }, () => resolve(server as Server));
  });
}

const jsonHeaders = { "content-type": "application/json" } as const;

// ---- koa ------------------------------------------------------------------------------------

type KoaApp = import("koa");

async function koaApp(): Promise<KoaApp> {
  const { default: Koa } = await import("koa");
  const app = new Koa();
  app.use(async (ctx, next) => {
    if (ctx.path !== STATS_PATH) return next();
    ctx.type = "application/json";
    ctx.body = statsBody();
  });
  return app;
}

// ---- nest -----------------------------------------------------------------------------------

/** Nest's stats route, a plain controller (decorators as calls, like templates/nest.ts.tpl). */
async function nestStatsController(): Promise<new () => object> {
  const { Controller, Get, Req, Res } = await import("@nestjs/common");
  class StatsController {
    stats(req: IncomingMessage, res: ServerResponse): void {
      stats(req, res);
    }
  }
  Controller()(StatsController);
  const d = Object.getOwnPropertyDescriptor(StatsController.prototype, "stats") as PropertyDescriptor;
  Get(STATS_PATH)(StatsController.prototype, "stats", d);
  Req()(StatsController.prototype, "stats", 0);
  Res()(StatsController.prototype, "stats", 1);
  return StatsController;
}

/** Creates the app the way users are told to (`rawBody: true`, Nest's JSON parsing on) and listens. */
async function nestListen(controllers: (new (...a: never[]) => object)[], providers: object[] = []): Promise<Server> {
  const { Module } = await import("@nestjs/common");
  const { NestFactory } = await import("@nestjs/core");
  class AppModule {}
  Module({ controllers, providers: providers as never[] })(AppModule);
  const app = await NestFactory.create(AppModule, { rawBody: true, logger: false });
  await app.listen(0, "127.0.0.1");
  return app.getHttpServer() as Server;
}

// ---- @octokit/webhooks ----------------------------------------------------------------------

/** `createNodeMiddleware`'s answer to a delivery its handlers processed. */
const OCTOKIT_OK = "ok\n";
const silentLog = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

export const HTTP_TARGETS: readonly HttpTarget[] = [
  {
    id: "express-bare",
    label: "express, bare work (express.raw + HMAC + JSON.parse)",
    dedupes: false,
    start: async () => {
      const express = await loadExpress();
      const app = express();
      app.get(STATS_PATH, stats);
      app.post(BENCH_PATH, express.raw({ type: "*/*", limit: "25mb" }), (req: IncomingMessage & { body: Buffer }, res: ServerResponse) => reply(res, bareWork(req.body, req.headers[SIG_HEADER])));
      return serve(app);
    },
  },
  {
    id: "express-ours",
    label: "express + smart-api-integrations expressWebhookRoutes (dist, same work: validation off, no dedupe)",
    dedupes: false,
    start: async (stage) => {
      const o = await ours(stage);
      if (typeof o === "string") return o;
      const { expressWebhookRoutes } = (await import(o.product.expressUrl)) as { expressWebhookRoutes: (app: unknown, routes: unknown, options?: unknown) => unknown };
      const express = await loadExpress();
      const app = express();
      app.get(STATS_PATH, stats);
      expressWebhookRoutes(app, o.routes, o.options);
      return serve(app);
    },
  },
  {
    id: "node-bare",
    label: "node:http, bare work (body chunks + HMAC + JSON.parse)",
    dedupes: false,
    start: () => serveNode((req, res) => readRaw(req).then((body) => reply(res, bareWork(body, req.headers[SIG_HEADER])), () => res.destroy())),
  },
  {
    id: "node-ours",
    label: "node:http + smart-api-integrations nodeWebhookListener (dist, same work: validation off, no dedupe)",
    dedupes: false,
    start: async (stage) => {
      const o = await ours(stage);
      if (typeof o === "string") return o;
      const { nodeWebhookListener } = await distAdapter<{ nodeWebhookListener: typeof NodeWebhookListener }>(o.product, "node");
      const listener = nodeWebhookListener(o.routes, o.options);
      return listen(createServer((req, res) => (req.url === STATS_PATH ? stats(req, res) : listener(req, res))));
    },
  },
  {
    id: "node-ours-defaults",
    label: "node:http + smart-api-integrations nodeWebhookListener (dist, defaults: validation lenient, in-memory dedupe)",
    dedupes: true,
    start: async (stage) => {
      const o = await ours(stage, "defaults");
      if (typeof o === "string") return o;
      const { nodeWebhookListener } = await distAdapter<{ nodeWebhookListener: typeof NodeWebhookListener }>(o.product, "node");
      const listener = nodeWebhookListener(o.routes, o.options);
      return listen(createServer((req, res) => (req.url === STATS_PATH ? stats(req, res) : listener(req, res))));
    },
  },
  {
    id: "node-bare-safety",
    label: "node:http, bare work + the safety ours cannot turn off (dist's readNodeBody: 4 MiB limit, read deadline; parseBody: strict UTF-8, prototype-gadget scan), no pipeline",
    dedupes: false,
    start: async (stage) => {
      const product = await loadDist(stage);
      const { readNodeBody } = (await import(new URL("./node-body.js", product.expressUrl).href)) as { readNodeBody: (req: IncomingMessage, limit: number, timeoutMs: number) => Promise<Uint8Array> };
      const { parseBody } = (await import(new URL("../runtime/parse.js", product.expressUrl).href)) as { parseBody: (raw: Uint8Array, format: "json", contentType: string | undefined) => unknown };
      // bareWork with parseBody for JSON.parse: a copy, so the bare server's hot path stays exactly as it was measured.
      const safeWork = (body: Buffer, req: IncomingMessage): { status: number; body: string } => {
        if (!signatureMatches(body, req.headers[SIG_HEADER])) return INVALID_SIGNATURE;
        try {
          parseBody(body, "json", req.headers["content-type"]);
        } catch {
          return INVALID_JSON;
        }
        processed++;
        return { status: 200, body: PROCESSED_BODY };
      };
      // What ours runs with: benchWebhook's maxBodyBytes and the pipeline's default 5 s body deadline.
      return serveNode((req, res) => readNodeBody(req, 4 * 1024 * 1024, 5_000).then((body) => reply(res, safeWork(body as Buffer, req)), () => res.destroy()));
    },
  },
  {
    id: "node-octokit",
    label: "node:http + @octokit/webhooks createNodeMiddleware (push handler)",
    dedupes: false,
    okBody: OCTOKIT_OK,
    // verifyAndReceive refuses a signature mismatch with status 400.
    rejectStatus: 400,
    start: async () => {
      const { Webhooks, createNodeMiddleware } = await import("@octokit/webhooks");
      const webhooks = new Webhooks({ secret: SECRET });
      webhooks.on("push", () => void processed++);
      // Silent: its default logger prints every refused delivery (the negative controls).
      const middleware = createNodeMiddleware(webhooks, { path: BENCH_PATH, log: silentLog });
      return listen(createServer((req, res) => (req.url === STATS_PATH ? stats(req, res) : void middleware(req, res))));
    },
  },
  {
    id: "fastify-bare",
    label: 'fastify, bare work (content-type parser parseAs "buffer" + HMAC + JSON.parse)',
    dedupes: false,
    start: async () => {
      const app = await fastifyApp();
      // In its own plugin scope, as ours is: the raw-bytes parser applies to this route only.
      void app.register(async (instance) => {
        instance.removeAllContentTypeParsers();
        instance.addContentTypeParser("*", { parseAs: "buffer" }, (_req, body, done) => done(null, body));
        instance.post(BENCH_PATH, (request, reply) => {
          const r = bareWork(request.body as Buffer, request.headers[SIG_HEADER]);
          return reply.code(r.status).header("content-type", "application/json").send(r.body);
        });
      });
      return fastifyListen(app);
    },
  },
  {
    id: "fastify-ours",
    label: "fastify + smart-api-integrations fastifyWebhookRoutes (dist, same work: validation off, no dedupe)",
    dedupes: false,
    start: async (stage) => {
      const o = await ours(stage);
      if (typeof o === "string") return o;
      const { fastifyWebhookRoutes } = await distAdapter<{ fastifyWebhookRoutes: typeof FastifyWebhookRoutes }>(o.product, "fastify");
      const app = await fastifyApp();
      fastifyWebhookRoutes(app, o.routes, o.options);
      return fastifyListen(app);
    },
  },
  {
    id: "hono-bare",
    label: "hono on @hono/node-server, bare work (c.req.arrayBuffer() + HMAC + JSON.parse)",
    dedupes: false,
    start: async () => {
      const { Hono } = await import("hono");
      const app = new Hono();
      app.get(STATS_PATH, (c) => c.body(statsBody(), 200, jsonHeaders));
      app.post(BENCH_PATH, async (c) => {
        const r = bareWork(Buffer.from(await c.req.arrayBuffer()), c.req.header(SIG_HEADER));
        return c.body(r.body, r.status as 200, jsonHeaders);
      });
      return honoServe(app.fetch);
    },
  },
  {
    id: "hono-ours",
    label: "hono on @hono/node-server + smart-api-integrations honoWebhookRoutes (dist, same work, getConnInfo)",
    dedupes: false,
    start: async (stage) => {
      const o = await ours(stage);
      if (typeof o === "string") return o;
      const { honoWebhookRoutes } = await distAdapter<{ honoWebhookRoutes: typeof HonoWebhookRoutes }>(o.product, "hono");
      const { Hono } = await import("hono");
      const { getConnInfo } = await import("@hono/node-server/conninfo");
      const app = new Hono();
      app.get(STATS_PATH, (c) => c.body(statsBody(), 200, jsonHeaders));
      honoWebhookRoutes(app, o.routes, { ...o.options, getConnInfo: getConnInfo as never });
      return honoServe(app.fetch);
    },
  },
  {
    id: "koa-bare",
    label: "koa, bare work (raw request stream + HMAC + JSON.parse)",
    dedupes: false,
    start: async () => {
      const app = await koaApp();
      app.use(async (ctx, next) => {
        if (ctx.method !== "POST" || ctx.path !== BENCH_PATH) return next();
        const r = bareWork(await readRaw(ctx.req), ctx.req.headers[SIG_HEADER]);
        ctx.status = r.status;
        ctx.type = "application/json";
        ctx.body = r.body;
      });
      return listen(createServer(app.callback()));
    },
  },
  {
    id: "koa-ours",
    label: "koa + smart-api-integrations koaWebhookRoutes (dist, same work: validation off, no dedupe)",
    dedupes: false,
    start: async (stage) => {
      const o = await ours(stage);
      if (typeof o === "string") return o;
      const { koaWebhookRoutes } = await distAdapter<{ koaWebhookRoutes: typeof KoaWebhookRoutes }>(o.product, "koa");
      const app = await koaApp();
      koaWebhookRoutes(app as never, o.routes, o.options);
      return listen(createServer(app.callback()));
    },
  },
  {
    id: "fetch-bare",
    label: "fetch handler on @hono/node-server serve({ fetch }), bare work (request.arrayBuffer() + HMAC + JSON.parse)",
    dedupes: false,
    start: () =>
      honoServe(async (request) => {
        if (request.method === "GET" && request.url.endsWith(STATS_PATH)) return new Response(statsBody(), { headers: jsonHeaders });
        const r = bareWork(Buffer.from(await request.arrayBuffer()), request.headers.get(SIG_HEADER) ?? undefined);
        return new Response(r.body, { status: r.status, headers: jsonHeaders });
      }),
  },
  {
    id: "fetch-ours",
    label: "fetch handler on @hono/node-server serve({ fetch }) + smart-api-integrations fetchWebhookHandler (dist, same work: validation off, no dedupe; peer address and Node's parsed headers from the bridge, as docs/frameworks/fetch.md shows)",
    dedupes: false,
    start: async (stage) => {
      const o = await ours(stage);
      if (typeof o === "string") return o;
      const { fetchWebhookHandler } = await distAdapter<{ fetchWebhookHandler: typeof FetchWebhookHandler }>(o.product, "fetch");
      const handle = fetchWebhookHandler(o.routes, o.options);
      return honoServe((request, env) =>
        request.method === "GET" && request.url.endsWith(STATS_PATH) ? new Response(statsBody(), { headers: jsonHeaders }) : handle(request, { remoteAddress: env.incoming.socket.remoteAddress, headers: env.incoming.headers }),
      );
    },
  },
  {
    id: "nest-bare",
    label: "nest (platform-express, rawBody: true), bare work (HMAC over req.rawBody; JSON.parse by Nest's JSON parser)",
    dedupes: false,
    start: async () => {
      const { Controller, Post, Req, Res } = await import("@nestjs/common");
      class BareController {
        hook(req: NestRequest, res: NestResponse): void {
          reply(res, bareWorkParsed(req.rawBody, req.headers[SIG_HEADER], req.body));
        }
      }
      Controller()(BareController);
      const d = Object.getOwnPropertyDescriptor(BareController.prototype, "hook") as PropertyDescriptor;
      Post(BENCH_PATH)(BareController.prototype, "hook", d);
      Req()(BareController.prototype, "hook", 0);
      Res()(BareController.prototype, "hook", 1);
      return nestListen([BareController, await nestStatsController()]);
    },
  },
  {
    id: "nest-ours",
    label: "nest (platform-express, rawBody: true) + smart-api-integrations NestWebhooks, wired as templates/nest.ts.tpl (dist, same work: validation off, no dedupe)",
    dedupes: false,
    start: async (stage) => {
      const o = await ours(stage);
      if (typeof o === "string") return o;
      const { NestWebhooks, NEST_WEBHOOK_OPTIONS } = await distAdapter<{ NestWebhooks: typeof NestWebhooksClass; NEST_WEBHOOK_OPTIONS: typeof NestOptionsToken }>(o.product, "nest");
      const { All, Controller, Inject, Optional, Req, Res } = await import("@nestjs/common");
      const { HttpAdapterHost } = await import("@nestjs/core");
      const routes = o.routes;
      let wrapped = 0;
      // templates/nest.ts.tpl's WebhooksController, over the bench's routes.
      class WebhooksController {
        readonly webhooks: NestWebhooksClass;
        readonly #adapterHost: InstanceType<typeof HttpAdapterHost>;
        constructor(options: NestWebhookOptions | undefined, adapterHost: InstanceType<typeof HttpAdapterHost>) {
          this.webhooks = new NestWebhooks(routes, options);
          this.#adapterHost = adapterHost;
        }
        onModuleInit(): void {
          wrapped = this.webhooks.bypassBodyParsers(this.#adapterHost.httpAdapter?.getInstance<unknown>());
        }
      }
      Controller()(WebhooksController);
      Inject(NEST_WEBHOOK_OPTIONS)(WebhooksController, undefined, 0);
      Optional()(WebhooksController, undefined, 0);
      Inject(HttpAdapterHost)(WebhooksController, undefined, 1);
      routes.forEach((route, index) => {
        const key = `webhook${index}`;
        const descriptor: TypedPropertyDescriptor<(req: NestRequest, res: NestResponse) => Promise<void>> = {
          value(this: WebhooksController, req: NestRequest, res: NestResponse): Promise<void> {
            return this.webhooks.handle(route, req, res);
          },
          configurable: true,
          writable: true,
        };
        Object.defineProperty(WebhooksController.prototype, key, descriptor);
        All(route.path)(WebhooksController.prototype, key, descriptor);
        Req()(WebhooksController.prototype, key, 0);
        Res()(WebhooksController.prototype, key, 1);
      });
      // WebhooksModule.forRoot(options)'s provider.
      const server = await nestListen([WebhooksController, await nestStatsController()], [{ provide: NEST_WEBHOOK_OPTIONS, useValue: o.options }]);
      // Else the pipeline would read Nest's req.rawBody (the fallback), not the stream as the template intends.
      return wrapped > 0 ? server : "NestWebhooks.bypassBodyParsers wrapped none of Nest's body parsers";
    },
  },
];

/** Another implementation on the same framework that ours is held against. */
export interface Rival {
  readonly id: string;
  /** Its name in ratio rows and targets. */
  readonly name: string;
  /** ours ÷ rival must be at least this. */
  readonly min: number;
}

/** Another configuration of ours, reported as its ratio to bare, for information (no target). */
export interface Variant {
  readonly id: string;
  readonly name: string;
}

export interface AdapterPair {
  readonly framework: string;
  readonly ours: string;
  readonly bare: string;
  /** ours ÷ bare must be at least this (issue 8: node:http 0.95, every other adapter 0.90). */
  readonly min: number;
  readonly rivals?: readonly Rival[];
  readonly variants?: readonly Variant[];
}

/** Our adapters, each against its framework doing the bare work. */
export const ADAPTERS: readonly AdapterPair[] = [
  { framework: "express", ours: "express-ours", bare: "express-bare", min: 0.9 },
  {
    framework: "node",
    ours: "node-ours",
    bare: "node-bare", min: 0.95,
    rivals: [{ id: "node-octokit", name: "@octokit/webhooks createNodeMiddleware", min: 1 }],
    variants: [
      { id: "node-ours-defaults", name: "ours with defaults (lenient validation + dedupe)" },
      { id: "node-bare-safety", name: "bare + only the safety work ours cannot turn off (no pipeline): the ceiling for ours" },
    ],
  },
  { framework: "fastify", ours: "fastify-ours", bare: "fastify-bare", min: 0.9 },
  { framework: "hono", ours: "hono-ours", bare: "hono-bare", min: 0.9 },
  { framework: "koa", ours: "koa-ours", bare: "koa-bare", min: 0.9 },
  { framework: "fetch", ours: "fetch-ours", bare: "fetch-bare", min: 0.9 },
  { framework: "nest", ours: "nest-ours", bare: "nest-bare", min: 0.9 },
];

/** Adapters this suite does not measure, and why (reported as skipped rows). */
export const SKIPPED: readonly { readonly framework: string; readonly min: number; readonly reason: string }[] = [
  { framework: "next", min: 0.9, reason: "needs a `next build` (and `next start`) of an app per side; out of scope of this suite" },
];
