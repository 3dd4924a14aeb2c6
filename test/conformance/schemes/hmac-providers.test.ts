/**
 * The generic `hmac` scheme, each provider written as YAML only (fixtures/<name>/webhook.yaml),
 * cross-checked both ways with the provider's official SDK: its signature (or its documented
 * construction, where the SDK only verifies) verified by us; ours (signDelivery over the same YAML)
 * verified by the SDK; with stale/future timestamps, rotated secrets and tampered bodies.
 */
import "@shopify/shopify-api/adapters/node";
import { createHash, createHmac } from "node:crypto";
import { Signature as HubSpotSignature } from "@hubspot/api-client";
import { sign as signGitHub, verify as verifyGitHub } from "@octokit/webhooks-methods";
import { isValidSlackRequest } from "@slack/bolt";
import { Paddle } from "@paddle/paddle-node-sdk";
import { ApiVersion, shopifyApi } from "@shopify/shopify-api";
import Razorpay from "razorpay";
import { WebhooksHelper } from "square";
import Stripe from "stripe";
import twilio from "twilio";
import { describe, expect, it } from "vitest";
import { signDelivery, signedDelivery } from "../../../src/testing/sign.js";
import { accepts, schemeOf, verify } from "./harness.js";

const enc = (s: string) => new TextEncoder().encode(s);
const now = () => Math.floor(Date.now() / 1000);

describe("stripe's layout as a generic hmac (fields t=…,v1=…; timestamp field t)", () => {
  const scheme = schemeOf("stripe-as-hmac");
  const stripe = new Stripe("sk_test_unused");
  const secret = "whsec_test_rotating_1";
  const body = JSON.stringify({ id: "evt_1", type: "charge.succeeded", data: { object: { amount: 5 } } });

  it("accepts stripe-node's test header; refuses it stale, future, tampered or under another secret", async () => {
    const t = now();
    const header = (ts: number, s = secret) => ({ "stripe-signature": stripe.webhooks.generateTestHeaderString({ payload: body, secret: s, timestamp: ts }) });
    expect(await accepts(scheme, { body, headers: header(t), secrets: [secret] })).toBe(true);
    expect(await accepts(scheme, { body, headers: header(t, "whsec_other"), secrets: [secret, "whsec_other"] })).toBe(true); // rotation
    expect(await accepts(scheme, { body, headers: header(t, "whsec_other"), secrets: [secret] })).toBe(false);
    expect(await verify(scheme, { body, headers: header(t - 301), secrets: [secret] })).toEqual({ ok: false, reason: "timestamp outside tolerance" });
    expect(await verify(scheme, { body, headers: header(t + 330), secrets: [secret] })).toEqual({ ok: false, reason: "timestamp outside tolerance" });
    expect(await accepts(scheme, { body: body.replace("5", "6"), headers: header(t), secrets: [secret] })).toBe(false);
  });

  it("stripe-node's constructEvent accepts what we sign, and refuses it tampered or stale", () => {
    const headers = signDelivery(scheme, { body, secret });
    expect(stripe.webhooks.constructEvent(body, headers["stripe-signature"]!, secret).id).toBe("evt_1");
    expect(() => stripe.webhooks.constructEvent(body.replace("5", "6"), headers["stripe-signature"]!, secret)).toThrow();
    const stale = signDelivery(scheme, { body, secret, timestamp: now() - 3600 });
    expect(() => stripe.webhooks.constructEvent(body, stale["stripe-signature"]!, secret)).toThrow(/tolerance/);
  });
});

