/**
 * End to end over real HTTP: Express 5 with the webhook routes first and a global
 * `express.json()` for the rest of the app, real signatures from the providers' SDKs, and `fetch`.
 */
import { createHmac } from "node:crypto";
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import express from "express";
import Stripe from "stripe";
import { sign as signGitHub } from "@octokit/webhooks-methods";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { expressWebhookRoutes } from "../../src/adapters/express.js";
import { WebhookRegistry } from "../../src/runtime/registry.js";
import type { WebhookEvent } from "../../src/runtime/event.js";
import type { DeadLetterEntry } from "../../src/runtime/dead-letter.js";
import type { WebhookRoute } from "../../src/runtime/routes.js";
import {
  fixtureEnv,
  githubDefinition,
  SECRETS,
  slackDefinition,
  stripeDefinition,
} from "../fixtures/definitions.js";

const stripe = new Stripe("sk_test_dummy");
const registry = new WebhookRegistry().register(stripeDefinition).register(githubDefinition).register(slackDefinition);
const routes: WebhookRoute[] = Object.entries(stripeDefinition.webhooks)
  .map(([webhook, c]) => ({ provider: "stripe", webhook, path: c.path }))
  .concat([
    { provider: "github", webhook: "default", path: "/webhooks/github" },
    { provider: "slack", webhook: "default", path: "/webhooks/slack/events" },
  ]);

const calls: WebhookEvent[] = [];
const deadLetters: DeadLetterEntry[] = [];
const logs: string[] = [];
const failOnce = new Set<string>();
let release: (() => void) | undefined;

let server: Server;
let base: string;

