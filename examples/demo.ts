// `npm run demo`: runs the example Express app on 127.0.0.1 and sends it signed Stripe, GitHub and
// Slack deliveries (signatures made by the providers' official SDKs), plus two that must be refused.
import { createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { sign as signGitHub } from "@octokit/webhooks-methods";
import Stripe from "stripe";

// Embedded defaults so the demo needs no setup; real deployments set these in the environment.
process.env.STRIPE_WEBHOOK_SECRET ??= "whsec_demo_stripe_secret";
process.env.GITHUB_WEBHOOK_SECRET ??= "demo-github-secret";
process.env.SLACK_SIGNING_SECRET ??= "demo-slack-signing-secret";

const { createApp } = await import("./express/app.js");
const { received } = await import("./express/webhook_handlers.js");

const payload = (name: string) => readFileSync(new URL(`./payloads/${name}`, import.meta.url), "utf8");

const server = createApp().listen(0, "127.0.0.1");
await new Promise((resolve) => server.once("listening", resolve));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

async function deliver(label: string, path: string, body: string, headers: Record<string, string>) {
  const res = await fetch(base + path, { method: "POST", body, headers: { "content-type": "application/json", ...headers } });
  console.log(`${label.padEnd(40)} → ${res.status} ${await res.text()}`);
}

const stripeBody = payload("stripe.payment_intent.succeeded.json");
const stripeHeader = new Stripe("sk_test_demo").webhooks.generateTestHeaderString({
  payload: stripeBody,
  secret: process.env.STRIPE_WEBHOOK_SECRET,
});
await deliver("stripe payment_intent.succeeded", "/webhooks/stripe/", stripeBody, { "stripe-signature": stripeHeader });
await deliver("stripe, same delivery again", "/webhooks/stripe/", stripeBody, { "stripe-signature": stripeHeader });
await deliver("stripe, tampered body", "/webhooks/stripe/", stripeBody.replace("succeeded", "failed"), {
  "stripe-signature": stripeHeader,
});

const githubBody = payload("github.issues.opened.json");
await deliver("github issues.opened", "/webhooks/github/", githubBody, {
  "x-github-event": "issues",
  "x-github-delivery": "72d3162e-cc78-11e3-81ab-4c9367dc0958",
  "x-hub-signature-256": await signGitHub(process.env.GITHUB_WEBHOOK_SECRET!, githubBody),
});
await deliver("github, wrong secret", "/webhooks/github/", githubBody, {
  "x-github-event": "issues",
  "x-github-delivery": "72d3162e-cc78-11e3-81ab-4c9367dc0959",
  "x-hub-signature-256": await signGitHub("not-the-secret", githubBody),
});

// Slack documents its scheme rather than shipping a signer: v0=HMAC-SHA256("v0:{ts}:{body}").
const slackBody = payload("slack.app_mention.json");
const ts = String(Math.floor(Date.now() / 1000));
const slackSignature = `v0=${createHmac("sha256", process.env.SLACK_SIGNING_SECRET).update(`v0:${ts}:${slackBody}`).digest("hex")}`;
await deliver("slack app_mention", "/webhooks/slack/", slackBody, {
  "x-slack-request-timestamp": ts,
  "x-slack-signature": slackSignature,
});

console.log("\nWhat the typed handlers received:");
for (const line of received) console.log(`  ${line}`);
server.close();