describe("the other built-ins re-expressed as YAML hmac (github, slack)", () => {
  it("github: @octokit/webhooks-methods signs → we verify; we sign → it verifies", async () => {
    const scheme = schemeOf("github-as-hmac");
    const body = JSON.stringify({ action: "opened", issue: { number: 1, title: "ü" } });
    const theirs = { "x-hub-signature-256": await signGitHub("gh-secret", body) };
    expect(await accepts(scheme, { body, headers: theirs, secrets: ["gh-secret"] })).toBe(true);
    expect(await accepts(scheme, { body: body.replace("1", "2"), headers: theirs, secrets: ["gh-secret"] })).toBe(false);
    const ours = signDelivery(scheme, { body, secret: "gh-secret" });
    expect(await verifyGitHub("gh-secret", body, ours["x-hub-signature-256"]!)).toBe(true);
    expect(await verifyGitHub("other", body, ours["x-hub-signature-256"]!)).toBe(false);
  });

  it("slack: @slack/bolt isValidSlackRequest accepts what we sign, and we accept Slack's construction; stale refused by both", async () => {
    const scheme = schemeOf("slack-as-hmac");
    const body = JSON.stringify({ type: "event_callback", event_id: "Ev1", event: { type: "app_mention" } });
    const t = now();
    const ours = signDelivery(scheme, { body, secret: "slack-secret", timestamp: t });
    const bolt = (h: Record<string, string>, b = body) =>
      isValidSlackRequest({ signingSecret: "slack-secret", body: b, headers: { "x-slack-signature": h["x-slack-signature"]!, "x-slack-request-timestamp": Number(h["x-slack-request-timestamp"]) } });
    expect(bolt(ours)).toBe(true);
    expect(bolt(ours, `${body} `)).toBe(false);
    const stale = signDelivery(scheme, { body, secret: "slack-secret", timestamp: t - 600 });
    expect(bolt(stale)).toBe(false);
    expect(await verify(scheme, { body, headers: stale, secrets: ["slack-secret"] })).toEqual({ ok: false, reason: "timestamp outside tolerance" });
    const theirs = { "x-slack-request-timestamp": String(t), "x-slack-signature": `v0=${createHmac("sha256", "slack-secret").update(`v0:${t}:${body}`).digest("hex")}` };
    expect(bolt(theirs)).toBe(true);
    expect(await accepts(scheme, { body, headers: theirs, secrets: ["slack-secret"] })).toBe(true);
  });
});

describe("paddle (fields ts=…;h1=…, {timestamp}:{body}, 5 s tolerance)", () => {
  const scheme = schemeOf("paddle");
  const paddle = new Paddle("pdl_sdbx_apikey_unused");
  const secret = "pdl_ntfset_01h_secret";
  const body = JSON.stringify({ event_id: "evt_01", event_type: "transaction.completed", data: { id: "txn_1" } });
  // Paddle's SDK only verifies; this is the construction its docs and WebhooksValidator use.
  const paddleHeader = (ts: number, s = secret, b = body) => `ts=${ts};h1=${createHmac("sha256", s).update(`${ts}:${b}`).digest("hex")}`;

  it("we and Paddle's SDK agree on Paddle-format signatures; we also refuse future ones, which Paddle's SDK lets through", async () => {
    const t = now();
    expect(await paddle.webhooks.isSignatureValid(body, secret, paddleHeader(t))).toBe(true);
    expect(await accepts(scheme, { body, headers: { "paddle-signature": paddleHeader(t) }, secrets: [secret] })).toBe(true);
    expect(await accepts(scheme, { body, headers: { "paddle-signature": paddleHeader(t - 60) }, secrets: [secret] })).toBe(false);
    expect(await paddle.webhooks.isSignatureValid(body, secret, paddleHeader(t - 60))).toBe(false);
    expect(await paddle.webhooks.isSignatureValid(body, secret, paddleHeader(t + 60))).toBe(true); // theirs: one-sided
    expect(await accepts(scheme, { body, headers: { "paddle-signature": paddleHeader(t + 60) }, secrets: [secret] })).toBe(false);
    // Paddle's SDK keeps one secret; we accept any configured one during rotation.
    expect(await accepts(scheme, { body, headers: { "paddle-signature": paddleHeader(t, "pdl_new") }, secrets: [secret, "pdl_new"] })).toBe(true);
  });

  it("Paddle's SDK accepts what we sign, and refuses it tampered", async () => {
    const headers = signDelivery(scheme, { body, secret });
    expect(headers["paddle-signature"]).toMatch(/^ts=\d+;h1=[0-9a-f]{64}$/);
    expect(await paddle.webhooks.isSignatureValid(body, secret, headers["paddle-signature"]!)).toBe(true);
    expect(await paddle.webhooks.isSignatureValid(body.replace("txn_1", "txn_2"), secret, headers["paddle-signature"]!)).toBe(false);
  });
});

