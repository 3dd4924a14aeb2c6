/**
 * End to end with the generated code: the example Express app (global express.json(), generated
 * routes, typed handlers in examples/express/webhook_handlers.ts) on 127.0.0.1, deliveries signed by
 * the providers' official SDKs, sent with fetch.
 */
import { createHmac, randomUUID } from "node:crypto";
import { format } from "node:util";
import createDebug from "debug";
import { readFileSync } from "node:fs";
import { sign as signGitHub } from "@octokit/webhooks-methods";
import { isValidSlackRequest } from "@slack/bolt";
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { EXAMPLE_SECRETS as SECRETS, startExampleApp, type RunningExampleApp } from "../fixtures/example-app.js";

const payload = (name: string) => readFileSync(new URL(`../../examples/payloads/${name}`, import.meta.url), "utf8");
const stripeSdk = new Stripe("sk_test_e2e");

// Everything the runtime logs (debug namespace on, console warnings and errors), to prove it
// never contains a secret or a signature.
const logged: string[] = [];
const signatures: string[] = [];
createDebug.enable("smart-api-integrations:*");
createDebug.log = (...args: unknown[]) => void logged.push(format(...args));
for (const level of ["warn", "error"] as const) {
  const original = console[level];
  console[level] = (...args: unknown[]) => {
    logged.push(format(...args));
    original.call(console, ...args);
  };
}

let app: RunningExampleApp;
let base: string;
let received: readonly string[];
beforeAll(async () => {
  app = await startExampleApp();
  ({ base, received } = app);
});
afterAll(() => app.close());

