/**
 * Issue 8, for the generic schemes: with node:crypto unavailable (a child process as on Workers
 * without nodejs_compat), the fetch handler verifies Standard Webhooks v1 (HMAC) and v1a (Ed25519),
 * Discord Ed25519, SendGrid ECDSA P-256, Paddle and HubSpot HMAC and Linear's body timestamp with
 * Web Crypto, giving exactly the answers the Node path gives. Signatures come from the official
 * SDKs where they sign (standardwebhooks, svix, @hubspot/api-client) and SendGrid's published example.
 */
import { spawn } from "node:child_process";
import { createHmac, sign as nodeSign } from "node:crypto";
import { fileURLToPath } from "node:url";
import { Signature as HubSpotSignature } from "@hubspot/api-client";
import { Webhook as StandardWebhook } from "standardwebhooks";
import { Webhook as SvixWebhook } from "svix";
import { describe, expect, it } from "vitest";
import { fetchWebhookHandler } from "../../../src/adapters/fetch.js";
import { signDelivery } from "../../../src/testing/sign.js";
import { ed25519Keys } from "../../conformance/schemes/keys.js";
import type { WireAnswer, WireDelivery } from "../no-node-crypto/vectors.js";
import { fixtureDefinitions, wireRegistry } from "./definitions.js";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const WHSEC = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const discordKeys = ed25519Keys();
const swKeys = ed25519Keys();
const SENDGRID_KEY = "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE83T4O/n84iotIvIW4mdBgQ/7dAfSmpqIM8kF9mN1flpVKS3GRqe62gw+2fNNRaINXvVpiglSI8eNEc6wEA3F+g==";
const ENV = {
  SW_SECRETS: `whsec_${Buffer.from("rotated-out-key-0123456789").toString("base64")},${WHSEC},whpk_${swKeys.publicBase64}`,
  DISCORD_PUBLIC_KEY: discordKeys.publicHex,
  SENDGRID_VERIFICATION_KEY: SENDGRID_KEY,
  PADDLE_WEBHOOK_SECRET: "pdl_secret",
  HUBSPOT_CLIENT_SECRET: "hs-secret",
  LINEAR_WEBHOOK_SECRET: "lin-secret",
};

function deliveries(): WireDelivery[] {
  const defs = new Map(fixtureDefinitions().map((d) => [d.name, d]));
  const pathOf = (name: string) => defs.get(name)!.webhooks["default"]!.path;
  const wire = (name: string, provider: string, headers: Record<string, string>, body: string): WireDelivery => ({
    name, path: pathOf(provider), headers: { "content-type": "application/json", ...headers }, body: Buffer.from(body, "utf8").toString("base64"),
  });
  const now = Math.floor(Date.now() / 1000);
  const sw = JSON.stringify({ type: "invoice.paid", data: { id: "in_1", note: "ü€😀" } });
  const swHeaders = (sig: string, ts = now, id = "msg_1") => ({ "webhook-id": id, "webhook-timestamp": String(ts), "webhook-signature": sig });
  const v1 = new StandardWebhook(WHSEC).sign("msg_1", new Date(now * 1000), sw);
  const svix = new SvixWebhook(WHSEC).sign("msg_2", new Date(now * 1000), sw);
  const v1a = signDelivery({ scheme: "standard-webhooks", toleranceSeconds: 300 }, { body: sw, secret: `whpk_${swKeys.publicBase64}`, privateKey: `whsk_${swKeys.seedBase64}`, id: "msg_3", timestamp: now });
  const discordBody = JSON.stringify({ id: "i-1", type: 2, data: { name: "hello" } });
  const discordPing = JSON.stringify({ id: "i-2", type: 1 });
  const discordSig = (b: string, ts = String(now)) => ({ "x-signature-ed25519": nodeSign(null, Buffer.from(ts + b), discordKeys.privateKey).toString("hex"), "x-signature-timestamp": ts });
  const sendgrid = JSON.stringify([{ email: "hello@world.com", event: "dropped", reason: "Bounced Address", sg_event_id: "ZHJvcC0xMDk5NDkxOS1MUnpYbF9OSFN0T0doUTRrb2ZTbV9BLTA", sg_message_id: "LRzXl_NHStOGhQ4kofSm_A.filterdrecv-p3mdw1-756b745b58-kmzbl-18-5F5FC76C-9.0", "smtp-id": "<LRzXl_NHStOGhQ4kofSm_A@ismtpd0039p1iad1.sendgrid.net>", timestamp: 1600112492 }]) + "\r\n";
  const sgHeaders = { "x-twilio-email-event-webhook-signature": "MEUCIGHQVtGj+Y3LkG9fLcxf3qfI10QysgDWmMOVmxG0u6ZUAiEAyBiXDWzM+uOe5W0JuG+luQAbPIqHh89M15TluLtEZtM=", "x-twilio-email-event-webhook-timestamp": "1600112502" };
  const paddle = JSON.stringify({ event_id: "evt_1", event_type: "transaction.completed" });
  const paddleSig = (ts: number) => ({ "paddle-signature": `ts=${ts};h1=${createHmac("sha256", ENV.PADDLE_WEBHOOK_SECRET).update(`${ts}:${paddle}`).digest("hex")}` });
  const hub = '[{"eventId":1,"subscriptionType":"contact.creation"}]';
  const hubSig = (ms: number) => ({
    "x-hubspot-request-timestamp": String(ms),
    "x-hubspot-signature-v3": HubSpotSignature.getSignature("POST", "v3", { signature: "", clientSecret: ENV.HUBSPOT_CLIENT_SECRET, requestBody: hub, url: "https://www.example.com/webhook_uri", timestamp: ms }),
  });
  const linear = (ms: number) => JSON.stringify({ type: "Issue", webhookTimestamp: ms });
  const linSig = (b: string) => ({ "linear-signature": createHmac("sha256", ENV.LINEAR_WEBHOOK_SECRET).update(b).digest("hex") });
  // One body per case: two Date.now() calls a millisecond apart would sign one body and send another.
  const linFresh = linear(Date.now());
  const linStale = linear(Date.now() - 600_000);
  return [
    wire("standardwebhooks v1", "standard-webhooks", swHeaders(v1), sw),
    wire("svix (svix-* headers)", "standard-webhooks", { "svix-id": "msg_2", "svix-timestamp": String(now), "svix-signature": svix }, sw),
    wire("v1a Ed25519", "standard-webhooks", v1a, sw),
    wire("v1 tampered", "standard-webhooks", swHeaders(v1), sw.replace("in_1", "in_2")),
    wire("v1 stale", "standard-webhooks", swHeaders(new StandardWebhook(WHSEC).sign("msg_1", new Date((now - 600) * 1000), sw), now - 600), sw),
    wire("v1a tampered", "standard-webhooks", v1a, `${sw} `),
    wire("discord command", "discord", discordSig(discordBody), discordBody),
    wire("discord PING (handshake, answered by identify once integrated)", "discord", discordSig(discordPing), discordPing),
    wire("discord tampered", "discord", discordSig(discordBody), discordBody.replace("hello", "hellO")),
    wire("sendgrid published example", "sendgrid", sgHeaders, sendgrid),
    wire("sendgrid tampered", "sendgrid", sgHeaders, sendgrid.replace("dropped", "opened")),
    wire("paddle", "paddle", paddleSig(now), paddle),
    wire("paddle future", "paddle", paddleSig(now + 60), paddle),
    wire("hubspot v3 ms", "hubspot", hubSig(Date.now()), hub),
    wire("hubspot v3 stale", "hubspot", hubSig(Date.now() - 600_000), hub),
    wire("linear body timestamp", "linear", linSig(linFresh), linFresh),
    wire("linear stale body timestamp", "linear", linSig(linStale), linStale),
  ];
}