describe("twilio ({url}{params}: URL plus sorted form parameters, HMAC-SHA1 base64)", () => {
  const scheme = schemeOf("twilio");
  const token = "12345678901234567890123456789012";
  const url = "https://hooks.example.com/webhooks/twilio/sms";
  const params = { MessageSid: "SM1", SmsStatus: "delivered", To: "+15550001111", From: "+15552223333", Body: "héllo & bye" };
  const body = new URLSearchParams(params).toString();

  it("accepts twilio's getExpectedTwilioSignature; refuses other URLs, changed parameters and other tokens", async () => {
    const signature = twilio.getExpectedTwilioSignature(token, url, params);
    const d = { body, headers: { "x-twilio-signature": signature }, secrets: [token], path: "/webhooks/twilio/sms" };
    expect(await accepts(scheme, d)).toBe(true);
    expect(await accepts(scheme, { ...d, secrets: ["old-token", token] })).toBe(true);
    expect(await accepts(scheme, { ...d, path: "/webhooks/twilio/other" })).toBe(false);
    expect(await accepts(scheme, { ...d, body: body.replace("delivered", "failed") })).toBe(false);
    expect(await accepts(scheme, { ...d, secrets: ["another-token"] })).toBe(false);
    // Order of the form fields does not matter: the signature covers them sorted.
    const reordered = new URLSearchParams(Object.entries(params).reverse()).toString();
    expect(await accepts(scheme, { ...d, body: reordered })).toBe(true);
  });

  it("twilio's validateRequest accepts what we sign", () => {
    const headers = signDelivery(scheme, { body, secret: token, url });
    expect(twilio.validateRequest(token, headers["x-twilio-signature"]!, url, params)).toBe(true);
    expect(twilio.validateRequest(token, headers["x-twilio-signature"]!, url, { ...params, Body: "changed" })).toBe(false);
    expect(() => signDelivery(scheme, { body, secret: token })).toThrow(/\{url\}/);
  });

  it("signs the URL's query string: twilio's signature of a URL with ?query, both ways", async () => {
    const withQuery = `${url}?account=a1&note=two%20words`;
    const signature = twilio.getExpectedTwilioSignature(token, withQuery, params);
    const d = { body, headers: { "x-twilio-signature": signature }, secrets: [token], path: "/webhooks/twilio/sms", query: "account=a1&note=two%20words" };
    expect(await accepts(scheme, d)).toBe(true);
    expect(await accepts(scheme, { ...d, query: "account=a2&note=two%20words" })).toBe(false);
    expect(await accepts(scheme, { ...d, query: undefined })).toBe(false);
    const ours = signDelivery(scheme, { body, secret: token, url: withQuery });
    expect(twilio.validateRequest(token, ours["x-twilio-signature"]!, withQuery, params)).toBe(true);
    expect(twilio.validateRequest(token, ours["x-twilio-signature"]!, url, params)).toBe(false);
  });
});

describe("twilio JSON bodies: ?bodySHA256= in the signed URL (body_hash), as validateRequestWithBody checks", () => {
  const scheme = schemeOf("twilio");
  const token = "12345678901234567890123456789012";
  const body = JSON.stringify({ EventType: "com.twilio.messaging.message.delivered", data: { messageSid: "SM1", to: "+15550001111" } });
  const sha = createHash("sha256").update(body).digest("hex");
  const path = "/webhooks/twilio/sms";
  const base = `https://hooks.example.com${path}`;

  it("accepts what the twilio SDK validates (URL alone signed, body hash in it); refuses a changed body or hash", async () => {
    const url = `${base}?bodySHA256=${sha}`;
    const signature = twilio.getExpectedTwilioSignature(token, url, {});
    expect(twilio.validateRequestWithBody(token, signature, url, body)).toBe(true);
    const d = { body, headers: { "x-twilio-signature": signature }, secrets: [token], path, query: `bodySHA256=${sha}` };
    expect(await accepts(scheme, d)).toBe(true);
    expect(await accepts(scheme, { ...d, secrets: ["rotated-out", token] })).toBe(true);
    expect(await verify(scheme, { ...d, body: body.replace("SM1", "SM2") })).toEqual({ ok: false, reason: "the body does not match the hash in the signed URL" });
    expect(twilio.validateRequestWithBody(token, signature, url, body.replace("SM1", "SM2"))).toBe(false);
    // The attacker's own body with its own hash: the URL no longer matches the signature.
    const forged = JSON.stringify({ EventType: "x" });
    const forgedSha = createHash("sha256").update(forged).digest("hex");
    expect(await accepts(scheme, { ...d, body: forged, query: `bodySHA256=${forgedSha}` })).toBe(false);
    expect(await accepts(scheme, { ...d, secrets: ["another-token"] })).toBe(false);
  });

  it("the hash may sit among other query parameters, anywhere", async () => {
    const url = `${base}?tenant=t1&bodySHA256=${sha}&x=y`;
    const signature = twilio.getExpectedTwilioSignature(token, url, {});
    expect(twilio.validateRequestWithBody(token, signature, url, body)).toBe(true);
    expect(await accepts(scheme, { body, headers: { "x-twilio-signature": signature }, secrets: [token], path, query: `tenant=t1&bodySHA256=${sha}&x=y` })).toBe(true);
  });

  it("twilio's validateRequestWithBody accepts what we sign (signedDelivery with bodyHash appends the hash)", () => {
    const signed = signedDelivery(scheme, { body, secret: token, url: base, bodyHash: true });
    expect(signed.url).toBe(`${base}?bodySHA256=${sha}`);
    expect(twilio.validateRequestWithBody(token, signed.headers["x-twilio-signature"]!, signed.url!, body)).toBe(true);
    expect(twilio.validateRequestWithBody(token, signed.headers["x-twilio-signature"]!, signed.url!, `${body} `)).toBe(false);
    expect(twilio.validateRequestWithBody("another-token", signed.headers["x-twilio-signature"]!, signed.url!, body)).toBe(false);
  });
});

