/**
 * What the reliability suite sends: valid deliveries signed by the providers' SDKs (each body
 * carries {@link BODY_MARKER}, so the log check can prove no body was logged), the setup every
 * server gets, and a sender that puts exact bytes and repeated headers on the wire.
 */
import { createHmac } from "node:crypto";
import { request as httpRequest } from "node:http";
import { connect } from "node:net";
import Stripe from "stripe";
import { sign as signGitHub } from "@octokit/webhooks-methods";
import { WebhookRegistry } from "../../src/runtime/registry.js";
import type { WebhookEvent } from "../../src/runtime/event.js";
import type { WebhookRoute } from "../../src/runtime/routes.js";
import type { ProviderDefinition } from "../../src/runtime/types.js";
import { fixtureEnv, githubDefinition, SECRETS, slackDefinition, stripeDefinition } from "../fixtures/definitions.js";
import type { Setup } from "../e2e/adapters/cases.js";

/** In every body; must never appear in a log line. */
export const BODY_MARKER = "RELIABILITY-BODY-MARKER-5b1f0c";

/** Every MAC (lower-case hex) this process sent, valid or not; must never appear in a log line. */
export const sentSignatures = new Set<string>();

function remember(header: string): string {
  for (const match of header.matchAll(/[0-9a-f]{64}/g)) sentSignatures.add(match[0]);
  return header;
}

/** Stripe with two more webhooks whose secret env vars are set but blank. */
const stripe: ProviderDefinition = {
  ...stripeDefinition,
  webhooks: {
    ...stripeDefinition.webhooks,
    empty: { ...stripeDefinition.webhooks.default!, path: "/webhooks/stripe/empty", secretEnv: "STRIPE_EMPTY_SECRET" },
    blank: { ...stripeDefinition.webhooks.default!, path: "/webhooks/stripe/blank", secretEnv: "STRIPE_BLANK_SECRET" },
  },
};

export const routes: readonly WebhookRoute[] = [
  { provider: "stripe", webhook: "default", path: "/webhooks/stripe/" },
  { provider: "stripe", webhook: "blocked", path: "/webhooks/stripe/blocked" },
  { provider: "stripe", webhook: "small", path: "/webhooks/stripe/small" },
  { provider: "stripe", webhook: "nosecret", path: "/webhooks/stripe/nosecret" },
  { provider: "stripe", webhook: "empty", path: "/webhooks/stripe/empty" },
  { provider: "stripe", webhook: "blank", path: "/webhooks/stripe/blank" },
  { provider: "github", webhook: "default", path: "/webhooks/github" },
  { provider: "slack", webhook: "default", path: "/webhooks/slack/events" },
];

/**
 * A fresh registry recording every handler call, in the shape the adapter tests' servers take.
 * No `logger`: the default one (debug + console) is what the log check must see. The
 * failed-verification budget is off, so the hundreds of 401s this suite sends from 127.0.0.1
 * stay 401s instead of turning into the budget's 429 (test/e2e/defects.test.ts covers that).
 */
export function reliabilitySetup(): Setup {
  const calls: WebhookEvent[] = [];
  const registry = new WebhookRegistry().register(stripe).register(githubDefinition).register(slackDefinition);
  for (const webhook of Object.keys(stripe.webhooks)) registry.processorFor("stripe", webhook).on("*", (event) => void calls.push(event));
  registry.createProcessor("github").on("*", (event) => void calls.push(event));
  registry.createProcessor("slack").on("*", (event) => void calls.push(event));
  return {
    routes,
    calls,
    logs: [],
    options: {
      registry,
      env: { ...fixtureEnv, STRIPE_EMPTY_SECRET: "", STRIPE_BLANK_SECRET: " , " },
      bodyTimeoutMs: 2_000,
      failedVerificationBudget: false,
    },
  };
}

/** One request, byte for byte. Header arrays are sent as repeated header lines. */
export interface Wire {
  readonly path: string;
  readonly headers: Readonly<Record<string, string | readonly string[]>>;
  readonly body: string | Uint8Array;
  /** Written as separate chunks with `Transfer-Encoding: chunked` (no Content-Length). */
  readonly chunked?: boolean;
}

export interface Answer {
  readonly status: number;
  readonly body: string;
}

const sdk = new Stripe("sk_test_reliability");
let seq = 0;

/** A fresh Stripe event body (unique id, so dedupe never merges two cases). */
export function stripeBody(extra: Record<string, unknown> = {}): string {
  seq += 1;
  return JSON.stringify({
    id: `evt_rel_${process.pid}_${seq}_${Date.now()}`,
    type: "payment_intent.succeeded",
    created: Math.floor(Date.now() / 1000),
    data: { object: { id: `pi_rel_${seq}`, description: BODY_MARKER } },
    ...extra,
  });
}

