/**
 * Property, per YAML fixture: what our signer signs verifies, and any one-byte change to the body,
 * to the signature header or to the timestamp header is refused. (Twilio signs the decoded form
 * parameters, not the bytes — `+` and a space are the same parameter — so its body is excluded.)
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { signDelivery } from "../../../src/testing/sign.js";
import type { SignatureConfig } from "../../../src/runtime/types.js";
import { createVerifier } from "../../../src/runtime/verifiers/create-verifier.js";
import { BACKENDS, schemeOf } from "./harness.js";
import { ed25519Keys, p256Keys } from "./keys.js";

const ed = ed25519Keys();
const ec = p256Keys();
const WHSEC = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

interface Case {
  readonly name: string;
  readonly secret: string;
  readonly verifySecret?: string;
  readonly privateKey?: string;
  readonly path?: string;
  readonly url?: string;
  readonly body: "json" | "form";
  readonly tamperBody: boolean;
  readonly timestampHeader?: string;
}

const CASES: readonly Case[] = [
  { name: "stripe-as-hmac", secret: "whsec_x", body: "json", tamperBody: true },
  { name: "paddle", secret: "pdl_secret", body: "json", tamperBody: true },
  { name: "twilio", secret: "tw-token", body: "form", tamperBody: false, path: "/webhooks/twilio/sms", url: "https://hooks.example.com/webhooks/twilio/sms" },
  { name: "hubspot", secret: "hs", body: "json", tamperBody: true, path: "/webhook_uri", url: "https://www.example.com/webhook_uri", timestampHeader: "x-hubspot-request-timestamp" },
  { name: "razorpay", secret: "rzp", body: "json", tamperBody: true },
  { name: "square", secret: "sq", body: "json", tamperBody: true, path: "/webhooks/square", url: "https://example.com/webhooks/square" },
  { name: "zoom", secret: "zoom", body: "json", tamperBody: true, timestampHeader: "x-zm-request-timestamp" },
  { name: "twitch", secret: "twitch-secret", body: "json", tamperBody: true, timestampHeader: "twitch-eventsub-message-timestamp" },
  { name: "discord", secret: ed.publicHex, privateKey: ed.privatePem, body: "json", tamperBody: true, timestampHeader: "x-signature-timestamp" },
  { name: "sendgrid", secret: ec.publicBase64, privateKey: ec.privatePem, body: "json", tamperBody: true, timestampHeader: "x-twilio-email-event-webhook-timestamp" },
  { name: "standard-webhooks", secret: WHSEC, body: "json", tamperBody: true, timestampHeader: "webhook-timestamp" },
  { name: "standard-webhooks", secret: `whpk_${ed.publicBase64}`, privateKey: `whsk_${ed.seedBase64}`, body: "json", tamperBody: true, timestampHeader: "webhook-timestamp" },
];

const signatureHeaderOf = (s: SignatureConfig): string => (s.scheme === "standard-webhooks" ? "webhook-signature" : "header" in s ? s.header : "");

/** Replaces the character at `i` by another one that denotes different signature text (not a hex case twin). */
function changeChar(text: string, i: number, pick: number): string {
  const alphabet = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ+/=,;: .-_";
  const c = text[i]!;
  const options = [...alphabet].filter((x) => x.toLowerCase() !== c.toLowerCase());
  return text.slice(0, i) + options[pick % options.length]! + text.slice(i + 1);
}

describe("property: any one-byte change is refused", () => {
  for (const c of CASES) {
    const scheme = schemeOf(c.name);
    const verifier = createVerifier(scheme, { crypto: BACKENDS.node });
    const bodyArb = c.body === "json" ? fc.json({ maxDepth: 2 }).map((j) => `{"type":"t","data":${j}}`) : fc.dictionary(fc.string({ minLength: 1, maxLength: 6 }), fc.string({ maxLength: 8 }), { maxKeys: 5 }).map((o) => new URLSearchParams(o).toString());
    it(`${c.name}${c.secret.startsWith("whpk_") ? " (v1a)" : ""}: valid verifies; a changed body, signature or timestamp byte does not`, async () => {
      await fc.assert(
        fc.asyncProperty(bodyArb, fc.nat(), fc.nat(), fc.integer({ min: 1, max: 255 }), async (text, at, pick, xor) => {
          const body = new TextEncoder().encode(text);
          const now = Date.now();
          const headers = signDelivery(scheme, { body, secret: c.secret, timestamp: Math.floor(now / 1000), id: "id-1", ...(c.privateKey === undefined ? {} : { privateKey: c.privateKey }), ...(c.url === undefined ? {} : { url: c.url }) });
          const run = async (b: Uint8Array, h: Record<string, string>) =>
            (await verifier.verify({ rawBody: b, headers: { "x-shopify-topic": "t", ...h }, secrets: [c.secret], now, method: "POST", path: c.path })).ok;
          expect(await run(body, headers)).toBe(true);
          if (c.tamperBody && body.length > 0) {
            const changed = body.slice();
            changed[at % body.length]! ^= xor;
            expect(await run(changed, headers)).toBe(false);
          }
          const sh = signatureHeaderOf(scheme);
          const sig = headers[sh]!;
          expect(await run(body, { ...headers, [sh]: changeChar(sig, at % sig.length, pick) })).toBe(false);
          if (c.timestampHeader !== undefined) {
            const ts = headers[c.timestampHeader]!;
            expect(await run(body, { ...headers, [c.timestampHeader]: changeChar(ts, at % ts.length, pick) })).toBe(false);
          }
        }),
        { numRuns: 60 },
      );
    });
  }
});