async function post(path: string, body: string, headers: Record<string, string>, method = "POST") {
  for (const [name, value] of Object.entries(headers)) if (name.includes("signature")) signatures.push(value);
  const res = await fetch(base + path, { method, body, headers: { "content-type": "application/json", ...headers } });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

function stripeDelivery(id: string, secret: string = SECRETS.STRIPE_WEBHOOK_SECRET, timestamp?: number) {
  const event = JSON.parse(payload("stripe.payment_intent.succeeded.json")) as { id: string };
  event.id = id;
  const body = JSON.stringify(event);
  const header = stripeSdk.webhooks.generateTestHeaderString({
    payload: body,
    secret,
    ...(timestamp === undefined ? {} : { timestamp }),
  });
  return { body, headers: { "stripe-signature": header } };
}

async function githubDelivery(event: string, file: string, secret: string = SECRETS.GITHUB_WEBHOOK_SECRET) {
  const body = payload(file);
  return {
    body,
    headers: {
      "x-github-event": event,
      "x-github-delivery": randomUUID(),
      "x-hub-signature-256": await signGitHub(secret, body),
    },
  };
}

function slackDelivery(body: string, secret: string = SECRETS.SLACK_SIGNING_SECRET) {
  const ts = Math.floor(Date.now() / 1000);
  const signature = `v0=${createHmac("sha256", secret).update(`v0:${ts}:${body}`).digest("hex")}`;
  return { body, headers: { "x-slack-request-timestamp": String(ts), "x-slack-signature": signature }, ts };
}

describe("signed deliveries reach the typed handlers", () => {
  it("Stripe payment_intent.succeeded (signed with stripe.webhooks.generateTestHeaderString)", async () => {
    const d = stripeDelivery("evt_e2e_ok");
    const res = await post("/webhooks/stripe/", d.body, d.headers);
    expect(res).toEqual({ status: 200, body: { status: "processed", paymentIntent: "pi_1PgafyB7WZ01zgkWSjxsAJo3" } });
    expect(received).toContain("stripe: payment pi_1PgafyB7WZ01zgkWSjxsAJo3 succeeded for 1099 usd");
    // The trailing slash is tolerated both ways.
    const again = stripeDelivery("evt_e2e_no_slash");
    expect((await post("/webhooks/stripe", again.body, again.headers)).status).toBe(200);
  });

  it("GitHub issues.opened (signed with @octokit/webhooks-methods)", async () => {
    const d = await githubDelivery("issues", "github.issues.opened.json");
    const res = await post("/webhooks/github/", d.body, d.headers);
    expect(res).toEqual({ status: 200, body: { status: "processed" } });
    expect(received).toContain("github: Codertocat/Hello-World#1 opened: Spelling error in the README file");
  });

  it("Slack app_mention (Slack's documented scheme, accepted by @slack/bolt's own verifier too)", async () => {
    const d = slackDelivery(payload("slack.app_mention.json"));
    expect(
      isValidSlackRequest({
        signingSecret: SECRETS.SLACK_SIGNING_SECRET,
        body: d.body,
        headers: {
          "x-slack-signature": d.headers["x-slack-signature"],
          "x-slack-request-timestamp": d.ts,
        },
      }),
    ).toBe(true);
    const res = await post("/webhooks/slack/", d.body, d.headers);
    expect(res).toEqual({ status: 200, body: { status: "processed" } });
    expect(received.some((line) => line.startsWith("slack: mentioned in C123ABC456"))).toBe(true);
  });

  it("Slack url_verification is answered by the runtime", async () => {
    const d = slackDelivery(JSON.stringify({ token: "t", challenge: "ch4ll3nge", type: "url_verification" }));
    expect(await post("/webhooks/slack/", d.body, d.headers)).toEqual({ status: 200, body: { challenge: "ch4ll3nge" } });
  });
});

describe("refused deliveries never reach a handler", () => {
  const refusals: [string, () => Promise<{ status: number; body: Record<string, unknown> }>, number][] = [
    ["tampered body", async () => {
      const d = stripeDelivery("evt_e2e_tampered");
      return post("/webhooks/stripe/", d.body.replace("1099", "9999"), d.headers);
    }, 401],
    ["wrong secret", async () => {
      const d = stripeDelivery("evt_e2e_wrong", "whsec_not_it");
      return post("/webhooks/stripe/", d.body, d.headers);
    }, 401],
    ["stale timestamp", async () => {
      const d = stripeDelivery("evt_e2e_stale", SECRETS.STRIPE_WEBHOOK_SECRET, Math.floor(Date.now() / 1000) - 301);
      return post("/webhooks/stripe/", d.body, d.headers);
    }, 401],
    ["future timestamp", async () => {
      const d = stripeDelivery("evt_e2e_future", SECRETS.STRIPE_WEBHOOK_SECRET, Math.floor(Date.now() / 1000) + 330);
      return post("/webhooks/stripe/", d.body, d.headers);
    }, 401],
    ["missing signature header", async () => {
      const d = await githubDelivery("issues", "github.issues.opened.json");
      const { "x-hub-signature-256": _dropped, ...headers } = d.headers;
      return post("/webhooks/github/", d.body, headers);
    }, 401],
    ["GitHub wrong secret", async () => {
      const d = await githubDelivery("issues", "github.issues.opened.json", "nope");
      return post("/webhooks/github/", d.body, d.headers);
    }, 401],
    ["Slack wrong secret", async () => {
      const d = slackDelivery(payload("slack.app_mention.json"), "nope");
      return post("/webhooks/slack/", d.body, d.headers);
    }, 401],
    ["bad JSON (correctly signed)", async () => {
      const body = '{"id": "evt_bad", ';
      const header = stripeSdk.webhooks.generateTestHeaderString({ payload: body, secret: SECRETS.STRIPE_WEBHOOK_SECRET });
      return post("/webhooks/stripe/", body, { "stripe-signature": header });
    }, 400],
  ];

  it.each(refusals)("%s → %i", async (_label, send, status) => {
    const before = received.length;
    const res = await send();
    expect(res.status).toBe(status);
    expect(JSON.stringify(res.body)).not.toMatch(/whsec_|secret|stack/i);
    expect(received.length).toBe(before);
  });

  it("wrong method → 405 with Allow: POST", async () => {
    const res = await fetch(`${base}/webhooks/stripe/`, { method: "GET" });
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("POST");
  });

  it("a duplicate delivery runs its handler once", async () => {
    const d = stripeDelivery("evt_e2e_dup");
    const before = received.length;
    expect((await post("/webhooks/stripe/", d.body, d.headers)).body).toEqual({ status: "processed", paymentIntent: "pi_1PgafyB7WZ01zgkWSjxsAJo3" });
    expect(await post("/webhooks/stripe/", d.body, d.headers)).toEqual({ status: 200, body: { status: "duplicate" } });
    // middleware + handler each log one line, once.
    expect(received.length - before).toBe(2);
  });

  it("other routes of the app still get express.json()'s parsed body", async () => {
    const res = await fetch(`${base}/health`);
    expect(await res.json()).toEqual({ ok: true });
  });
});

describe("logging", () => {
  it("logged every refusal under smart-api-integrations:webhook, and never a secret or signature", () => {
    const text = logged.join("\n");
    expect(text).toContain("smart-api-integrations:webhook");
    expect(text).toMatch(/rejected: /);
    expect(signatures.length).toBeGreaterThan(5);
    for (const secret of Object.values(SECRETS)) expect(text).not.toContain(secret);
    for (const signature of signatures) {
      // The hex digest is the part a log line could leak (Stripe's header also holds t=).
      for (const digest of signature.match(/[0-9a-f]{64}/g) ?? []) expect(text).not.toContain(digest);
    }
  });
});
