/**
 * The shared adapter cases against a NestJS 12 app on platform-express, created with
 * `{ rawBody: true }` and Nest's default (global) JSON and urlencoded parsing on; then the
 * `req.rawBody` fallback, used where the parsers cannot be bypassed (a global prefix), and the
 * 500 when there are no raw bytes at all.
 */
import type { Server } from "node:http";
import { Body, Controller, HttpCode, Module, Post, type NestApplicationOptions } from "@nestjs/common";
import { NestFactory } from "@nestjs/core";
import Stripe from "stripe";
import { describe, expect, it } from "vitest";
import { NEST_WEBHOOK_OPTIONS } from "../../../src/adapters/nest.js";
import { SECRETS } from "../../fixtures/definitions.js";
import { nestWebhooksController } from "../../fixtures/nest-controller.js";
import { listen, runAdapterCases, setup, type Setup } from "./cases.js";

/** The app's own route: answers what Nest's JSON parser made of the body. */
class EchoController {
  echo(body: unknown): { parsed: unknown } {
    return { parsed: body };
  }
}
Controller()(EchoController);
{
  const descriptor = Object.getOwnPropertyDescriptor(EchoController.prototype, "echo")!;
  Post("echo")(EchoController.prototype, "echo", descriptor);
  HttpCode(200)(EchoController.prototype, "echo", descriptor);
  Body()(EchoController.prototype, "echo", 0);
}

async function startNest(
  s: Setup,
  { bypass = true, prefix, app: appOptions = { rawBody: true } }: { bypass?: boolean; prefix?: string; app?: NestApplicationOptions } = {},
): Promise<{ base: string; close: () => Promise<void> }> {
  class AppModule {}
  Module({
    controllers: [nestWebhooksController(s.routes, bypass), EchoController],
    providers: [{ provide: NEST_WEBHOOK_OPTIONS, useValue: s.options }],
  })(AppModule);
  const app = await NestFactory.create(AppModule, { logger: false, ...appOptions });
  if (prefix !== undefined) app.setGlobalPrefix(prefix);
  await app.init();
  const base = await listen(app.getHttpServer() as Server);
  return { base, close: () => app.close() };
}

runAdapterCases("nest", "echo", (s) => startNest(s));

describe("nest adapter without the parser bypass", () => {
  const stripe = new Stripe("sk_test_dummy");
  const delivery = (id: string) => {
    const payload = JSON.stringify({ id, type: "payment_intent.succeeded", created: 1_700_000_000, data: { object: { id: "pi_1" } } });
    const header = stripe.webhooks.generateTestHeaderString({ payload, secret: SECRETS.stripe });
    return { payload, headers: { "content-type": "application/json", "stripe-signature": header } };
  };

  it("verifies Nest's req.rawBody under a global prefix (the parsers read first)", async () => {
    const s = setup();
    const { base, close } = await startNest(s, { prefix: "api" });
    try {
      const d = delivery(`evt_nest_prefix_${Date.now()}`);
      const ok = await fetch(`${base}/api/webhooks/stripe/`, { method: "POST", headers: d.headers, body: d.payload });
      expect([ok.status, await ok.json()]).toEqual([200, { status: "processed" }]);
      expect(s.calls.map((e) => Buffer.from(e.rawBody).toString())).toEqual([d.payload]);
      const tampered = await fetch(`${base}/api/webhooks/stripe/`, { method: "POST", headers: d.headers, body: d.payload.replace("pi_1", "pi_2") });
      expect(tampered.status).toBe(401);
      const get = await fetch(`${base}/api/webhooks/stripe/`);
      expect([get.status, get.headers.get("allow")]).toEqual([405, "POST"]);
    } finally {
      await close();
    }
  });

  it("answers 500 and logs how to fix it when rawBody is off and Nest parsed the body", async () => {
    const s = setup();
    const { base, close } = await startNest(s, { bypass: false, app: {} });
    try {
      const d = delivery(`evt_nest_noraw_${Date.now()}`);
      const res = await fetch(`${base}/webhooks/stripe/`, { method: "POST", headers: d.headers, body: d.payload });
      expect([res.status, await res.json()]).toEqual([500, { error: "internal error" }]);
      expect(s.calls).toHaveLength(0);
      expect(s.logs.join("\n")).toContain("NestFactory.create(AppModule, { rawBody: true })");
    } finally {
      await close();
    }
  });
});
