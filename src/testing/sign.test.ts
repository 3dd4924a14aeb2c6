// signDelivery must produce what the providers' own verifiers accept — not merely what ours do.
import { createHash, createHmac } from "node:crypto";
import { verify as verifyGitHub } from "@octokit/webhooks-methods";
import { isValidSlackRequest } from "@slack/bolt";
import fc from "fast-check";
import { Webhook as StandardWebhook } from "standardwebhooks";
import Stripe from "stripe";
import { describe, expect, it } from "vitest";
import type { SignatureConfig } from "../runtime/types.js";
import { createVerifier } from "../runtime/verifiers/create-verifier.js";
import { signDelivery, signedDelivery } from "./index.js";
import { mailgunBodySignature, standardWebhooksSignature, twilioBodyHash } from "../../test/fixtures/definitions.js";

const stripe = new Stripe("sk_test_sign");
const STRIPE: SignatureConfig = { scheme: "stripe", header: "stripe-signature", toleranceSeconds: 300 };
const GITHUB: SignatureConfig = { scheme: "github", header: "x-hub-signature-256" };
const SLACK: SignatureConfig = {
  scheme: "slack",
  header: "x-slack-signature",
  timestampHeader: "x-slack-request-timestamp",
  toleranceSeconds: 300,
};
/** Standard Webhooks (Svix, Clerk, Resend…) expressed as a generic hmac config. */
const STANDARD: SignatureConfig = standardWebhooksSignature;

const nowSeconds = () => Math.floor(Date.now() / 1000);
// Stripe rejects blank secrets; every provider issues non-empty ones.
const secret = fc.string({ unit: "grapheme", minLength: 1, maxLength: 40 }).filter((s) => s.trim() !== "");
const asciiSecret = fc.string({ minLength: 1, maxLength: 40 }).filter((s) => s.trim() !== "");
const jsonBody = fc.json({ maxDepth: 3 });
const anyText = fc.string({ unit: "grapheme", maxLength: 200 });

async function runtimeAccepts(config: SignatureConfig, body: string | Uint8Array, headers: Record<string, string>, key: string) {
  const rawBody = typeof body === "string" ? new TextEncoder().encode(body) : body;
  return createVerifier(config).verify({ rawBody, headers, secrets: [key], now: Date.now() });
}

