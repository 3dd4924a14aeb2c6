/**
 * One table of deliveries, good and bad, run over real HTTP against every framework adapter.
 * Each framework file starts its server with {@link setup}'s routes and options and calls
 * {@link runAdapterCases}.
 */
import { createHmac } from "node:crypto";
import { request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import Stripe from "stripe";
import { sign as signGitHub } from "@octokit/webhooks-methods";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { WebhookRegistry } from "../../../src/runtime/registry.js";
import type { WebhookEvent } from "../../../src/runtime/event.js";
import type { WebhookRoute } from "../../../src/runtime/routes.js";
import type { PipelineOptions } from "../../../src/runtime/pipeline.js";
import type { ProviderDefinition } from "../../../src/runtime/types.js";
import { fixtureEnv, githubDefinition, SECRETS, stripeDefinition } from "../../fixtures/definitions.js";

/** What a framework's server gets: the routes, the pipeline options, and what it recorded. */
export interface Setup {
  readonly routes: readonly WebhookRoute[];
  readonly options: PipelineOptions & { readonly bodyTimeoutMs: number };
  readonly calls: WebhookEvent[];
  readonly logs: string[];
}

/** How the framework answers a path that is not a webhook's. */
export type Fallthrough =
  /** The app's own `POST /echo` answers `{ parsed }` from the app's JSON parser. */
  | "echo"
  /** No app around the adapter: the pipeline's JSON 404. */
  | "not_found";

export const routes: readonly WebhookRoute[] = [
  { provider: "stripe", webhook: "default", path: "/webhooks/stripe/" },
  { provider: "stripe", webhook: "blocked", path: "/webhooks/stripe/blocked" },
  { provider: "stripe", webhook: "allowed", path: "/webhooks/stripe/allowed" },
  { provider: "stripe", webhook: "small", path: "/webhooks/stripe/small" },
  { provider: "github", webhook: "default", path: "/webhooks/github" },
  { provider: "urlsigned", webhook: "default", path: "/webhooks/urlsigned" },
];

const URL_SECRET = "url-signing-secret";

/** A Twilio-like provider: HMAC-SHA1 over the full URL (query included) plus the sorted form parameters. */
const urlSignedDefinition: ProviderDefinition = {
  name: "urlsigned",
  source: "test/e2e/adapters/cases.ts",
  signature: { scheme: "hmac", header: "x-url-signature", algorithm: "sha1", encoding: "base64", prefix: "", separator: "", signedContent: "{url}{params}", urlOrigin: "https://hooks.example.com" },
  event: { type: { body: ["Type"] } },
  bodyFormat: "form",
  events: ["ping"],
  webhooks: { default: { path: "/webhooks/urlsigned", verifySignature: true, secretEnv: "URLSIGNED_SECRET", validation: "off", invalidStatus: 202, maxBodyBytes: 65_536 } },
};

/** A fresh registry with one recording handler per webhook. */
export function setup(): Setup {
  const calls: WebhookEvent[] = [];
  const logs: string[] = [];
  const registry = new WebhookRegistry().register(stripeDefinition).register(githubDefinition).register(urlSignedDefinition);
  for (const webhook of ["default", "blocked", "allowed", "small"]) {
    registry.processorFor("stripe", webhook).on("*", (event) => void calls.push(event));
  }
  registry.createProcessor("github").on("*", (event) => void calls.push(event));
  registry.processorFor("urlsigned", "default").on("*", (event) => void calls.push(event));
  const log = (m: string): void => void logs.push(m);
  return {
    routes,
    calls,
    logs,
    options: { registry, env: { ...fixtureEnv, URLSIGNED_SECRET: URL_SECRET }, bodyTimeoutMs: 300, logger: { debug: log, info: log, warn: log, error: log } },
  };
}

/** Listens on 127.0.0.1 with an ephemeral port and answers the base URL. */
export async function listen(server: Server): Promise<string> {
  if (!server.listening) {
    server.listen(0, "127.0.0.1");
    await new Promise<void>((resolve) => server.once("listening", resolve));
  }
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

export interface RawAnswer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

/**
 * A request written by hand: `chunks` are written one by one (no Content-Length unless given,
 * so chunked), and with `stall` the request is never ended.
 */
export function raw(
  base: string,
  path: string,
  options: { headers?: Record<string, string>; chunks?: readonly string[]; stall?: boolean },
): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const url = new URL(path, base);
    const req = httpRequest(
      { host: url.hostname, port: url.port, path: url.pathname, method: "POST", headers: options.headers ?? {} },
      (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (body += chunk));
        res.on("end", () => {
          req.destroy();
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body });
        });
      },
    );
    req.on("error", reject);
    for (const chunk of options.chunks ?? []) req.write(chunk);
    if (options.stall !== true) req.end();
  });
}