describe("hubspot v3 ({method}{url}{body}{timestamp}, millisecond timestamps)", () => {
  const scheme = schemeOf("hubspot");
  const clientSecret = "yyyyyyyy-yyyy-yyyy-yyyy-yyyyyyyyyyyy";
  const url = "https://www.example.com/webhook_uri";
  const requestBody = '[{"eventId":1,"subscriptionType":"contact.creation","objectId":123}]';

  it("accepts @hubspot/api-client's v3 signature with a millisecond timestamp; refuses stale and future ones", async () => {
    const ms = Date.now();
    const sig = (timestamp: number) => HubSpotSignature.getSignature("POST", "v3", { signature: "", clientSecret, requestBody, url, timestamp });
    const d = (timestamp: number) => ({
      body: requestBody,
      headers: { "x-hubspot-signature-v3": sig(timestamp), "x-hubspot-request-timestamp": String(timestamp) },
      secrets: [clientSecret],
      path: "/webhook_uri",
    });
    expect(await accepts(scheme, d(ms))).toBe(true); // read as ms, not as seconds 1000× in the future
    expect(await verify(scheme, d(ms - 301_000))).toEqual({ ok: false, reason: "timestamp outside tolerance" });
    expect(await verify(scheme, d(ms + 330_000))).toEqual({ ok: false, reason: "timestamp outside tolerance" });
    expect(await accepts(scheme, { ...d(ms), body: requestBody.replace("123", "124") })).toBe(false);
    expect(await accepts(scheme, { ...d(ms), method: "PUT" })).toBe(false);
  });

  it("@hubspot/api-client's Signature.isValid accepts what we sign", () => {
    const ms = Date.now();
    const headers = signDelivery(scheme, { body: requestBody, secret: clientSecret, url, timestamp: Math.floor(ms / 1000) });
    const timestamp = Number(headers["x-hubspot-request-timestamp"]);
    expect(timestamp % 1000).toBe(0); // seconds × 1000: a millisecond timestamp
    expect(HubSpotSignature.isValid({ signatureVersion: "v3", signature: headers["x-hubspot-signature-v3"]!, clientSecret, requestBody, url, method: "POST", timestamp })).toBe(true);
    expect(HubSpotSignature.isValid({ signatureVersion: "v3", signature: headers["x-hubspot-signature-v3"]!, clientSecret, requestBody: "[]", url, method: "POST", timestamp })).toBe(false);
  });
});

