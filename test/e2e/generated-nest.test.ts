/**
 * End to end with the generated code on NestJS: the example Nest app (examples/nest: `rawBody: true`,
 * Nest's global JSON parsing, the generated WebhooksModule, typed handlers in
 * examples/nest/webhook_handlers.ts) on 127.0.0.1, deliveries signed by the providers' SDKs.
 */
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Module, type INestApplication } from "@nestjs/common";
import { NestFactory } from "@nestjs/core";
import { sign as signGitHub } from "@octokit/webhooks-methods";
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EXAMPLE_SECRETS as SECRETS } from "../fixtures/example-app.js";
import { raw } from "./adapters/cases.js";

const payload = (name: string) => readFileSync(new URL(`../../examples/payloads/${name}`, import.meta.url), "utf8");
const stripeSdk = new Stripe("sk_test_e2e");

let app: INestApplication;
let base: string;
let received: readonly string[];
beforeAll(async () => {
  Object.assign(process.env, SECRETS);
  const { createApp } = await import("../../examples/nest/app.js");
  ({ received } = await import("../../examples/nest/webhook_handlers.js"));
  app = await createApp(false);
  await app.listen(0, "127.0.0.1");
  base = `http://127.0.0.1:${((app.getHttpServer() as Server).address() as AddressInfo).port}`;
});
afterAll(() => app.close());

async function post(path: string, body: string, headers: Record<string, string>) {
  const res = await fetch(base + path, { method: "POST", body, headers: { "content-type": "application/json", ...headers } });
  return { status: res.status, body: (await res.json()) as unknown };
}

function stripeDelivery(id: string) {
  const event = JSON.parse(payload("stripe.payment_intent.succeeded.json")) as { id: string };
  event.id = id;
  const body = JSON.stringify(event);
  return { body, headers: { "stripe-signature": stripeSdk.webhooks.generateTestHeaderString({ payload: body, secret: SECRETS.STRIPE_WEBHOOK_SECRET }) } };
}

describe("the generated WebhooksModule in a Nest app", () => {
  it("Stripe payment_intent.succeeded signed with stripe.webhooks.generateTestHeaderString reaches the typed handler", async () => {
    const d = stripeDelivery(`evt_nest_${randomUUID()}`);
    expect(await post("/webhooks/stripe/", d.body, d.headers)).toEqual({
      status: 200,
      body: { status: "processed", paymentIntent: "pi_1PgafyB7WZ01zgkWSjxsAJo3" },
    });
    expect(received).toContain("stripe: payment pi_1PgafyB7WZ01zgkWSjxsAJo3 succeeded for 1099 usd");
    // Its replay is a duplicate, without the trailing slash too.
    expect(await post("/webhooks/stripe", d.body, d.headers)).toEqual({ status: 200, body: { status: "duplicate" } });
  });

  it("GitHub issues.opened signed with @octokit/webhooks-methods reaches the typed handler", async () => {
    const body = payload("github.issues.opened.json");
    const res = await post("/webhooks/github/", body, {
      "x-github-event": "issues",
      "x-github-delivery": randomUUID(),
      "x-hub-signature-256": await signGitHub(SECRETS.GITHUB_WEBHOOK_SECRET, body),
    });
    expect(res).toEqual({ status: 200, body: { status: "processed" } });
    expect(received).toContain("github: Codertocat/Hello-World#1 opened: Spelling error in the README file");
  });

  it("refuses a tampered or wrongly signed delivery before any handler, and other methods with 405", async () => {
    const before = received.length;
    const d = stripeDelivery(`evt_nest_${randomUUID()}`);
    expect((await post("/webhooks/stripe/", d.body.replace("1099", "9999"), d.headers)).status).toBe(401);
    const body = payload("github.issues.opened.json");
    const wrong = await post("/webhooks/github/", body, {
      "x-github-event": "issues",
      "x-github-delivery": randomUUID(),
      "x-hub-signature-256": await signGitHub("not-the-secret", body),
    });
    expect(wrong.status).toBe(401);
    const get = await fetch(`${base}/webhooks/stripe/`);
    expect([get.status, get.headers.get("allow")]).toEqual([405, "POST"]);
    expect(received.length).toBe(before);
  });

  it("keeps Nest's parser off webhook bodies: a declared over-limit body gets the pipeline's 413 before it is sent", async () => {
    // 2 MiB: over Stripe's 1 MiB max_body_bytes and over Nest's 100 kB parser limit, whose own 413
    // would have another body (Nest's error format).
    const res = await raw(base, "/webhooks/stripe/", {
      headers: { "content-type": "application/json", "content-length": String(2 * 1024 * 1024) },
      chunks: ["{"],
      stall: true,
    });
    expect([res.status, JSON.parse(res.body)]).toEqual([413, { error: "payload too large" }]);
  });

  it("leaves Nest's JSON parsing on for the app's own routes", async () => {
    expect(await post("/echo", JSON.stringify({ a: 1 }), {})).toEqual({ status: 201, body: { parsed: { a: 1 } } });
    expect(await (await fetch(`${base}/health`)).json()).toEqual({ ok: true });
  });
});

describe("WebhooksModule.forRoot(options)", () => {
  it("hands its pipeline options to the controller (here an empty env and a logger)", async () => {
    const logs: string[] = [];
    const log = (m: string): void => void logs.push(m);
    const { WebhooksModule } = await import("../../generated/routes/nest.js");
    class OptionsAppModule {}
    Module({ imports: [WebhooksModule.forRoot({ env: {}, logger: { debug: log, info: log, warn: log, error: log } })] })(OptionsAppModule);
    const other = await NestFactory.create(OptionsAppModule, { rawBody: true, logger: false });
    await other.listen(0, "127.0.0.1");
    try {
      const url = `http://127.0.0.1:${((other.getHttpServer() as Server).address() as AddressInfo).port}/webhooks/stripe/`;
      const d = stripeDelivery(`evt_nest_${randomUUID()}`);
      const res = await fetch(url, { method: "POST", body: d.body, headers: { "content-type": "application/json", ...d.headers } });
      expect(res.status).toBe(500); // no STRIPE_WEBHOOK_SECRET in the given env: refused, never accepted
      expect(logs.join("\n")).toContain("STRIPE_WEBHOOK_SECRET");
    } finally {
      await other.close();
    }
  });
});
