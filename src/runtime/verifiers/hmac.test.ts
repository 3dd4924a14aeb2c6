import { createHmac } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createVerifier } from "./create-verifier.js";
import { HmacVerifier, type HmacSignatureConfig } from "./hmac.js";
import { NoneVerifier } from "./none.js";
import { StripeVerifier } from "./stripe.js";
import { standardWebhooksSignature } from "../../../test/fixtures/definitions.js";

const enc = (s: string) => new TextEncoder().encode(s);

describe("HmacVerifier", () => {
  const shopifyLike: HmacSignatureConfig = {
    scheme: "hmac",
    header: "x-shopify-hmac-sha256",
    algorithm: "sha256",
    encoding: "base64",
    prefix: "",
    signedContent: "{body}",
  };
  const svixLike: HmacSignatureConfig = standardWebhooksSignature;

  it("verifies a body-only base64 scheme", () => {
    const body = '{"a":1}';
    const sig = createHmac("sha256", "k").update(body).digest("base64");
    const v = new HmacVerifier(shopifyLike);
    expect(v.verify({ rawBody: enc(body), headers: { "x-shopify-hmac-sha256": sig }, secrets: ["k"], now: 0 }).ok).toBe(true);
    expect(v.verify({ rawBody: enc(body + " "), headers: { "x-shopify-hmac-sha256": sig }, secrets: ["k"], now: 0 }).ok).toBe(false);
  });

  it("verifies a templated scheme with id, timestamp, prefix and several signatures", () => {
    const body = '{"b":2}';
    const ts = 1_700_000_000;
    const sig = createHmac("sha256", "k").update(`msg_1.${ts}.${body}`).digest("base64");
    const headers = { "webhook-signature": `v1,bogus v1,${sig}`, "webhook-timestamp": String(ts), "webhook-id": "msg_1" };
    const v = createVerifier(svixLike);
    expect(v.verify({ rawBody: enc(body), headers, secrets: ["k"], now: ts * 1000 })).toEqual({ ok: true });
    expect((v.verify({ rawBody: enc(body), headers, secrets: ["k"], now: (ts + 301) * 1000 }) as { ok: boolean }).ok).toBe(false);
    expect((v.verify({ rawBody: enc(body), headers: { ...headers, "webhook-id": "msg_2" }, secrets: ["k"], now: ts * 1000 }) as { ok: boolean }).ok).toBe(false);
  });

  it("refuses a template that needs a header it lacks", () => {
    expect(() => new HmacVerifier({ ...shopifyLike, signedContent: "{timestamp}.{body}" })).toThrow(/timestampHeader/);
  });

  it("property: sign→verify ok, single-byte tamper fails, junk headers never throw (hex/sha512)", () => {
    const config: HmacSignatureConfig = { ...shopifyLike, header: "x-sig", algorithm: "sha512", encoding: "hex", prefix: "sha512=" };
    const v = new HmacVerifier(config);
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 200 }), fc.string({ minLength: 1 }), fc.nat(), fc.integer({ min: 1, max: 255 }), (body, key, pos, d) => {
        const header = `sha512=${createHmac("sha512", key).update(body).digest("hex")}`;
        expect(v.verify({ rawBody: body, headers: { "x-sig": header }, secrets: [key], now: 0 }).ok).toBe(true);
        const t = Uint8Array.from(body);
        t[pos % t.length] = (t[pos % t.length]! + d) & 0xff;
        expect(v.verify({ rawBody: t, headers: { "x-sig": header }, secrets: [key], now: 0 }).ok).toBe(false);
      }),
    );
    fc.assert(fc.property(fc.string(), (h) => {
      expect(v.verify({ rawBody: enc("x"), headers: { "x-sig": h }, secrets: ["k"], now: 0 }).ok).toBe(false);
    }));
  });
});

describe("createVerifier", () => {
  it("maps schemes to built-ins and rejects unknown ones", () => {
    expect(createVerifier({ scheme: "none" })).toBeInstanceOf(NoneVerifier);
    expect(createVerifier({ scheme: "stripe", header: "stripe-signature", toleranceSeconds: 300 })).toBeInstanceOf(StripeVerifier);
    expect(() => createVerifier({ scheme: "nope" } as never)).toThrow(/unsupported signature scheme/);
  });
});