describe("razorpay (hex HMAC-SHA256 of the body)", () => {
  const scheme = schemeOf("razorpay");
  const secret = "rzp_webhook_secret";
  const body = JSON.stringify({ event: "payment.captured", payload: { payment: { entity: { id: "pay_1", amount: 100 } } } });

  it("both ways with Razorpay.validateWebhookSignature", async () => {
    const headers = signDelivery(scheme, { body, secret });
    expect(Razorpay.validateWebhookSignature(body, headers["x-razorpay-signature"]!, secret)).toBe(true);
    expect(Razorpay.validateWebhookSignature(body.replace("100", "101"), headers["x-razorpay-signature"]!, secret)).toBe(false);
    // Razorpay's SDK has no signer: its documented construction, checked by the SDK first.
    const theirs = createHmac("sha256", secret).update(body).digest("hex");
    expect(Razorpay.validateWebhookSignature(body, theirs, secret)).toBe(true);
    expect(await accepts(scheme, { body, headers: { "x-razorpay-signature": theirs }, secrets: ["rotated-out", secret] })).toBe(true);
    expect(await accepts(scheme, { body: `${body}\n`, headers: { "x-razorpay-signature": theirs }, secrets: [secret] })).toBe(false);
  });
});

describe("square ({url}{body}, base64)", () => {
  const scheme = schemeOf("square");
  const signatureKey = "Ssq-signature-key";
  const notificationUrl = "https://example.com/webhooks/square";
  const requestBody = JSON.stringify({ merchant_id: "M1", type: "payment.updated", event_id: "e-1", data: { id: "p1" } });

  it("both ways with WebhooksHelper.verifySignature", async () => {
    const headers = signDelivery(scheme, { body: requestBody, secret: signatureKey, url: notificationUrl });
    const sig = headers["x-square-hmacsha256-signature"]!;
    expect(await WebhooksHelper.verifySignature({ requestBody, signatureHeader: sig, signatureKey, notificationUrl })).toBe(true);
    expect(await WebhooksHelper.verifySignature({ requestBody, signatureHeader: sig, signatureKey, notificationUrl: `${notificationUrl}2` })).toBe(false);
    const theirs = createHmac("sha256", signatureKey).update(notificationUrl + requestBody).digest("base64");
    expect(await WebhooksHelper.verifySignature({ requestBody, signatureHeader: theirs, signatureKey, notificationUrl })).toBe(true);
    const d = { body: requestBody, headers: { "x-square-hmacsha256-signature": theirs }, secrets: [signatureKey], path: "/webhooks/square" };
    expect(await accepts(scheme, d)).toBe(true);
    expect(await accepts(scheme, { ...d, path: "/webhooks/square2" })).toBe(false);
    expect(await accepts(scheme, { ...d, body: requestBody.replace("p1", "p2") })).toBe(false);
  });
});

describe("shopify (base64 HMAC of the body; the SDK's required headers)", () => {
  const scheme = schemeOf("shopify");
  const apiSecretKey = "shpss_secret";
  const shopify = shopifyApi({ apiKey: "key", apiSecretKey, apiVersion: ApiVersion.October25, hostName: "app.example.com", isEmbeddedApp: false, logger: { level: 0, log: async () => {} } });
  const rawBody = JSON.stringify({ id: 820982911946154500, email: "jon@example.com" });
  const base = { "x-shopify-topic": "orders/create", "x-shopify-shop-domain": "shop.myshopify.com", "x-shopify-api-version": "2025-10", "x-shopify-webhook-id": "w-1" };
  const validate = (headers: Record<string, string>, body = rawBody) =>
    shopify.webhooks.validate({ rawBody: body, rawRequest: { method: "POST", url: "/webhooks/shopify/", headers } as never, rawResponse: {} as never });

  it("the SDK accepts what we sign; we accept the SDK-validated construction; a missing topic is refused by both", async () => {
    const headers = { ...base, ...signDelivery(scheme, { body: rawBody, secret: apiSecretKey }) };
    expect((await validate(headers)).valid).toBe(true);
    expect((await validate(headers, rawBody.replace("jon", "joe"))).valid).toBe(false);
    const theirs = { ...base, "x-shopify-hmac-sha256": createHmac("sha256", apiSecretKey).update(rawBody).digest("base64") };
    expect((await validate(theirs)).valid).toBe(true);
    expect(await accepts(scheme, { body: rawBody, headers: theirs, secrets: [apiSecretKey] })).toBe(true);
    const { "x-shopify-topic": _topic, ...noTopic } = theirs;
    expect((await validate(noTopic)).valid).toBe(false);
    expect(await verify(scheme, { body: rawBody, headers: noTopic, secrets: [apiSecretKey] })).toEqual({ ok: false, reason: "missing x-shopify-topic header" });
  });
});

