import Stripe from "stripe";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { StripeVerifier } from "./stripe.js";

const stripe = new Stripe("sk_test_dummy");
const secret = "whsec_abc123";
const verifier = new StripeVerifier({ header: "stripe-signature", toleranceSeconds: 300 });
const enc = (s: string) => new TextEncoder().encode(s);

function check(payload: string | Uint8Array, header: string | undefined, secrets: readonly string[], nowSec: number) {
  const rawBody = typeof payload === "string" ? enc(payload) : payload;
  return verifier.verify({ rawBody, headers: header === undefined ? {} : { "stripe-signature": header }, secrets, now: nowSec * 1000 });
}

describe("StripeVerifier", () => {
  const payload = JSON.stringify({ id: "evt_1", type: "payment_intent.succeeded" });
  const t = 1_700_000_000;
  const header = stripe.webhooks.generateTestHeaderString({ payload, secret, timestamp: t });

  it("accepts a header made by the Stripe SDK", () => {
    expect(check(payload, header, [secret], t)).toEqual({ ok: true });
  });

  it("accepts when any rotated secret matches, and any of several v1 signatures", () => {
    expect(check(payload, header, ["whsec_old", secret], t).ok).toBe(true);
    const [tPart, v1] = header.split(",");
    expect(check(payload, `${tPart},v1=${"0".repeat(64)},${v1}`, [secret], t).ok).toBe(true);
  });

  it("rejects timestamps outside the tolerance, in both directions", () => {
    expect(check(payload, header, [secret], t + 301).ok).toBe(false);
    expect(check(payload, header, [secret], t - 301).ok).toBe(false);
    expect(check(payload, header, [secret], t + 300).ok).toBe(true);
  });

  it("rejects a wrong secret, tampered body, missing or malformed header", () => {
    expect(check(payload, header, ["whsec_other"], t).ok).toBe(false);
    expect(check(payload + " ", header, [secret], t).ok).toBe(false);
    expect(check(payload, undefined, [secret], t).ok).toBe(false);
    expect(check(payload, "garbage", [secret], t).ok).toBe(false);
    expect(check(payload, `t=${t}`, [secret], t).ok).toBe(false);
    expect(check(payload, header, [], t).ok).toBe(false);
  });

  it("property: SDK-signed random bodies verify; any single-byte tamper fails", () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 1, maxLength: 300 }),
        fc.string({ minLength: 1, maxLength: 40 }),
        fc.nat(),
        fc.integer({ min: 1, max: 255 }),
        (body, key, pos, delta) => {
          const text = Buffer.from(body).toString("latin1");
          const bytes = Buffer.from(text, "utf8"); // what the SDK signs
          const h = stripe.webhooks.generateTestHeaderString({ payload: text, secret: key, timestamp: t });
          expect(check(bytes, h, [key], t).ok).toBe(true);
          const tampered = Uint8Array.from(bytes);
          const i = pos % tampered.length;
          tampered[i] = (tampered[i]! + delta) & 0xff;
          expect(check(tampered, h, [key], t).ok).toBe(false);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("property: never throws on arbitrary header strings", () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (h, body) => {
        expect(check(body, h, [secret], t).ok).toBe(false);
      }),
    );
  });
});
