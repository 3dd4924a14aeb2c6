import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import Stripe from "stripe";
import { describe, expect, it } from "vitest";
import { WebhookRegistry } from "../runtime/registry.js";
import type { WebhookRoute } from "../runtime/routes.js";
import { fixtureEnv, SECRETS, stripeDefinition } from "../../test/fixtures/definitions.js";
import { nextAppRoute, nextPagesRoute, type NextAppRouteOptions } from "./next.js";

const stripe = new Stripe("sk_test_next");
const route: WebhookRoute = { provider: "stripe", webhook: "default", path: "/webhooks/stripe/" };
const allowed: WebhookRoute = { provider: "stripe", webhook: "allowed", path: "/webhooks/stripe/allowed" };
let seq = 0;

function setup() {
  const calls: string[] = [];
  const logs: string[] = [];
  const registry = new WebhookRegistry().register(stripeDefinition);
  for (const webhook of ["default", "allowed"]) registry.processorFor("stripe", webhook).on("*", (event) => void calls.push(event.id));
  const log = (m: string): void => void logs.push(m);
  const options: NextAppRouteOptions = { registry, env: fixtureEnv, logger: { debug: log, info: log, warn: log, error: log } };
  return { calls, logs, options };
}

function delivery(): { body: string; headers: Record<string, string> } {
  seq += 1;
  const body = JSON.stringify({ id: `evt_next_${seq}`, type: "payment_intent.succeeded", created: 1_700_000_000, data: { object: { id: "pi_1" } } });
  return {
    body,
    headers: { "content-type": "application/json", "stripe-signature": stripe.webhooks.generateTestHeaderString({ payload: body, secret: SECRETS.stripe }) },
  };
}

describe("nextAppRoute", () => {
  it("serves its one route at whatever URL Next mounted the file, query included", async () => {
    const s = setup();
    const POST = nextAppRoute(route, s.options);
    const { body, headers } = delivery();
    const res = await POST(new Request("http://localhost/api/hooks/payments?x=1", { method: "POST", body, headers }));
    expect([res.status, await res.json()]).toEqual([200, { status: "processed" }]);
    expect(s.calls).toEqual([`evt_next_${seq}`]);
  });

  it("answers 500, never dispatching, when something read the body first", async () => {
    const s = setup();
    const POST = nextAppRoute(route, s.options);
    const { body, headers } = delivery();
    const request = new Request("http://localhost/webhooks/stripe", { method: "POST", body, headers });
    await request.text();
    const res = await POST(request);
    expect(res.status).toBe(500);
    expect(s.calls).toEqual([]);
    expect(s.logs.join("\n")).toMatch(/raw request body is unavailable: the Request body was already read/);
  });

  it("knows no client address unless `remoteAddress` names one, and never trusts X-Forwarded-For", async () => {
    const s = setup();
    const unknown = nextAppRoute(allowed, s.options); // allowlist 10/8 and 127/8
    const a = delivery();
    const refused = await unknown(new Request("http://localhost/x", { method: "POST", body: a.body, headers: { ...a.headers, "x-forwarded-for": "127.0.0.1" } }));
    expect(refused.status).toBe(403);

    const known = nextAppRoute(allowed, { ...s.options, remoteAddress: (request) => request.headers.get("x-real-ip") ?? undefined });
    const b = delivery();
    const ok = await known(new Request("http://localhost/x", { method: "POST", body: b.body, headers: { ...b.headers, "x-real-ip": "127.0.0.1" } }));
    expect(ok.status).toBe(200);
    expect(s.calls).toEqual([`evt_next_${seq}`]);
  });

  it("loads no node: module at run time (the edge runtime has none)", () => {
    // next.ts reuses node.ts and node-body.ts for the Pages handler; all three may only import node: types.
    for (const file of ["next.ts", "node.ts", "node-body.ts"]) {
      const text = readFileSync(new URL(`./${file}`, import.meta.url), "utf8");
      const valueImports = [...text.matchAll(/^import\s+(?!type\b)[^;]*?from\s+"(node:[^"]+)"/gm)].map((m) => m[1]);
      expect({ file, valueImports }).toEqual({ file, valueImports: [] });
    }
  });
});

describe("nextPagesRoute", () => {
  async function serve(handler: (req: IncomingMessage, res: ServerResponse) => void) {
    const server = createServer(handler).listen(0, "127.0.0.1");
    await new Promise((resolve) => server.once("listening", resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return { base, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
  }

  it("reads the raw stream and serves its route at any URL (e.g. /api/webhooks/stripe)", async () => {
    const s = setup();
    const handler = nextPagesRoute(route, s.options);
    const { base, close } = await serve((req, res) => void handler(req, res));
    try {
      const { body, headers } = delivery();
      const res = await fetch(`${base}/api/webhooks/stripe`, { method: "POST", body, headers });
      expect([res.status, await res.json()]).toEqual([200, { status: "processed" }]);
      expect(s.calls).toHaveLength(1);
    } finally {
      await close();
    }
  });

  it("answers 500 and names the fix when Next's body parser consumed the stream", async () => {
    const s = setup();
    const handler = nextPagesRoute(route, s.options);
    const { base, close } = await serve((req, res) => {
      // What Next's default body parser does before the API handler runs.
      req.resume();
      req.on("end", () => void handler(req, res));
    });
    try {
      const { body, headers } = delivery();
      const res = await fetch(`${base}/api/webhooks/stripe`, { method: "POST", body, headers });
      expect(res.status).toBe(500);
      expect(s.calls).toEqual([]);
      expect(s.logs.join("\n")).toContain("export `config = { api: { bodyParser: false } }`");
    } finally {
      await close();
    }
  });
});