async function answersHere(list: readonly WireDelivery[]): Promise<WireAnswer[]> {
  const { registry, routes } = wireRegistry();
  const handle = fetchWebhookHandler(routes, { registry, env: ENV, dedupe: false, logger: { debug() {}, info() {}, warn() {}, error() {} } });
  const out: WireAnswer[] = [];
  for (const d of list) {
    const response = await handle(new Request(`http://127.0.0.1${d.path}`, { method: "POST", headers: d.headers, body: Buffer.from(d.body, "base64") }), { remoteAddress: "127.0.0.1" });
    out.push({ status: response.status, body: await response.text() });
  }
  return out;
}

function answersWithoutNodeCrypto(list: readonly WireDelivery[]): Promise<{ backend: string; answers: WireAnswer[] }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "--import", "./test/e2e/no-node-crypto/hide-node-crypto.mjs", "test/e2e/schemes/child.ts"], { cwd: root, stdio: ["pipe", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (c: Buffer) => (out += c.toString("utf8")));
    child.stderr.on("data", (c: Buffer) => (err += c.toString("utf8")));
    child.on("error", reject);
    child.on("close", (code) => {
      if (code !== 0) return reject(new Error(`child exited ${code}: ${err}`));
      const [first, ...rest] = out.trim().split("\n").map((l) => JSON.parse(l) as unknown);
      resolve({ backend: (first as { backend: string }).backend, answers: rest as WireAnswer[] });
    });
    child.stdin.end(`${JSON.stringify({ env: ENV, deliveries: list })}\n`);
  });
}

describe("generic schemes without node:crypto (fetch handler, Web Crypto)", () => {
  it("answers every delivery exactly as the Node path does", async () => {
    const list = deliveries();
    const here = await answersHere(list);
    const there = await answersWithoutNodeCrypto(list);
    expect(there.backend).toBe("webcrypto");
    const table = (answers: readonly WireAnswer[]) => list.map((d, i) => `${d.name}: ${answers[i]?.status}`);
    expect(table(there.answers)).toEqual(table(here));
    expect(there.answers.map((a) => a.body)).toEqual(here.map((a) => a.body));
    expect(here.map((a) => a.status)).toEqual([200, 200, 200, 401, 401, 401, 200, 200, 401, 200, 401, 200, 401, 200, 401, 200, 401]);
  });
});
