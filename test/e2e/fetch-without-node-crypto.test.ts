/**
 * The fetch handler with node:crypto unavailable to it (a child process whose source cannot load
 * node:crypto, and whose process.getBuiltinModule hides it, as on Workers without nodejs_compat)
 * gives the same answers as the Node path on the same deliveries, signed by the providers' SDKs.
 */
import { spawn } from "node:child_process";
import { createHmac } from "node:crypto";
import { fileURLToPath } from "node:url";
import { sign as signGitHub } from "@octokit/webhooks-methods";
import Stripe from "stripe";
import { describe, expect, it } from "vitest";
import { fetchWebhookHandler } from "../../src/adapters/fetch.js";
import { defaultCrypto } from "../../src/runtime/crypto/index.js";
import { WebhookRegistry } from "../../src/runtime/registry.js";
import { fixtureEnv, githubDefinition, SECRETS, slackDefinition, stripeDefinition } from "../fixtures/definitions.js";
import { VECTOR_ROUTES, type WireAnswer, type WireDelivery } from "./no-node-crypto/vectors.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
const stripe = new Stripe("sk_test_unused");

async function vectors(): Promise<WireDelivery[]> {
  const now = Math.floor(Date.now() / 1000);
  const wire = (name: string, path: string, headers: Record<string, string>, body: string): WireDelivery => ({
    name,
    path,
    headers,
    body: Buffer.from(body, "utf8").toString("base64"),
  });
  const pi = JSON.stringify({ id: "evt_1", type: "payment_intent.succeeded", created: now, data: { object: { id: "pi_1", amount: 2000 } } });
  const stripeHeader = (payload: string, secret: string, timestamp = now) =>
    stripe.webhooks.generateTestHeaderString({ payload, secret, timestamp });
  const push = JSON.stringify({ ref: "refs/heads/main", zeros: "ü€😀" });
  const gh = async (body: string, secret: string) => ({
    "content-type": "application/json",
    "x-github-event": "push",
    "x-github-delivery": "d-1",
    "x-hub-signature-256": await signGitHub(secret, body),
  });
  const slackBody = JSON.stringify({ type: "event_callback", event_id: "Ev1", event_time: now, event: { type: "app_mention", text: "hi" } });
  const slack = (body: string, secret: string, timestamp = now) => ({
    "content-type": "application/json",
    "x-slack-request-timestamp": String(timestamp),
    "x-slack-signature": `v0=${createHmac("sha256", secret).update(`v0:${timestamp}:${body}`).digest("hex")}`,
  });
  const json = { "content-type": "application/json" };
  return [
    wire("stripe valid", "/webhooks/stripe/", { ...json, "stripe-signature": stripeHeader(pi, SECRETS.stripe) }, pi),
    wire("stripe tampered", "/webhooks/stripe/", { ...json, "stripe-signature": stripeHeader(pi, SECRETS.stripe) }, pi.replace("2000", "2001")),
    wire("stripe wrong secret", "/webhooks/stripe/", { ...json, "stripe-signature": stripeHeader(pi, "whsec_wrong") }, pi),
    wire("stripe stale", "/webhooks/stripe/", { ...json, "stripe-signature": stripeHeader(pi, SECRETS.stripe, now - 3600) }, pi),
    wire("github valid (non-ASCII)", "/webhooks/github", await gh(push, SECRETS.github), push),
    wire("github wrong secret", "/webhooks/github", await gh(push, "nope"), push),
    wire("github missing signature", "/webhooks/github", { ...json, "x-github-event": "push", "x-github-delivery": "d-2" }, push),
    wire("slack valid", "/webhooks/slack/events", slack(slackBody, SECRETS.slack), slackBody),
    wire("slack future timestamp", "/webhooks/slack/events", slack(slackBody, SECRETS.slack, now + 3600), slackBody),
    wire("slack one byte changed", "/webhooks/slack/events", slack(slackBody, SECRETS.slack), slackBody.replace("hi", "hI")),
  ];
}

/** The same deliveries through the fetch handler in this process, which verifies with node:crypto. */
async function answersHere(deliveries: readonly WireDelivery[]): Promise<WireAnswer[]> {
  const registry = new WebhookRegistry().register(stripeDefinition).register(githubDefinition).register(slackDefinition);
  for (const route of VECTOR_ROUTES) registry.processorFor(route.provider, route.webhook).on("*", (event) => ({ handled: event.type }));
  const handle = fetchWebhookHandler(VECTOR_ROUTES, { registry, env: fixtureEnv, dedupe: false, logger: { debug() {}, info() {}, warn() {}, error() {} } });
  const answers: WireAnswer[] = [];
  for (const d of deliveries) {
    const request = new Request(`http://127.0.0.1${d.path}`, { method: "POST", headers: d.headers, body: Buffer.from(d.body, "base64") });
    const response = await handle(request, { remoteAddress: "127.0.0.1" });
    answers.push({ status: response.status, body: await response.text() });
  }
  return answers;
}

/** The same deliveries through the child without node:crypto; its first line names its backend. */
function answersWithoutNodeCrypto(deliveries: readonly WireDelivery[]): Promise<{ backend: string; answers: WireAnswer[] }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ["--import", "tsx", "--import", "./test/e2e/no-node-crypto/hide-node-crypto.mjs", "test/e2e/no-node-crypto/child.ts"],
      { cwd: root, stdio: ["pipe", "pipe", "pipe"] },
    );
    let out = "";
    let err = "";
    child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString("utf8")));
    child.stderr.on("data", (chunk: Buffer) => (err += chunk.toString("utf8")));
    child.on("error", reject);
    child.on("close", (code) => {
      if (code !== 0) return reject(new Error(`child exited ${code}: ${err}`));
      const [first, ...rest] = out.trim().split("\n").map((line) => JSON.parse(line) as unknown);
      resolve({ backend: (first as { backend: string }).backend, answers: rest as WireAnswer[] });
    });
    child.stdin.end(deliveries.map((d) => JSON.stringify(d)).join("\n") + "\n");
  });
}

describe("fetch handler without node:crypto", () => {
  it("the child really has no node:crypto: neither import nor getBuiltinModule reaches it, Web Crypto is there", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", "--import", "./test/e2e/no-node-crypto/hide-node-crypto.mjs", "test/e2e/no-node-crypto/probe.ts"], {
      cwd: root,
    });
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString("utf8")));
    await new Promise((resolve) => child.on("close", resolve));
    expect(JSON.parse(out)).toEqual({ viaImport: "refused", viaBuiltin: "undefined", webCrypto: "object" });
  });

  it("answers every delivery exactly as the Node path does, verifying with Web Crypto", async () => {
    expect(defaultCrypto.kind).toBe("node");
    const deliveries = await vectors();
    const here = await answersHere(deliveries);
    const there = await answersWithoutNodeCrypto(deliveries);
    expect(there.backend).toBe("webcrypto");
    const table = (answers: readonly WireAnswer[]) => deliveries.map((d, i) => `${d.name}: ${answers[i]?.status} ${answers[i]?.body}`);
    expect(table(there.answers)).toEqual(table(here));
    // The vectors are not all alike: valid ones are handled, the rest refused.
    expect(here.map((a) => a.status)).toEqual([200, 401, 401, 401, 200, 401, 401, 200, 401, 401]);
  });
});
