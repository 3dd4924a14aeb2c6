import { createHmac } from "node:crypto";
import fc from "fast-check";
import { Webhook as StandardWebhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import { createCrypto } from "../crypto/index.js";
import { createVerifier } from "./create-verifier.js";
import { GitHubVerifier } from "./github.js";
import { HmacVerifier, type HmacSignatureConfig } from "./hmac.js";
import { NoneVerifier } from "./none.js";
import { StripeVerifier } from "./stripe.js";
import { VERIFIED, type VerifyInput, type VerifyResult } from "./verifier.js";
import { standardWebhooksSignature } from "../../../test/fixtures/definitions.js";

const enc = (s: string) => new TextEncoder().encode(s);
const isThenable = (value: unknown) => typeof (value as { then?: unknown } | null)?.then === "function";
/** `result` with its digest as a plain Uint8Array (Node's are Buffers), so both backends compare equal. */
const plain = (result: VerifyResult): VerifyResult => (result.ok && result.digest !== undefined ? { ok: true, digest: new Uint8Array(result.digest) } : result);
const bytesOf = (b64: string) => new Uint8Array(Buffer.from(b64, "base64"));

const node = createCrypto();
const web = createCrypto({ node: undefined });

const shopifyLike: HmacSignatureConfig = {
  scheme: "hmac",
  header: "x-shopify-hmac-sha256",
  algorithm: "sha256",
  encoding: "base64",
  prefix: "",
  signedContent: "{body}",
};
const svixLike: HmacSignatureConfig = standardWebhooksSignature;

describe.each([
  ["node", node],
  ["webcrypto", web],
] as const)("HmacVerifier on %s", (backend, crypto) => {
  /** The verdict of `v`; on Node it must not be a thenable (the pipeline would pay a suspension). */
  const check = async (v: { verify(input: VerifyInput): VerifyResult | PromiseLike<VerifyResult> }, input: VerifyInput) => {
    const result = v.verify(input);
    if (backend === "node") expect(isThenable(result)).toBe(false);
    return plain(await result);
  };

  it("verifies a body-only base64 scheme, with the MAC as digest (sync on Node, a Promise on Web Crypto)", async () => {
    const body = '{"a":1}';
    const sig = createHmac("sha256", "k").update(body).digest("base64");
    const v = new HmacVerifier(shopifyLike, { crypto });
    const result = v.verify({ rawBody: enc(body), headers: { "x-shopify-hmac-sha256": sig }, secrets: ["k"], now: 0 });
    if (backend === "node") expect(isThenable(result)).toBe(false);
    else expect(result).toBeInstanceOf(Promise);
    expect(plain(await result)).toEqual({ ok: true, digest: bytesOf(sig) });
    expect((await check(v, { rawBody: enc(body + " "), headers: { "x-shopify-hmac-sha256": sig }, secrets: ["k"], now: 0 })).ok).toBe(false);
    expect((await check(v, { rawBody: enc(body), headers: { "x-shopify-hmac-sha256": sig }, secrets: ["other"], now: 0 })).ok).toBe(false);
    expect((await check(v, { rawBody: enc(body), headers: { "x-shopify-hmac-sha256": sig }, secrets: ["old", "k"], now: 0 })).ok).toBe(true);
    expect((await check(v, { rawBody: enc(body), headers: {}, secrets: ["k"], now: 0 })).ok).toBe(false);
  });

  it("compares base64 as strictly as text: no unpadded or non-canonical spellings", async () => {
    const body = "x";
    const sig = createHmac("sha256", "k").update(body).digest("base64"); // 44 chars, one "="
    const v = new HmacVerifier(shopifyLike, { crypto });
    // The last data character carries 4 bits and 2 unused ones; setting an unused bit gives a
    // spelling a lax decoder (Buffer) maps to the same bytes, which must still be refused.
    const nonCanonical = `${sig.slice(0, -2)}${String.fromCharCode(sig.charCodeAt(sig.length - 2) + 1)}=`;
    expect(Buffer.from(nonCanonical, "base64")).toEqual(Buffer.from(sig, "base64"));
    for (const spelling of [sig.slice(0, -1), nonCanonical, `${sig}=`, `${sig}\n`, sig.replaceAll("+", "-").replaceAll("/", "_")]) {
      expect((await check(v, { rawBody: enc(body), headers: { "x-shopify-hmac-sha256": spelling }, secrets: ["k"], now: 0 })).ok, spelling).toBe(false);
    }
  });

  it("verifies a templated scheme with id, timestamp, prefix and several signatures (what standardwebhooks signs)", async () => {
    const body = '{"b":2}';
    const ts = 1_700_000_000;
    const sig = createHmac("sha256", "k").update(`msg_1.${ts}.${body}`).digest("base64");
    const headers = { "webhook-signature": `v1,bogus v1,${sig}`, "webhook-timestamp": String(ts), "webhook-id": "msg_1" };
    const v = createVerifier(svixLike, { crypto });
    expect(await check(v, { rawBody: enc(body), headers, secrets: ["k"], now: ts * 1000 })).toEqual({ ok: true, digest: bytesOf(sig) });
    expect((await check(v, { rawBody: enc(body), headers, secrets: ["k"], now: (ts + 301) * 1000 })).ok).toBe(false);
    expect((await check(v, { rawBody: enc(body), headers: { ...headers, "webhook-id": "msg_2" }, secrets: ["k"], now: ts * 1000 })).ok).toBe(false);
    expect((await check(v, { rawBody: enc(body), headers: { ...headers, "webhook-signature": "v1,bogus" }, secrets: ["k"], now: ts * 1000 })).ok).toBe(false);
    expect((await check(v, { rawBody: enc(body), headers: { ...headers, "webhook-signature": sig }, secrets: ["k"], now: ts * 1000 })).ok).toBe(false);

    // The official library's own signature (its secret is base64 under whsec_; we key by the string, as configured).
    const signer = new StandardWebhook(Buffer.from("k").toString("base64"));
    const official = signer.sign("msg_1", new Date(ts * 1000), body);
    expect(official).toBe(`v1,${sig}`);
  });

  it("refuses a template that needs a header it lacks", () => {
    expect(() => new HmacVerifier({ ...shopifyLike, signedContent: "{timestamp}.{body}" }, { crypto })).toThrow(/timestampHeader/);
    expect(() => new HmacVerifier({ ...shopifyLike, signedContent: "{id}.{body}" }, { crypto })).toThrow(/idHeader/);
  });

  it("property: sign→verify ok, single-byte tamper fails, junk headers never throw (hex and base64, sha1/256/512)", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom("sha1", "sha256", "sha512"),
        fc.constantFrom("hex", "base64"),
        fc.uint8Array({ minLength: 1, maxLength: 200 }),
        fc.string({ minLength: 1 }),
        fc.nat(),
        fc.integer({ min: 1, max: 255 }),
        async (algorithm, encoding, body, key, pos, d) => {
          const v = new HmacVerifier({ ...shopifyLike, header: "x-sig", algorithm, encoding, prefix: `${algorithm}=` }, { crypto });
          const digest = createHmac(algorithm, key).update(body).digest();
          const header = `${algorithm}=${digest.toString(encoding)}`;
          expect(await check(v, { rawBody: body, headers: { "x-sig": header }, secrets: [key], now: 0 })).toEqual({ ok: true, digest: new Uint8Array(digest) });
          if (encoding === "hex") expect((await check(v, { rawBody: body, headers: { "x-sig": header.toUpperCase().replace(algorithm.toUpperCase(), algorithm) }, secrets: [key], now: 0 })).ok).toBe(true);
          const t = Uint8Array.from(body);
          t[pos % t.length] = (t[pos % t.length]! + d) & 0xff;
          expect((await check(v, { rawBody: t, headers: { "x-sig": header }, secrets: [key], now: 0 })).ok).toBe(false);
        },
      ),
      { numRuns: 200 },
    );
    const v = new HmacVerifier({ ...shopifyLike, header: "x-sig", algorithm: "sha512", encoding: "hex", prefix: "sha512=" }, { crypto });
    await fc.assert(fc.asyncProperty(fc.oneof(fc.string(), fc.string().map((s) => `sha512=${s}`)), async (h) => {
      expect((await check(v, { rawBody: enc("x"), headers: { "x-sig": h }, secrets: ["k"], now: 0 })).ok).toBe(false);
    }));
  });
});

