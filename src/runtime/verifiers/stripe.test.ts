import { createHmac } from "node:crypto";
import Stripe from "stripe";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createCrypto } from "../crypto/index.js";
import { StripeVerifier } from "./stripe.js";
import type { VerifyResult } from "./verifier.js";

const stripe = new Stripe("sk_test_dummy");
const secret = "whsec_abc123";
const enc = (s: string) => new TextEncoder().encode(s);
const isThenable = (value: unknown) => typeof (value as { then?: unknown } | null)?.then === "function";
const mac = (key: string, t: number, body: string | Uint8Array) => new Uint8Array(createHmac("sha256", key).update(`${t}.`).update(body).digest());
/** `result` with its digest as a plain Uint8Array (Node's are Buffers), so both backends compare equal. */
const plain = (result: VerifyResult): VerifyResult => (result.ok && result.digest !== undefined ? { ok: true, digest: new Uint8Array(result.digest) } : result);

describe.each([
  ["node", createCrypto()],
  ["webcrypto", createCrypto({ node: undefined })],
] as const)("StripeVerifier on %s", (backend, crypto) => {
  const verifier = new StripeVerifier({ header: "stripe-signature", toleranceSeconds: 300, crypto });
  const run = (payload: string | Uint8Array, header: string | undefined, secrets: readonly string[], nowSec: number) => {
    const rawBody = typeof payload === "string" ? enc(payload) : payload;
    return verifier.verify({ rawBody, headers: header === undefined ? {} : { "stripe-signature": header }, secrets, now: nowSec * 1000 });
  };
  /** The verdict; on Node it must not be a thenable (the pipeline would pay a suspension). */
  const check = async (payload: string | Uint8Array, header: string | undefined, secrets: readonly string[], nowSec: number) => {
    const result = run(payload, header, secrets, nowSec);
    if (backend === "node") expect(isThenable(result)).toBe(false);
    return plain(await result);
  };

  const payload = JSON.stringify({ id: "evt_1", type: "payment_intent.succeeded" });
  const t = 1_700_000_000;
  const header = stripe.webhooks.generateTestHeaderString({ payload, secret, timestamp: t });

  it("accepts a header made by the Stripe SDK, with the MAC as digest (sync on Node, a Promise on Web Crypto)", async () => {
    const result = run(payload, header, [secret], t);
    if (backend === "node") expect(isThenable(result)).toBe(false);
    else expect(result).toBeInstanceOf(Promise);
    expect(plain(await result)).toEqual({ ok: true, digest: mac(secret, t, payload) });
  });

  it("accepts when any rotated secret matches, and any of several v1 signatures", async () => {
    expect(await check(payload, header, ["whsec_old", secret], t)).toEqual({ ok: true, digest: mac(secret, t, payload) });
    expect(await check(payload, header, [secret, "whsec_new"], t)).toEqual({ ok: true, digest: mac(secret, t, payload) });
    const [tPart, v1] = header.split(",");
    expect((await check(payload, `${tPart},v1=${"0".repeat(64)},${v1}`, [secret], t)).ok).toBe(true);
    expect((await check(payload, `${tPart},v1=zz,${v1}`, ["whsec_old", secret], t)).ok).toBe(true);
    expect((await check(payload, `${tPart},v1=${"0".repeat(64)},v1=${"1".repeat(64)}`, ["whsec_old", secret], t)).ok).toBe(false);
  });

  it("rejects timestamps outside the tolerance, in both directions", async () => {
    expect((await check(payload, header, [secret], t + 301)).ok).toBe(false);
    expect((await check(payload, header, [secret], t - 301)).ok).toBe(false);
    expect((await check(payload, header, [secret], t + 300)).ok).toBe(true);
  });

  it("rejects a wrong secret, tampered body, missing or malformed header", async () => {
    expect((await check(payload, header, ["whsec_other"], t)).ok).toBe(false);
    expect((await check(payload + " ", header, [secret], t)).ok).toBe(false);
    expect((await check(payload, undefined, [secret], t)).ok).toBe(false);
    expect((await check(payload, "garbage", [secret], t)).ok).toBe(false);
    expect((await check(payload, `t=${t}`, [secret], t)).ok).toBe(false);
    expect((await check(payload, `t=${t},v1=nothex`, [secret], t)).ok).toBe(false);
    expect((await check(payload, header, [], t)).ok).toBe(false);
  });

  it("property: SDK-signed random bodies verify; any single-byte tamper fails", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ minLength: 1, maxLength: 300 }),
        fc.string({ minLength: 1, maxLength: 40 }),
        fc.nat(),
        fc.integer({ min: 1, max: 255 }),
        async (body, key, pos, delta) => {
          const text = Buffer.from(body).toString("latin1");
          const bytes = Buffer.from(text, "utf8"); // what the SDK signs
          const h = stripe.webhooks.generateTestHeaderString({ payload: text, secret: key, timestamp: t });
          expect(await check(bytes, h, [key], t)).toEqual({ ok: true, digest: mac(key, t, bytes) });
          const tampered = Uint8Array.from(bytes);
          const i = pos % tampered.length;
          tampered[i] = (tampered[i]! + delta) & 0xff;
          expect((await check(tampered, h, [key], t)).ok).toBe(false);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("property: never throws on arbitrary header strings", async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string(), fc.string().map((s) => `t=${t},v1=${s}`)), fc.string(), async (h, body) => {
        expect((await check(body, h, [secret], t)).ok).toBe(false);
      }),
    );
  });
});