beforeAll(async () => {
  const app = express();
  expressWebhookRoutes(app, routes, {
    registry,
    env: fixtureEnv,
    logger: { debug: (m) => logs.push(m), info: (m) => logs.push(m), warn: (m) => logs.push(m), error: (m) => logs.push(m) },
  });
  app.use(express.json()); // the rest of the app parses JSON globally
  app.post("/echo", (req, res) => {
    res.json({ parsed: req.body as unknown });
  });

  for (const webhook of Object.keys(stripeDefinition.webhooks)) {
    registry.processorFor("stripe", webhook).on("*", (event) => {
      calls.push(event);
    });
  }
  const stripeDefault = registry.createProcessor("stripe");
  stripeDefault.on("payment_intent.succeeded", async (event) => {
    const object = (event.payload as { data: { object: { id: string; fail?: boolean; wait?: boolean } } }).data.object;
    if (object.wait === true) await new Promise<void>((resolve) => (release = resolve));
    if (object.fail === true && !failOnce.has(event.id)) {
      failOnce.add(event.id);
      throw new Error("boom with whsec_should_not_leak");
    }
    return { received: object.id };
  });
  stripeDefault.onDeadLetter((entry) => {
    deadLetters.push(entry);
  });
  registry.processorFor("stripe", "strict422").onDeadLetter((entry) => {
    deadLetters.push(entry);
  });
  registry.createProcessor("github").on(["issues.opened", "push"], (event) => {
    calls.push(event);
  });
  registry.createProcessor("slack").on("*", (event) => {
    calls.push(event);
  });

  server = app.listen(0, "127.0.0.1");
  await new Promise<void>((resolve) => server.once("listening", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

beforeEach(() => {
  calls.length = 0;
  deadLetters.length = 0;
});

let seq = 0;
function stripeEvent(type = "payment_intent.succeeded", object: Record<string, unknown> = {}): string {
  seq += 1;
  return JSON.stringify({
    id: `evt_${seq}_${Date.now()}`,
    type,
    created: 1_700_000_000,
    data: { object: { id: `pi_${seq}`, ...object } },
  });
}

function stripeHeader(payload: string, secret: string = SECRETS.stripe, timestamp?: number): string {
  return stripe.webhooks.generateTestHeaderString({
    payload,
    secret,
    ...(timestamp === undefined ? {} : { timestamp }),
  });
}

function postStripe(path: string, payload: string, signature = stripeHeader(payload)): Promise<Response> {
  return fetch(`${base}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", "stripe-signature": signature },
    body: payload,
  });
}

async function expectJson(res: Response, status: number, body?: unknown): Promise<unknown> {
  expect(res.status).toBe(status);
  expect(res.headers.get("content-type")).toMatch(/^application\/json/);
  const json: unknown = await res.json();
  if (body !== undefined) expect(json).toEqual(body);
  return json;
}

describe("express pipeline over HTTP", () => {
  it("dispatches a verified Stripe event to the right handler with its payload", async () => {
    const payload = stripeEvent();
    const res = await postStripe("/webhooks/stripe/", payload);
    const id = (JSON.parse(payload) as { id: string; data: { object: { id: string } } }).data.object.id;
    await expectJson(res, 200, { received: id });
    expect(calls).toHaveLength(1);
    const event = calls[0]!;
    expect(event.provider).toBe("stripe");
    expect(event.webhook).toBe("default");
    expect(event.type).toBe("payment_intent.succeeded");
    expect(event.id).toBe((JSON.parse(payload) as { id: string }).id);
    expect(event.timestamp.getTime()).toBe(1_700_000_000_000);
    expect(event.payload).toEqual(JSON.parse(payload));
    expect(Buffer.from(event.rawBody).toString()).toBe(payload);
    expect(event.headers["content-type"]).toBe("application/json");
  });

  it("tolerates a missing trailing slash and leaves other routes to express.json()", async () => {
    await expectJson(await postStripe("/webhooks/stripe", stripeEvent()), 200);
    const echo = await fetch(`${base}/echo`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ a: 1 }),
    });
    expect(await echo.json()).toEqual({ parsed: { a: 1 } });
  });

  it("rejects tampered bodies, wrong secrets, stale/future timestamps and missing headers with 401", async () => {
    const payload = stripeEvent();
    const now = Math.floor(Date.now() / 1000);
    const cases: Array<[string, string | undefined]> = [
      [payload.replace("pi_", "pj_"), stripeHeader(payload)],
      [payload, stripeHeader(payload, "whsec_wrong")],
      [payload, stripeHeader(payload, SECRETS.stripe, now - 600)],
      [payload, stripeHeader(payload, SECRETS.stripe, now + 600)],
      [payload, undefined],
    ];
    for (const [body, signature] of cases) {
      const headers: Record<string, string> = { "content-type": "application/json" };
      if (signature !== undefined) headers["stripe-signature"] = signature;
      const res = await fetch(`${base}/webhooks/stripe/`, { method: "POST", headers, body });
      await expectJson(res, 401, { error: "invalid signature" });
    }
    expect(calls).toHaveLength(0);
  });

  it("answers 400 for a signed body that is not JSON", async () => {
    await expectJson(await postStripe("/webhooks/stripe/", "{not json"), 400);
    expect(calls).toHaveLength(0);
  });

  it("answers 405 with Allow: POST for other methods", async () => {
    const res = await fetch(`${base}/webhooks/stripe/`, { method: "GET" });
    await expectJson(res, 405);
    expect(res.headers.get("allow")).toBe("POST");
  });

  it("answers 403 when the client IP is outside the allowlist, and serves it when inside", async () => {
    await expectJson(await postStripe("/webhooks/stripe/blocked", stripeEvent()), 403);
    expect(calls).toHaveLength(0);
    // X-Forwarded-For is ignored without trusted proxies.
    const payload = stripeEvent();
    const spoofed = await fetch(`${base}/webhooks/stripe/blocked`, {
      method: "POST",
      headers: { "stripe-signature": stripeHeader(payload), "x-forwarded-for": "10.1.2.3" },
      body: payload,
    });
    await expectJson(spoofed, 403);
    await expectJson(await postStripe("/webhooks/stripe/allowed", stripeEvent()), 200);
  });

  it("answers 429 with Retry-After past the burst", async () => {
    await expectJson(await postStripe("/webhooks/stripe/limited", stripeEvent()), 200);
    await expectJson(await postStripe("/webhooks/stripe/limited", stripeEvent()), 200);
    const res = await postStripe("/webhooks/stripe/limited", stripeEvent());
    await expectJson(res, 429);
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(calls).toHaveLength(2);
  });

  it("answers 413 for an oversized body, with and without Content-Length", async () => {
    const big = stripeEvent("payment_intent.succeeded", { pad: "x".repeat(4096) });
    await expectJson(await postStripe("/webhooks/stripe/small", big), 413);

    const bytes = new TextEncoder().encode(big);
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < bytes.length; i += 512) controller.enqueue(bytes.subarray(i, i + 512));
        controller.close();
      },
    });
    const chunked = await fetch(`${base}/webhooks/stripe/small`, {
      method: "POST",
      headers: { "stripe-signature": stripeHeader(big) },
      body: stream,
      duplex: "half",
    } as RequestInit);
    await expectJson(chunked, 413);
    expect(calls).toHaveLength(0);
  });

  it("runs a duplicate delivery's handler once", async () => {
    const payload = stripeEvent();
    await expectJson(await postStripe("/webhooks/stripe/", payload), 200);
    await expectJson(await postStripe("/webhooks/stripe/", payload), 200, { status: "duplicate" });
    expect(calls).toHaveLength(1);
  });

  it("answers 409 while the same event is still in flight", async () => {
    const payload = stripeEvent("payment_intent.succeeded", { wait: true });
    const first = postStripe("/webhooks/stripe/", payload);
    await expect.poll(() => release).toBeDefined();
    const second = await postStripe("/webhooks/stripe/", payload);
    await expectJson(second, 409);
    expect(Number(second.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    release!();
    release = undefined;
    await expectJson(await first, 200);
  });

  it("answers 500 when a handler throws, without leaking, and runs the redelivery again", async () => {
    const payload = stripeEvent("payment_intent.succeeded", { fail: true });
    const res = await postStripe("/webhooks/stripe/", payload);
    const text = await res.text();
    expect(res.status).toBe(500);
    expect(JSON.parse(text)).toEqual({ error: "handler failed" });
    expect(text).not.toContain("whsec");
    const again = await postStripe("/webhooks/stripe/", payload);
    await expectJson(again, 200);
    // The typed handler threw before "*" on the first attempt; the redelivery ran everything.
    expect(failOnce.has((JSON.parse(payload) as { id: string }).id)).toBe(true);
    expect(calls).toHaveLength(1);
  });

  it("fails closed with 500 when the secret env var is missing", async () => {
    await expectJson(await postStripe("/webhooks/stripe/nosecret", stripeEvent()), 500);
    expect(calls).toHaveLength(0);
    expect(logs.some((l) => l.includes("STRIPE_MISSING_SECRET"))).toBe(true);
  });

  it("ignores unsubscribed and unknown event types with 200, keeping the unknown one as a dead letter", async () => {
    await expectJson(await postStripe("/webhooks/stripe/", stripeEvent("charge.refunded")), 200, { status: "ignored" });
    expect(deadLetters).toHaveLength(0); // unsubscribed: the user chose not to receive it
    await expectJson(await postStripe("/webhooks/stripe/", stripeEvent("made.up")), 200, { status: "ignored" });
    expect(calls).toHaveLength(0);
    expect(deadLetters).toHaveLength(1);
    expect(deadLetters[0]).toMatchObject({ reason: "unknown_event_type", provider: "stripe", webhook: "default", type: "made.up", issues: [] });
  });

  it("dead-letters an invalid payload with 202 (or 422 when configured) and never dispatches it", async () => {
    const invalid = JSON.stringify({ id: "evt_invalid_1", type: "payment_intent.succeeded", created: 1, data: { object: {} } });
    await expectJson(await postStripe("/webhooks/stripe/", invalid), 202, { status: "invalid" });
    await expectJson(await postStripe("/webhooks/stripe/422", invalid), 422, { status: "invalid" });
    expect(calls).toHaveLength(0);
    expect(deadLetters).toHaveLength(2);
    expect(deadLetters[0]).toMatchObject({ reason: "invalid_payload", provider: "stripe", webhook: "default", id: "evt_invalid_1", type: "payment_intent.succeeded" });
    expect(deadLetters[0]!.issues[0]!.path).toEqual(["data", "object", "id"]);
    expect(registry.createProcessor("stripe").deadLetters.at(-1)?.id).toBe("evt_invalid_1");
  });

  it("verifies GitHub deliveries signed by @octokit/webhooks-methods and appends the action", async () => {
    const body = JSON.stringify({ action: "opened", issue: { number: 1 } });
    const res = await fetch(`${base}/webhooks/github`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-github-event": "issues",
        "x-github-delivery": "d-1",
        "x-hub-signature-256": await signGitHub(SECRETS.github, body),
      },
      body,
    });
    await expectJson(res, 200, { status: "processed" });
    const push = JSON.stringify({ ref: "refs/heads/main" });
    const res2 = await fetch(`${base}/webhooks/github`, {
      method: "POST",
      headers: { "x-github-event": "push", "x-github-delivery": "d-2", "x-hub-signature-256": await signGitHub(SECRETS.github, push) },
      body: push,
    });
    await expectJson(res2, 200);
    expect(calls.map((c) => `${c.type}:${c.id}`)).toEqual(["issues.opened:d-1", "push:d-2"]);
  });

  function slackHeaders(body: string, contentType: string): Record<string, string> {
    const ts = String(Math.floor(Date.now() / 1000));
    const sig = createHmac("sha256", SECRETS.slack).update(`v0:${ts}:${body}`).digest("hex");
    return { "content-type": contentType, "x-slack-request-timestamp": ts, "x-slack-signature": `v0=${sig}` };
  }

  it("answers Slack's url_verification handshake with the challenge", async () => {
    const body = JSON.stringify({ type: "url_verification", challenge: "abc123", token: "t" });
    const res = await fetch(`${base}/webhooks/slack/events`, { method: "POST", headers: slackHeaders(body, "application/json"), body });
    await expectJson(res, 200, { challenge: "abc123" });
    expect(calls).toHaveLength(0);
  });

  it("dispatches Slack events (JSON) and interactivity (form-encoded payload)", async () => {
    const body = JSON.stringify({ type: "event_callback", event_id: "Ev1", event_time: 1_700_000_000, event: { type: "app_mention" } });
    await expectJson(
      await fetch(`${base}/webhooks/slack/events`, { method: "POST", headers: slackHeaders(body, "application/json"), body }),
      200,
    );
    const form = new URLSearchParams({ payload: JSON.stringify({ type: "block_actions", trigger_id: "T1" }) }).toString();
    await expectJson(
      await fetch(`${base}/webhooks/slack/events`, {
        method: "POST",
        headers: slackHeaders(form, "application/x-www-form-urlencoded"),
        body: form,
      }),
      200,
    );
    expect(calls.map((c) => `${c.type}:${c.id}`)).toEqual(["app_mention:Ev1", "block_actions:T1"]);
  });
});