const stripe = new Stripe("sk_test_dummy");
let seq = 0;

function stripeEvent(): string {
  seq += 1;
  return JSON.stringify({
    id: `evt_adapters_${seq}_${Date.now()}`,
    type: "payment_intent.succeeded",
    created: 1_700_000_000,
    data: { object: { id: `pi_${seq}` } },
  });
}

function stripeHeaders(payload: string): Record<string, string> {
  return {
    "content-type": "application/json",
    "stripe-signature": stripe.webhooks.generateTestHeaderString({ payload, secret: SECRETS.stripe }),
  };
}

/**
 * The shared table. `start` builds the framework's app around the adapter, listens, and answers
 * the base URL and a way to close it.
 */
export function runAdapterCases(
  framework: string,
  fallthrough: Fallthrough,
  start: (s: Setup) => Promise<{ base: string; close: () => Promise<void> }>,
): void {
  describe(`${framework} adapter over HTTP`, () => {
    const s = setup();
    let base = "";
    let close: (() => Promise<void>) | undefined;

    beforeAll(async () => {
      ({ base, close } = await start(s));
    });
    afterAll(async () => {
      await close?.();
    });
    beforeEach(() => {
      s.calls.length = 0;
    });

    const post = (path: string, body: string, headers: Record<string, string>): Promise<Response> =>
      fetch(`${base}${path}`, { method: "POST", headers, body });

    it("processes a valid Stripe delivery once, and answers its duplicate 200 duplicate", async () => {
      const payload = stripeEvent();
      const headers = stripeHeaders(payload);
      const ok = await post("/webhooks/stripe/", payload, headers);
      expect([ok.status, await ok.json()]).toEqual([200, { status: "processed" }]);
      expect(s.calls.map((e) => [e.provider, e.type, Buffer.from(e.rawBody).toString()])).toEqual([
        ["stripe", "payment_intent.succeeded", payload],
      ]);
      const again = await post("/webhooks/stripe", payload, headers); // and without the trailing slash
      expect([again.status, await again.json()]).toEqual([200, { status: "duplicate" }]);
      expect(s.calls).toHaveLength(1);
    });

    it("processes a valid GitHub delivery signed by @octokit/webhooks-methods", async () => {
      const body = JSON.stringify({ action: "opened", issue: { number: seq++ }, at: Date.now() });
      const res = await post("/webhooks/github", body, {
        "content-type": "application/json",
        "x-github-event": "issues",
        "x-github-delivery": `gh-${framework}-${Date.now()}`,
        "x-hub-signature-256": await signGitHub(SECRETS.github, body),
      });
      expect([res.status, await res.json()]).toEqual([200, { status: "processed" }]);
      expect(s.calls.map((e) => e.type)).toEqual(["issues.opened"]);
    });

    it("processes a GitHub delivery sent form-encoded", async () => {
      const json = JSON.stringify({ action: "opened", issue: { number: seq++ }, at: Date.now() });
      const body = `payload=${encodeURIComponent(json)}`;
      const res = await post("/webhooks/github", body, {
        "content-type": "application/x-www-form-urlencoded",
        "x-github-event": "issues",
        "x-github-delivery": `gh-form-${framework}-${Date.now()}`,
        "x-hub-signature-256": await signGitHub(SECRETS.github, body),
      });
      expect([res.status, await res.json()]).toEqual([200, { status: "processed" }]);
      expect(s.calls).toHaveLength(1);
    });

    it("signs {url} with the query string as sent, and routes on the path alone", async () => {
      const signed = (target: string, body: string) => {
        const params = [...new URLSearchParams(body)].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => k + v).join("");
        return { "content-type": "application/x-www-form-urlencoded", "x-url-signature": createHmac("sha1", URL_SECRET).update(`https://hooks.example.com${target}${params}`).digest("base64") };
      };
      const body = (n: number) => `Type=ping&n=${n}&at=${Date.now()}`;
      const first = body(seq++);
      const ok = await post("/webhooks/urlsigned?a=1&b=two%20words", first, signed("/webhooks/urlsigned?a=1&b=two%20words", first));
      expect([ok.status, await ok.json()]).toEqual([200, { status: "processed" }]);
      const second = body(seq++);
      const bare = await post("/webhooks/urlsigned", second, signed("/webhooks/urlsigned", second));
      expect(bare.status).toBe(200);
      expect(s.calls.map((e) => e.type)).toEqual(["ping", "ping"]);
      // Signed without the query it was sent with, or with another one: refused.
      const third = body(seq++);
      expect((await post("/webhooks/urlsigned?a=1", third, signed("/webhooks/urlsigned", third))).status).toBe(401);
      expect((await post("/webhooks/urlsigned?a=2", third, signed("/webhooks/urlsigned?a=1", third))).status).toBe(401);
      expect(s.calls).toHaveLength(2);
    });

    it("answers 401 for a tampered body", async () => {
      const payload = stripeEvent();
      const res = await post("/webhooks/stripe/", payload.replace("pi_", "pj_"), stripeHeaders(payload));
      expect([res.status, await res.json()]).toEqual([401, { error: "invalid signature" }]);
      expect(s.calls).toHaveLength(0);
    });

    it("answers 405 with Allow: POST for another method", async () => {
      const res = await fetch(`${base}/webhooks/stripe/`, { method: "GET" });
      expect(res.status).toBe(405);
      expect(res.headers.get("allow")).toBe("POST");
      expect(res.headers.get("content-type")).toMatch(/^application\/json/);
      const put = await fetch(`${base}/webhooks/github`, { method: "PUT", body: "{}" });
      expect(put.status).toBe(405);
    });

    it("answers 413 for a declared Content-Length over the limit, before reading the body", async () => {
      const res = await raw(base, "/webhooks/stripe/small", {
        headers: { "content-type": "application/json", "content-length": "4096" },
        chunks: ["{"],
        stall: true,
      });
      expect(res.status).toBe(413);
      expect(s.calls).toHaveLength(0);
    });

    it("answers 413 for a chunked body that grows over the limit", async () => {
      const payload = JSON.stringify({ pad: "x".repeat(3000) });
      const res = await raw(base, "/webhooks/stripe/small", {
        headers: { ...stripeHeaders(payload), "transfer-encoding": "chunked" },
        chunks: [payload.slice(0, 800), payload.slice(800, 1600), payload.slice(1600)],
      });
      expect(res.status).toBe(413);
      expect(s.calls).toHaveLength(0);
    });

    it("answers 408 for a body that stalls past bodyTimeoutMs", async () => {
      const started = Date.now();
      const res = await raw(base, "/webhooks/stripe/", {
        headers: { "content-type": "application/json", "content-length": "100", "stripe-signature": "t=1,v1=00" },
        chunks: ['{"id":'],
        stall: true,
      });
      expect(res.status).toBe(408);
      expect(res.headers.connection).toBe("close");
      expect(Date.now() - started).toBeGreaterThanOrEqual(250);
      expect(Date.now() - started).toBeLessThan(4000);
    });

    it("answers 400 for a signed body that is not JSON", async () => {
      const res = await post("/webhooks/stripe/", "{not json", stripeHeaders("{not json"));
      expect(res.status).toBe(400);
      expect(s.calls).toHaveLength(0);
    });

    if (fallthrough === "echo") {
      it("leaves other paths to the app, whose own JSON parsing still works", async () => {
        const res = await post("/echo", JSON.stringify({ a: 1 }), { "content-type": "application/json" });
        expect([res.status, await res.json()]).toEqual([200, { parsed: { a: 1 } }]);
      });
    } else {
      it("answers the JSON 404 for other paths", async () => {
        const res = await post("/echo", "{}", { "content-type": "application/json" });
        expect([res.status, await res.json()]).toEqual([404, { error: "not found" }]);
      });
    }

    it("answers 403 when the allowlist refuses 127.0.0.1, even with X-Forwarded-For inside it", async () => {
      for (const extra of [{}, { "x-forwarded-for": "10.1.2.3" }]) {
        const payload = stripeEvent();
        const res = await post("/webhooks/stripe/blocked", payload, { ...stripeHeaders(payload), ...extra });
        expect(res.status).toBe(403);
      }
      expect(s.calls).toHaveLength(0);
    });

    it("takes the client IP from the socket peer, not X-Forwarded-For", async () => {
      const payload = stripeEvent();
      const res = await post("/webhooks/stripe/allowed", payload, { ...stripeHeaders(payload), "x-forwarded-for": "203.0.113.9" });
      expect([res.status, await res.json()]).toEqual([200, { status: "processed" }]);
      expect(s.calls).toHaveLength(1);
    });
  });
}
