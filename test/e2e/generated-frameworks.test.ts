/**
 * The examples that use the generated route files (examples/{node,fetch,fastify,hono,koa}), each
 * served on 127.0.0.1 with its app also parsing JSON on its own routes; deliveries signed by the
 * providers' SDKs reach the typed handlers in examples/shared/webhook_handlers.ts, a tampered one
 * is refused, and the app's own JSON route keeps working.
 */
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { sign as signGitHub } from "@octokit/webhooks-methods";
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EXAMPLE_SECRETS as SECRETS } from "../fixtures/example-app.js";

Object.assign(process.env, SECRETS);
const { received } = await import("../../examples/shared/webhook_handlers.js");
const payload = (name: string) => readFileSync(new URL(`../../examples/payloads/${name}`, import.meta.url), "utf8");
const stripeSdk = new Stripe("sk_test_e2e_frameworks");

interface Running {
  readonly base: string;
  close(): Promise<void>;
}

const listening = async (server: Server): Promise<Running> => {
  if (!server.listening) await new Promise((resolve) => server.once("listening", resolve));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
};

/** How each example is started, as its framework serves it. */
const EXAMPLES: Record<string, () => Promise<Running>> = {
  node: async () => {
    const { createApp } = await import("../../examples/node/app.js");
    return listening(createApp().listen(0, "127.0.0.1"));
  },
  fetch: async () => {
    const app = (await import("../../examples/fetch/app.js")).default;
    return listening(serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }) as Server);
  },
  fastify: async () => {
    const { createApp } = await import("../../examples/fastify/app.js");
    const app = createApp();
    await app.listen({ port: 0, host: "127.0.0.1" });
    const { port } = app.server.address() as AddressInfo;
    return { base: `http://127.0.0.1:${port}`, close: () => app.close() };
  },
  hono: async () => {
    const { createApp } = await import("../../examples/hono/app.js");
    return listening(serve({ fetch: createApp().fetch, port: 0, hostname: "127.0.0.1" }) as Server);
  },
  koa: async () => {
    const { createApp } = await import("../../examples/koa/app.js");
    return listening(createApp().listen(0, "127.0.0.1"));
  },
};

function stripeDelivery(id: string) {
  const event = JSON.parse(payload("stripe.payment_intent.succeeded.json")) as { id: string };
  event.id = id;
  const body = JSON.stringify(event);
  return { body, signature: stripeSdk.webhooks.generateTestHeaderString({ payload: body, secret: SECRETS.STRIPE_WEBHOOK_SECRET }) };
}

describe.each(Object.keys(EXAMPLES))("examples/%s with the generated route file", (name) => {
  let app: Running;
  beforeAll(async () => {
    app = await EXAMPLES[name]!();
  });
  afterAll(() => app.close());

  it("delivers a Stripe event signed by the stripe SDK, once", async () => {
    received.length = 0;
    const { body, signature } = stripeDelivery(`evt_${name}_${randomUUID()}`);
    const send = () => fetch(`${app.base}/webhooks/stripe/`, { method: "POST", headers: { "content-type": "application/json", "stripe-signature": signature }, body });
    const first = await send();
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ status: "processed" });
    const again = await send();
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ status: "duplicate" });
    expect(received.filter((line) => line.startsWith("stripe: payment pi_"))).toHaveLength(1);
  });

  it("delivers a GitHub issues.opened signed by @octokit/webhooks-methods to on(\"issues\")", async () => {
    received.length = 0;
    const body = payload("github.issues.opened.json");
    const res = await fetch(`${app.base}/webhooks/github/`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-github-event": "issues", "x-github-delivery": randomUUID(), "x-hub-signature-256": await signGitHub(SECRETS.GITHUB_WEBHOOK_SECRET, body) },
      body,
    });
    expect(res.status).toBe(200);
    expect(received).toEqual(["github: #1 opened: Spelling error in the README file"]);
  });

  it("refuses a tampered body with 401 and runs no handler", async () => {
    received.length = 0;
    const { body, signature } = stripeDelivery(`evt_${name}_${randomUUID()}`);
    const res = await fetch(`${app.base}/webhooks/stripe/`, {
      method: "POST",
      headers: { "content-type": "application/json", "stripe-signature": signature },
      body: body.replace('"amount":1099', '"amount":1'),
    });
    expect(res.status).toBe(401);
    expect(received).toEqual([]);
  });

  it("leaves the app's own JSON route to the app", async () => {
    const res = await fetch(`${app.base}/echo`, { method: "POST", headers: { "content-type": "application/json" }, body: '{"x":1}' });
    expect(await res.json()).toEqual({ parsed: { x: 1 } });
  });
});
