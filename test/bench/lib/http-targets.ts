/**
 * HTTP servers the throughput suite drives. Each target is started in its own child process
 * (children/http-server.ts <target id>) and serves POST BENCH_PATH.
 *
 * To add an adapter: add its two targets (ours + the same framework doing the bare work) to
 * HTTP_TARGETS and one ADAPTERS entry pairing them.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { ProviderDefinition } from "../../../src/runtime/types.js";
import { BENCH_SECRET_ENV, benchWebhook } from "./ours.js";
import { SECRET } from "./payloads.js";
import { adapterFile, loadGeneratedProvider, loadRuntime } from "./product.js";
import { pathToFileURL } from "node:url";
import { existsSync } from "node:fs";

export const BENCH_PATH = "/webhooks/github";
export const BENCH_PROVIDER = "github";

export interface HttpTarget {
  readonly id: string;
  readonly label: string;
  /** Starts listening on `port` (0 = any); resolves to the server or a reason it cannot run. */
  start(): Promise<Server | string>;
}

/** The bare work every server must do: HMAC-SHA256 over the raw bytes, constant-time compare, JSON.parse. */
export function bareWork(body: Buffer, header: string | string[] | undefined): { status: number; body: string } {
  const sig = typeof header === "string" && header.startsWith("sha256=") ? Buffer.from(header.slice(7), "hex") : Buffer.alloc(0);
  const mac = createHmac("sha256", SECRET).update(body).digest();
  if (sig.length !== mac.length || !timingSafeEqual(sig, mac)) return { status: 401, body: '{"error":"invalid signature"}' };
  try {
    JSON.parse(body.toString("utf8"));
  } catch {
    return { status: 400, body: '{"error":"invalid json"}' };
  }
  return { status: 200, body: '{"status":"processed"}' };
}

function reply(res: ServerResponse, r: { status: number; body: string }): void {
  res.writeHead(r.status, { "content-type": "application/json", "content-length": Buffer.byteLength(r.body) });
  res.end(r.body);
}

function readAll(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

async function ourGithubRoutes(): Promise<{ routes: { provider: string; webhook: string; path: string }[]; options: Record<string, unknown> } | string> {
  const runtime = await loadRuntime();
  if (!runtime) return "src/runtime/index.ts not available";
  const def = await loadGeneratedProvider(BENCH_PROVIDER);
  if (!def) return `generated/${BENCH_PROVIDER}/provider.ts not available`;
  const first = Object.values(def.webhooks)[0];
  if (!first) return "no webhook";
  const clone: ProviderDefinition = { ...def, name: `bench_${def.name}`, webhooks: { http: benchWebhook(first, "lenient", BENCH_PATH) } };
  const registry = runtime.getWebhookRegistry();
  registry.register(clone);
  registry.createProcessor(clone.name, "http").on("*", () => undefined);
  return { routes: [{ provider: clone.name, webhook: "http", path: BENCH_PATH }], options: { env: { [BENCH_SECRET_ENV]: SECRET } } };
}

type ExpressFactory = () => {
  use(...a: unknown[]): unknown;
  post(path: string, ...h: unknown[]): unknown;
  listen(port: number, cb: () => void): Server;
};

async function loadExpress(): Promise<{ express: ExpressFactory; raw: (o: object) => unknown }> {
  const mod = (await import("express")) as unknown as { default: ExpressFactory & { raw: (o: object) => unknown } };
  return { express: mod.default, raw: mod.default.raw };
}

const listen = (server: Server) => new Promise<Server>((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));

export const HTTP_TARGETS: readonly HttpTarget[] = [
  {
    id: "node-bare",
    label: "node:http, bare work",
    start: () =>
      listen(
        createServer((req, res) => {
          if (req.method !== "POST" || req.url !== BENCH_PATH) return reply(res, { status: 404, body: "{}" });
          readAll(req).then((body) => reply(res, bareWork(body, req.headers["x-hub-signature-256"])), () => reply(res, { status: 400, body: "{}" }));
        }),
      ),
  },
  {
    id: "octokit-node",
    label: "@octokit/webhooks createNodeMiddleware on node:http",
    start: async () => {
      const { Webhooks, createNodeMiddleware } = await import("@octokit/webhooks");
      const webhooks = new Webhooks({ secret: SECRET });
      webhooks.on("push", () => undefined);
      const mw = createNodeMiddleware(webhooks, { path: BENCH_PATH });
      return listen(createServer((req, res) => void mw(req, res)));
    },
  },
  {
    id: "express-bare",
    label: "express, bare work (express.raw + HMAC + JSON.parse)",
    start: async () => {
      const { express, raw } = await loadExpress();
      const app = express();
      app.post(BENCH_PATH, raw({ type: "*/*", limit: "25mb" }), (req: IncomingMessage & { body: Buffer }, res: ServerResponse) => reply(res, bareWork(req.body, req.headers["x-hub-signature-256"])));
      return listen(createServer(app as unknown as Parameters<typeof createServer>[0] & object));
    },
  },
  {
    id: "express-ours",
    label: "express + smart-api-integrations expressWebhookRoutes",
    start: async () => {
      const file = adapterFile("express");
      if (!existsSync(file)) return "src/adapters/express.ts not available";
      const ours = await ourGithubRoutes();
      if (typeof ours === "string") return ours;
      const { express } = await loadExpress();
      const { expressWebhookRoutes } = (await import(pathToFileURL(file).href)) as { expressWebhookRoutes: (app: unknown, routes: unknown, options?: unknown) => unknown };
      const app = express();
      expressWebhookRoutes(app, ours.routes, ours.options);
      return listen(createServer(app as unknown as Parameters<typeof createServer>[0] & object));
    },
  },
];

export interface AdapterPair {
  readonly framework: string;
  readonly ours: string;
  readonly bare: string;
}

/** Our adapters, each against its framework doing the bare work. */
export const ADAPTERS: readonly AdapterPair[] = [{ framework: "express", ours: "express-ours", bare: "express-bare" }];

/** Reference servers shown beside the adapters. */
export const REFERENCES: readonly string[] = ["node-bare", "octokit-node"];