describe("signDelivery", () => {
  it("stripe: stripe.webhooks.constructEvent accepts the header", () => {
    const body = JSON.stringify({ id: "evt_1", object: "event", type: "payment_intent.succeeded" });
    const headers = signDelivery(STRIPE, { body, secret: "whsec_abc", timestamp: 1_700_000_000 });
    expect(Object.keys(headers)).toEqual(["stripe-signature"]);
    expect(headers["stripe-signature"]).toMatch(/^t=1700000000,v1=[0-9a-f]{64}$/);
    // The same bytes Stripe's own test helper produces.
    expect(headers["stripe-signature"]).toBe(
      stripe.webhooks.generateTestHeaderString({ payload: body, secret: "whsec_abc", timestamp: 1_700_000_000 }),
    );
    const event = stripe.webhooks.constructEvent(body, signDelivery(STRIPE, { body, secret: "whsec_abc" })["stripe-signature"]!, "whsec_abc");
    expect(event.id).toBe("evt_1");
  });

  it("stripe: a wrong secret or a stale timestamp is refused by Stripe too", () => {
    const body = "{}";
    const wrong = signDelivery(STRIPE, { body, secret: "whsec_other" })["stripe-signature"]!;
    expect(() => stripe.webhooks.constructEvent(body, wrong, "whsec_abc")).toThrow();
    const stale = signDelivery(STRIPE, { body, secret: "whsec_abc", timestamp: nowSeconds() - 301 })["stripe-signature"]!;
    expect(() => stripe.webhooks.constructEvent(body, stale, "whsec_abc")).toThrow();
  });

  it("property: Stripe accepts our header for any JSON body and secret (string or bytes)", () => {
    fc.assert(
      fc.property(jsonBody, secret, fc.boolean(), (body, key, asBytes) => {
        const payload = asBytes ? new TextEncoder().encode(body) : body;
        const header = signDelivery(STRIPE, { body: payload, secret: key })["stripe-signature"]!;
        stripe.webhooks.constructEvent(payload, header, key); // throws when refused
      }),
    );
  });

  it("property: @octokit/webhooks-methods verify accepts our GitHub header", async () => {
    await fc.assert(
      // Octokit refuses an empty payload outright; GitHub never sends one.
      fc.asyncProperty(fc.string({ unit: "grapheme", minLength: 1, maxLength: 200 }), secret, async (body, key) => {
        const headers = signDelivery(GITHUB, { body, secret: key });
        expect(Object.keys(headers)).toEqual(["x-hub-signature-256"]);
        expect(await verifyGitHub(key, body, headers["x-hub-signature-256"]!)).toBe(true);
      }),
    );
    expect(await verifyGitHub("right", "{}", signDelivery(GITHUB, { body: "{}", secret: "wrong" })["x-hub-signature-256"]!)).toBe(false);
  });

  it("property: @slack/bolt isValidSlackRequest accepts our Slack headers", () => {
    fc.assert(
      fc.property(anyText, secret, (body, key) => {
        const headers = signDelivery(SLACK, { body, secret: key });
        expect(Object.keys(headers).sort()).toEqual(["x-slack-request-timestamp", "x-slack-signature"]);
        const valid = isValidSlackRequest({
          signingSecret: key,
          body,
          headers: {
            "x-slack-signature": headers["x-slack-signature"]!,
            "x-slack-request-timestamp": Number(headers["x-slack-request-timestamp"]),
          },
        });
        expect(valid).toBe(true);
      }),
    );
  });

  it("property: the standardwebhooks library accepts a Standard Webhooks hmac config (raw-format secret)", () => {
    fc.assert(
      fc.property(jsonBody, asciiSecret, fc.uuid(), (body, key, id) => {
        const headers = signDelivery(STANDARD, { body, secret: key, id });
        expect(headers["webhook-id"]).toBe(id);
        expect(headers["webhook-timestamp"]).toMatch(/^\d+$/);
        expect(headers["webhook-signature"]).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
        // Our keys are the secret's UTF-8 bytes: the library's "raw" format (ASCII secrets agree).
        new StandardWebhook(key, { format: "raw" }).verify(body, headers); // throws when refused
      }),
    );
  });

  it("property: the runtime's hmac verifier accepts every algorithm, encoding, prefix and template", async () => {
    const config = fc.record({
      algorithm: fc.constantFrom("sha1" as const, "sha256" as const, "sha512" as const),
      encoding: fc.constantFrom("hex" as const, "base64" as const),
      prefix: fc.constantFrom("", "sha256=", "v1,"),
      signedContent: fc.constantFrom("{body}", "{timestamp}.{body}", "{id}.{timestamp}.{body}", "v0:{timestamp}:{body}"),
    });
    await fc.assert(
      fc.asyncProperty(config, fc.oneof(anyText, fc.uint8Array({ maxLength: 200 })), secret, async (c, body, key) => {
        const signature: SignatureConfig = {
          scheme: "hmac",
          header: "x-signature",
          ...c,
          ...(c.signedContent.includes("{timestamp}") ? { timestampHeader: "x-timestamp", toleranceSeconds: 300 } : {}),
          ...(c.signedContent.includes("{id}") ? { idHeader: "x-id" } : {}),
        };
        const headers = signDelivery(signature, { body, secret: key });
        expect(await runtimeAccepts(signature, body, headers, key)).toMatchObject({ ok: true });
        expect((await runtimeAccepts(signature, body, headers, `${key}x`)).ok).toBe(false);
      }),
    );
  });

  it("the runtime's stripe, github and slack verifiers accept the headers too", async () => {
    for (const config of [STRIPE, GITHUB, SLACK]) {
      const body = '{"ok":true}';
      expect(await runtimeAccepts(config, body, signDelivery(config, { body, secret: "s3cret" }), "s3cret")).toMatchObject({ ok: true });
    }
  });

  it("none → no headers; config errors and empty secrets fail loudly", () => {
    expect(signDelivery({ scheme: "none" }, { body: "{}", secret: "" })).toEqual({});
    expect(() => signDelivery(GITHUB, { body: "{}", secret: "" })).toThrow(/secret is empty/);
    const { timestampHeader: _t, idHeader: _i, ...bare } = STANDARD as Extract<SignatureConfig, { scheme: "hmac" }>;
    expect(() => signDelivery({ ...bare, signedContent: "{timestamp}.{body}" }, { body: "{}", secret: "k" })).toThrow(/no timestampHeader/);
    expect(() => signDelivery({ ...bare, signedContent: "{id}.{body}" }, { body: "{}", secret: "k" })).toThrow(/no idHeader/);
  });
});