/** `Stripe-Signature` from the Stripe SDK; `timestamp` in seconds. */
export function stripeSignature(payload: string, options: { secret?: string; timestamp?: number } = {}): string {
  return remember(
    sdk.webhooks.generateTestHeaderString({
      payload,
      secret: options.secret ?? SECRETS.stripe,
      ...(options.timestamp === undefined ? {} : { timestamp: options.timestamp }),
    }),
  );
}

/**
 * A Stripe signature over raw bytes. The SDK takes the payload as a string (it concatenates
 * `${t}.${payload}`), so bytes that are not UTF-8 cannot go through it: this is the same HMAC
 * computed directly, for the invalid-UTF-8 case only.
 */
export function stripeSignatureOfBytes(payload: Uint8Array): string {
  const t = Math.floor(Date.now() / 1000);
  const mac = createHmac("sha256", SECRETS.stripe).update(`${t}.`).update(payload).digest("hex");
  return remember(`t=${t},v1=${mac}`);
}

export function stripeWire(payload: string, path = "/webhooks/stripe/", signature = stripeSignature(payload)): Wire {
  return { path, headers: { "content-type": "application/json", "stripe-signature": signature }, body: payload };
}

/** A fresh GitHub issues.opened body. */
export function githubBody(): string {
  seq += 1;
  return JSON.stringify({ action: "opened", issue: { number: seq, title: BODY_MARKER }, at: Date.now() });
}

/** `X-Hub-Signature-256` from @octokit/webhooks-methods. */
export async function githubSignature(payload: string, secret: string = SECRETS.github): Promise<string> {
  return remember(await signGitHub(secret, payload));
}

export async function githubWire(payload: string, signature?: string): Promise<Wire> {
  seq += 1;
  return {
    path: "/webhooks/github",
    headers: {
      "content-type": "application/json",
      "x-github-event": "issues",
      "x-github-delivery": `gh-rel-${process.pid}-${seq}-${Date.now()}`,
      "x-hub-signature-256": signature ?? (await githubSignature(payload)),
    },
    body: payload,
  };
}

/**
 * A Slack Events API delivery signed `v0=HMAC(v0:{timestamp}:{body})` as Slack documents it
 * (Slack publishes no signing helper; test/e2e/generated-express.test.ts checks this exact
 * computation against @slack/bolt's own verifier). `timestamp` in seconds.
 */
export function slackWire(timestamp: number = Math.floor(Date.now() / 1000)): Wire {
  seq += 1;
  const body = JSON.stringify({
    type: "event_callback",
    event_id: `Ev_rel_${process.pid}_${seq}_${Date.now()}`,
    event_time: timestamp,
    event: { type: "app_mention", text: BODY_MARKER },
  });
  const signature = remember(`v0=${createHmac("sha256", SECRETS.slack).update(`v0:${timestamp}:${body}`).digest("hex")}`);
  return {
    path: "/webhooks/slack/events",
    headers: { "content-type": "application/json", "x-slack-request-timestamp": String(timestamp), "x-slack-signature": signature },
    body,
  };
}

/**
 * Sends `wire` with node:http (a fresh connection each time, so a server closing one after a 413
 * cannot disturb the next). A reset after the answer arrived is the server ending an upload it
 * refused, not a failure.
 */
export function send(base: string, wire: Wire): Promise<Answer> {
  const url = new URL(wire.path, base);
  const body = typeof wire.body === "string" ? Buffer.from(wire.body) : Buffer.from(wire.body);
  return new Promise((resolve, reject) => {
    let answered = false;
    const req = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: "POST",
        agent: false,
        headers: { ...(wire.chunked === true ? { "transfer-encoding": "chunked" } : { "content-length": String(body.length) }), ...wire.headers } as Record<
          string,
          string | string[]
        >,
      },
      (res) => {
        answered = true;
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }));
        res.on("error", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }));
      },
    );
    req.on("error", (error) => {
      if (!answered) reject(error);
    });
    if (wire.chunked === true) {
      const third = Math.ceil(body.length / 3);
      for (let i = 0; i < body.length; i += third) req.write(body.subarray(i, i + third));
      req.end();
    } else {
      req.end(body);
    }
  });
}

/**
 * Writes a request as raw text on a socket and answers the status line's code (0 when the server
 * closed without answering) and everything it sent: for requests node:http's client refuses to
 * build, or whose answer arrives while the request is still being written (431).
 */
export function sendRaw(base: string, text: string): Promise<{ status: number; response: string }> {
  const url = new URL(base);
  return new Promise((resolve) => {
    const socket = connect(Number(url.port), url.hostname);
    let response = "";
    socket.setEncoding("latin1");
    socket.on("data", (chunk: string) => (response += chunk));
    const done = (): void => {
      const match = /^HTTP\/1\.[01] (\d{3})/.exec(response);
      resolve({ status: match === null ? 0 : Number(match[1]), response });
    };
    socket.on("close", done);
    socket.on("error", () => socket.destroy());
    socket.setTimeout(10_000, () => socket.destroy());
    socket.write(text);
  });
}