describe("createVerifier", () => {
  it("maps schemes to built-ins and rejects unknown ones", () => {
    expect(createVerifier({ scheme: "none" })).toBeInstanceOf(NoneVerifier);
    expect(createVerifier({ scheme: "stripe", header: "stripe-signature", toleranceSeconds: 300 })).toBeInstanceOf(StripeVerifier);
    expect(createVerifier({ scheme: "github", header: "x-hub-signature-256" })).toBeInstanceOf(GitHubVerifier);
    expect(() => createVerifier({ scheme: "nope" } as never)).toThrow(/unsupported signature scheme/);
  });

  it("passes the crypto backend through: the default answers synchronously, Web Crypto with a Promise", async () => {
    const body = "{}";
    const headers = { "x-hub-signature-256": `sha256=${createHmac("sha256", "k").update(body).digest("hex")}` };
    const input = { rawBody: enc(body), headers, secrets: ["k"], now: 0 };
    const sync = createVerifier({ scheme: "github", header: "x-hub-signature-256" }).verify(input);
    expect(isThenable(sync)).toBe(false);
    const later = createVerifier({ scheme: "github", header: "x-hub-signature-256" }, { crypto: web }).verify(input);
    expect(later).toBeInstanceOf(Promise);
    expect(plain(await later)).toEqual(plain(sync as VerifyResult));
  });

  it("none answers the shared digest-less VERIFIED, synchronously", () => {
    const result = createVerifier({ scheme: "none" }).verify({ rawBody: enc("x"), headers: {}, secrets: [], now: 0 });
    expect(result).toBe(VERIFIED);
    expect(Object.isFrozen(VERIFIED)).toBe(true);
    expect(VERIFIED).toEqual({ ok: true });
  });

  it("a host without any crypto makes verification throw (the pipeline answers that as a failure)", () => {
    const none = createCrypto({ node: undefined, subtle: undefined });
    const v = createVerifier({ scheme: "github", header: "x-hub-signature-256" }, { crypto: none });
    expect(() => v.verify({ rawBody: enc("{}"), headers: { "x-hub-signature-256": `sha256=${"0".repeat(64)}` }, secrets: ["k"], now: 0 })).toThrow(/no crypto available/);
  });
});
