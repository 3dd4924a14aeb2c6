/**
 * HTTP servers the throughput suite drives, each started in its own child process
 * (children/http-server.ts <target id> <stage>) on 127.0.0.1, serving POST BENCH_PATH, plus
 * GET STATS_PATH answering how many deliveries reached the application (checked against the
 * load generator's count of expected answers).
 *
 * To add an adapter: add its two targets (ours + the same framework doing the bare work) to
 * HTTP_TARGETS and one ADAPTERS entry pairing them.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { ProviderDefinition } from "../../../src/runtime/types.js";
import { loadDist } from "./dist.js";
import { BENCH_SECRET_ENV, benchWebhook, PROCESSED_BODY } from "./ours.js";
import { SECRET } from "./payloads.js";

export const BENCH_PATH = "/webhooks/github";
export const STATS_PATH = "/__bench/stats";

export interface HttpTarget {
  readonly id: string;
  readonly label: string;
  /** Whether repeated deliveries are answered "duplicate" (only ours dedupes). */
  readonly dedupes: boolean;
  /** Starts listening on an ephemeral port; resolves to the server or a reason it cannot run. */
  start(stage: string): Promise<Server | string>;
}

/** Deliveries that reached the application code (verified, parsed, and for ours dispatched). */
let processed = 0;

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
  processed++;
  return { status: 200, body: PROCESSED_BODY };
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
const stats = (_req: IncomingMessage, res: ServerResponse) => reply(res, { status: 200, body: JSON.stringify({ processed }) });
const serve = (app: ExpressApp) => listen(createServer(app as unknown as Parameters<typeof createServer>[1] & object));

export const HTTP_TARGETS: readonly HttpTarget[] = [
  {
    id: "express-bare",
    label: "express, bare work (express.raw + HMAC + JSON.parse)",
    dedupes: false,
    start: async () => {
      const express = await loadExpress();
      const app = express();
      app.get(STATS_PATH, stats);
      app.post(BENCH_PATH, express.raw({ type: "*/*", limit: "25mb" }), (req: IncomingMessage & { body: Buffer }, res: ServerResponse) => reply(res, bareWork(req.body, req.headers["x-hub-signature-256"])));
      return serve(app);
    },
  },
  {
    id: "express-ours",
    label: "express + smart-api-integrations expressWebhookRoutes (dist, validation lenient)",
    dedupes: true,
    start: async (stage) => {
      const product = await loadDist(stage);
      const def = await product.provider("github");
      const first = Object.values(def.webhooks)[0];
      if (!first) return "github has no webhook";
      const clone: ProviderDefinition = { ...def, name: "bench_github", webhooks: { http: benchWebhook(first, "lenient", BENCH_PATH) } };
      const registry = product.runtime.getWebhookRegistry();
      registry.register(clone);
      registry.createProcessor(clone.name, "http").on("*", () => void processed++);
      const { expressWebhookRoutes } = (await import(product.expressUrl)) as { expressWebhookRoutes: (app: unknown, routes: unknown, options?: unknown) => unknown };
      const express = await loadExpress();
      const app = express();
      app.get(STATS_PATH, stats);
      expressWebhookRoutes(app, [{ provider: clone.name, webhook: "http", path: BENCH_PATH }], { env: { [BENCH_SECRET_ENV]: SECRET } });
      return serve(app);
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
