/**
 * Every adapter behind a real server on 127.0.0.1, built as the adapter tests in
 * test/e2e/adapters/<framework>.test.ts build them (those files start their servers inline, so
 * the same few lines are repeated here rather than imported from test files that register tests).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { Readable } from "node:stream";
import express from "express";
import Fastify from "fastify";
import { serve } from "@hono/node-server";
import { getConnInfo } from "@hono/node-server/conninfo";
import { Hono } from "hono";
import Koa from "koa";
import { bodyParser } from "@koa/bodyparser";
import { Module } from "@nestjs/common";
import { NestFactory } from "@nestjs/core";
import { expressWebhookRoutes } from "../../src/adapters/express.js";
import { fastifyWebhookRoutes } from "../../src/adapters/fastify.js";
import { fetchWebhookHandler } from "../../src/adapters/fetch.js";
import { honoWebhookRoutes } from "../../src/adapters/hono.js";
import { koaWebhookRoutes } from "../../src/adapters/koa.js";
import { NEST_WEBHOOK_OPTIONS } from "../../src/adapters/nest.js";
import { nextAppRoute, nextPagesRoute } from "../../src/adapters/next.js";
import { nodeWebhookListener } from "../../src/adapters/node.js";
import { normalizePath, type WebhookRoute } from "../../src/runtime/routes.js";
import { listen, type Setup } from "../e2e/adapters/cases.js";
import { nestWebhooksController } from "../fixtures/nest-controller.js";

export interface Running {
  readonly base: string;
  close(): Promise<void>;
}

export type Start = (s: Setup) => Promise<Running>;

const closer = (server: Server) => () =>
  new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });

/** A fetch `Request` from a Node request, as the fetch and Next App Router bridges build it. */
function webRequest(req: IncomingMessage, headers: Headers | Record<string, string>): Request {
  const hasBody = req.method !== "GET" && req.method !== "HEAD";
  return new Request(`http://127.0.0.1${req.url ?? "/"}`, {
    method: req.method ?? "GET",
    headers,
    ...(hasBody ? { body: Readable.toWeb(req) as ReadableStream<Uint8Array>, duplex: "half" } : {}),
  } as RequestInit);
}

async function writeWeb(res: ServerResponse, response: Response): Promise<void> {
  res.writeHead(response.status, Object.fromEntries(response.headers));
  res.end(Buffer.from(await response.arrayBuffer()));
}

/** Next routes by file: one handler per route, found by path (test/e2e/adapters/next.test.ts). */
async function routed(s: Setup, handlerOf: (route: WebhookRoute) => (req: IncomingMessage, res: ServerResponse) => Promise<void>): Promise<Running> {
  const handlers = new Map(s.routes.map((route) => [normalizePath(route.path), handlerOf(route)]));
  const server = createServer((req, res) => {
    const handler = handlers.get(normalizePath(req.url ?? "/"));
    if (handler !== undefined) return void handler(req, res);
    res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ error: "not found" }));
  });
  return { base: await listen(server), close: closer(server) };
}

/** Every adapter, each with the app around it its adapter test uses (global JSON parsers included). */
export const ADAPTERS: Readonly<Record<string, Start>> = {
  express: async (s) => {
    const app = express();
    expressWebhookRoutes(app, s.routes, s.options);
    app.use(express.json());
    const server: Server = app.listen(0, "127.0.0.1");
    return { base: await listen(server), close: closer(server) };
  },
  node: async (s) => {
    const server = createServer(nodeWebhookListener(s.routes, s.options));
    return { base: await listen(server), close: closer(server) };
  },
  fetch: async (s) => {
    const handle = fetchWebhookHandler(s.routes, s.options);
    const server = createServer((req, res) => {
      void handle(webRequest(req, req.headers as Record<string, string>), { remoteAddress: req.socket.remoteAddress }).then((r) => writeWeb(res, r));
    });
    return { base: await listen(server), close: closer(server) };
  },
  hono: async (s) => {
    const app = new Hono();
    honoWebhookRoutes(app, s.routes, { ...s.options, getConnInfo });
    const server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }) as Server;
    return { base: await listen(server), close: closer(server) };
  },
  koa: async (s) => {
    const app = new Koa();
    koaWebhookRoutes(app, s.routes, s.options);
    app.use(bodyParser());
    const server = app.listen(0, "127.0.0.1");
    return { base: await listen(server), close: closer(server) };
  },
  fastify: async (s) => {
    const app = Fastify();
    fastifyWebhookRoutes(app, s.routes, s.options);
    await app.listen({ port: 0, host: "127.0.0.1" });
    const address = app.server.address();
    const port = typeof address === "object" && address !== null ? address.port : 0;
    return {
      base: `http://127.0.0.1:${port}`,
      close: async () => {
        app.server.closeAllConnections();
        await app.close();
      },
    };
  },
  nest: async (s) => {
    class AppModule {}
    Module({ controllers: [nestWebhooksController(s.routes)], providers: [{ provide: NEST_WEBHOOK_OPTIONS, useValue: s.options }] })(AppModule);
    const app = await NestFactory.create(AppModule, { logger: false, rawBody: true });
    await app.init();
    const server = app.getHttpServer() as Server;
    const base = await listen(server);
    return {
      base,
      close: async () => {
        server.closeAllConnections();
        await app.close();
      },
    };
  },
  "next pages router": (s) => routed(s, (route) => nextPagesRoute(route, s.options)),
  "next app router": (s) =>
    routed(s, (route) => {
      const POST = nextAppRoute(route, { ...s.options, remoteAddress: (request) => request.headers.get("x-real-ip") ?? undefined });
      return async (req, res) => {
        const headers = new Headers();
        for (const [name, value] of Object.entries(req.headers)) {
          if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(", ") : value);
        }
        headers.set("x-real-ip", req.socket.remoteAddress ?? ""); // the platform overwrites it with the peer
        await writeWeb(res, await POST(webRequest(req, headers)));
      };
    }),
};