describe("linear (timestamp in the signed body, milliseconds)", () => {
  const scheme = schemeOf("linear");
  const secret = "lin_wh_secret";
  const sign = (b: string) => ({ "linear-signature": createHmac("sha256", secret).update(b).digest("hex") });

  it("checks the body's webhookTimestamp both ways once the signature matched", async () => {
    const fresh = JSON.stringify({ type: "Issue", action: "create", webhookTimestamp: Date.now() });
    expect(await accepts(scheme, { body: fresh, headers: sign(fresh), secrets: [secret] })).toBe(true);
    const stale = JSON.stringify({ type: "Issue", action: "create", webhookTimestamp: Date.now() - 61_000 });
    expect(await verify(scheme, { body: stale, headers: sign(stale), secrets: [secret] })).toEqual({ ok: false, reason: "timestamp outside tolerance" });
    const future = JSON.stringify({ type: "Issue", webhookTimestamp: Date.now() + 90_000 });
    expect((await verify(scheme, { body: future, headers: sign(future), secrets: [secret] })).ok).toBe(false);
    const none = JSON.stringify({ type: "Issue" });
    expect((await verify(scheme, { body: none, headers: sign(none), secrets: [secret] })).ok).toBe(false);
    // Wrong signature: refused before the body is looked at.
    expect(await verify(scheme, { body: fresh, headers: sign(stale), secrets: [secret] })).toEqual({ ok: false, reason: "no matching signature" });
  });

  it("our signer leaves the body alone and its signature verifies", async () => {
    const body = JSON.stringify({ type: "Issue", webhookTimestamp: Date.now() });
    expect(signDelivery(scheme, { body, secret })).toEqual(sign(body));
  });
});

describe("twitch eventsub ({id}{timestamp}{body}, RFC 3339 timestamp with nanoseconds: unit iso)", () => {
  const scheme = schemeOf("twitch");
  const secret = "twitch-eventsub-secret";
  const body = JSON.stringify({ subscription: { type: "channel.follow" }, event: { user_id: "1337" } });
  // Twitch's documented construction (no SDK): HMAC-SHA256 of message id + timestamp header text + body, hex, "sha256=".
  const twitchSigns = (id: string, ts: string, b = body) => ({
    "twitch-eventsub-message-id": id,
    "twitch-eventsub-message-timestamp": ts,
    "twitch-eventsub-message-signature": `sha256=${createHmac("sha256", secret).update(id + ts + b).digest("hex")}`,
  });
  const nanos = (ms: number) => new Date(ms).toISOString().replace(/\.(\d{3})Z$/, ".$1456789Z");

  it("accepts Twitch's nanosecond timestamps as sent; refuses them older or newer than 10 minutes, and tampered", async () => {
    const t = Date.now();
    expect(nanos(t)).toMatch(/\.\d{9}Z$/);
    expect(await accepts(scheme, { body, headers: twitchSigns("m-1", nanos(t)), secrets: [secret] })).toBe(true);
    expect(await verify(scheme, { body, headers: twitchSigns("m-1", nanos(t - 601_000)), secrets: [secret] })).toEqual({ ok: false, reason: "timestamp outside tolerance" });
    expect(await verify(scheme, { body, headers: twitchSigns("m-1", nanos(t + 630_000)), secrets: [secret] })).toEqual({ ok: false, reason: "timestamp outside tolerance" });
    expect(await verify(scheme, { body, headers: twitchSigns("m-1", String(Math.floor(t / 1000))), secrets: [secret] })).toEqual({ ok: false, reason: "malformed timestamp" });
    expect(await accepts(scheme, { body: body.replace("1337", "1338"), headers: twitchSigns("m-1", nanos(t)), secrets: [secret] })).toBe(false);
  });

  it("our signer writes an RFC 3339 timestamp and signs it the way Twitch does", () => {
    const headers = signDelivery(scheme, { body, secret, id: "m-2", timestamp: 1_700_000_000 });
    expect(headers["twitch-eventsub-message-timestamp"]).toBe("2023-11-14T22:13:20.000Z");
    expect(headers).toEqual(twitchSigns("m-2", "2023-11-14T22:13:20.000Z"));
  });
});