describe("signedDelivery: signing that changes the body or the URL", () => {
  const MAILGUN: SignatureConfig = mailgunBodySignature;

  it("writes a body-carried signature and its signed fields into the JSON body, signature object first", async () => {
    const body = JSON.stringify({ "event-data": { event: "delivered", id: "e1" } });
    const signed = signedDelivery(MAILGUN, { body, secret: "key-1", timestamp: 1_700_000_000, id: "tok-1" });
    expect(signed.headers).toEqual({});
    expect(typeof signed.body).toBe("string");
    const mac = createHmac("sha256", "key-1").update("1700000000tok-1").digest("hex");
    expect(signed.body).toBe(JSON.stringify({ signature: { timestamp: "1700000000", token: "tok-1", signature: mac }, "event-data": { event: "delivered", id: "e1" } }));
    const rawBody = new TextEncoder().encode(signed.body as string);
    expect(await createVerifier(MAILGUN).verify({ rawBody, headers: {}, secrets: ["key-1"], now: 1_700_000_000_000 })).toMatchObject({ ok: true });
    // An existing signature object is refreshed in place; a numeric timestamp stays a number.
    const again = signedDelivery(MAILGUN, { body: JSON.stringify({ a: 1, signature: { timestamp: 1, token: "old", signature: "x" } }), secret: "key-1", timestamp: 1_700_000_000, id: "tok-2" });
    expect(JSON.parse(again.body as string)).toEqual({ a: 1, signature: { timestamp: 1_700_000_000, token: "tok-2", signature: createHmac("sha256", "key-1").update("1700000000tok-2").digest("hex") } });
    expect(() => signDelivery(MAILGUN, { body, secret: "key-1" })).toThrow(/use signedDelivery/);
    expect(() => signedDelivery(MAILGUN, { body: "a=1", secret: "key-1" })).toThrow(/must be a JSON object/);
  });

  it("bodyHash: appends the body's SHA-256 to the URL and signs the URL alone", async () => {
    const TWILIO: SignatureConfig = twilioBodyHash;
    const body = '{"a":1}';
    const sha = createHash("sha256").update(body).digest("hex");
    const signed = signedDelivery(TWILIO, { body, secret: "tok", url: "https://hooks.example.com/h?x=1", bodyHash: true });
    expect(signed.url).toBe(`https://hooks.example.com/h?x=1&bodySHA256=${sha}`);
    expect(signed.body).toBe(body);
    expect(signed.headers["x-twilio-signature"]).toBe(createHmac("sha1", "tok").update(signed.url!).digest("base64"));
    const rawBody = new TextEncoder().encode(body);
    expect(await createVerifier(TWILIO).verify({ rawBody, headers: signed.headers, secrets: ["tok"], now: 0, path: "/h", query: `x=1&bodySHA256=${sha}` })).toMatchObject({ ok: true });
    expect(signedDelivery(TWILIO, { body, secret: "tok", url: "https://hooks.example.com/h", bodyHash: true }).url).toBe(`https://hooks.example.com/h?bodySHA256=${sha}`);
    expect(() => signDelivery(TWILIO, { body, secret: "tok", url: "https://hooks.example.com/h", bodyHash: true })).toThrow(/use signedDelivery/);
    const { bodyHash: _h, ...withoutHash } = TWILIO as Extract<SignatureConfig, { scheme: "hmac" }>;
    expect(() => signedDelivery(withoutHash, { body, secret: "tok", url: "https://x/h", bodyHash: true })).toThrow(/needs a signature config with bodyHash/);
  });

  it("unit iso: the timestamp header is RFC 3339", () => {
    const config: SignatureConfig = { scheme: "hmac", header: "x-sig", algorithm: "sha256", encoding: "hex", prefix: "", signedContent: "{timestamp}{body}", timestamp: { header: "x-ts", unit: "iso", toleranceSeconds: 60 } };
    expect(signDelivery(config, { body: "b", secret: "k", timestamp: 1_700_000_000 })).toEqual({ "x-sig": createHmac("sha256", "k").update("2023-11-14T22:13:20.000Zb").digest("hex"), "x-ts": "2023-11-14T22:13:20.000Z" });
  });
});
