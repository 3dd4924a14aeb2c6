/**
 * Standard Webhooks and Svix, from the one-word YAML fixture: signatures by the official
 * `standardwebhooks` 1.1.1 and `svix` 1.99.1 libraries verified by us, ours verified by them, with
 * the published example, stale and future timestamps, rotated secrets, tampered bodies, and `v1a`
 * Ed25519 (which neither library implements: checked against node:crypto by hand).
 */
import { verify as nodeVerify } from "node:crypto";
import { describe, expect, it } from "vitest";
import { signDelivery } from "../../../src/testing/sign.js";
import { accepts, schemeOf, verify } from "./harness.js";
import { ed25519Keys } from "./keys.js";
import { libAccepts as theyAccept, libHeaders, PUBLISHED_EXAMPLE, type Lib } from "./standard-webhooks-libs.js";

const scheme = schemeOf("standard-webhooks");
const SECRET = PUBLISHED_EXAMPLE.secret;
const OTHER = "whsec_" + Buffer.from("another secret of 24 bytes!").toString("base64");
const body = JSON.stringify({ type: "invoice.paid", data: { id: "in_1", amount: 1200, note: "ü€" } });

/** The headers each official library's signer produces (Svix brands them svix-*), by default for `body`. */
const theirHeaders = (lib: Lib, secret: string, id: string, seconds: number, payload = body) => libHeaders(lib, secret, id, seconds, payload);

describe("standard-webhooks scheme (YAML: scheme: standard-webhooks)", () => {
  const now = Math.floor(Date.now() / 1000);

  it("loads from YAML as the one-word scheme with a 300 s tolerance", () => {
    expect(scheme).toEqual({ scheme: "standard-webhooks", toleranceSeconds: 300, privateKeyEnv: "SW_PRIVATE_KEY" });
  });

  it("verifies the published example (standardwebhooks.com / Svix docs)", async () => {
    const d = PUBLISHED_EXAMPLE.delivery;
    expect(await accepts(scheme, d)).toBe(true);
    expect(await accepts(scheme, { ...d, body: '{"test": 2432232315}' })).toBe(false);
    expect(await accepts(scheme, { ...d, now: (1614265330 + 301) * 1000 })).toBe(false);
  });

  for (const lib of ["standardwebhooks", "svix"] as const) {
    it(`accepts what ${lib} signs, and refuses tampered bodies, wrong secrets, stale and future timestamps`, async () => {
      const headers = theirHeaders(lib, SECRET, "msg_1", now);
      expect(await accepts(scheme, { body, headers, secrets: [SECRET] })).toBe(true);
      expect(await accepts(scheme, { body: body.replace("1200", "1201"), headers, secrets: [SECRET] })).toBe(false);
      expect(await accepts(scheme, { body, headers, secrets: [OTHER] })).toBe(false);
      for (const skew of [-301, 330]) { // the future side with headroom: verify reads the clock later
        const h = theirHeaders(lib, SECRET, "msg_1", now + skew);
        expect(await verify(scheme, { body, headers: h, secrets: [SECRET] })).toEqual({ ok: false, reason: "timestamp outside tolerance" });
        expect(theyAccept(lib, SECRET, body, h)).toBe(false); // they refuse it too
      }
      // Just inside the tolerance both ways.
      for (const skew of [-299, 299]) expect(await accepts(scheme, { body, headers: theirHeaders(lib, SECRET, "msg_1", now + skew), secrets: [SECRET] })).toBe(true);
    });

    it(`${lib} accepts what we sign, and refuses it tampered, stale or under another secret`, async () => {
      const headers = signDelivery(scheme, { body, secret: SECRET, id: "msg_2", timestamp: now });
      expect(Object.keys(headers).sort()).toEqual(["webhook-id", "webhook-signature", "webhook-timestamp"]);
      expect(theyAccept(lib, SECRET, body, headers)).toBe(true);
      expect(theyAccept(lib, SECRET, body.replace("in_1", "in_2"), headers)).toBe(false);
      expect(theyAccept(lib, OTHER, body, headers)).toBe(false);
      expect(theyAccept(lib, SECRET, body, signDelivery(scheme, { body, secret: SECRET, id: "msg_2", timestamp: now - 3600 }))).toBe(false);
    });
  }

  it("rotation: any configured secret verifies, and any of several signatures in the header may match", async () => {
    const signedWithNew = theirHeaders("standardwebhooks", OTHER, "msg_3", now);
    expect(await accepts(scheme, { body, headers: signedWithNew, secrets: [SECRET, OTHER] })).toBe(true);
    expect(await accepts(scheme, { body, headers: signedWithNew, secrets: [SECRET] })).toBe(false);
    // The sender signs with old and new secret during its rotation: one header, two signatures.
    const old = theirHeaders("standardwebhooks", SECRET, "msg_3", now)["webhook-signature"]!;
    const both = { ...signedWithNew, "webhook-signature": `${old} ${signedWithNew["webhook-signature"]}` };
    expect(await accepts(scheme, { body, headers: both, secrets: [OTHER] })).toBe(true);
    expect(await accepts(scheme, { body, headers: both, secrets: [SECRET] })).toBe(true);
    expect(theyAccept("standardwebhooks", OTHER, body, both)).toBe(true);
  });

  it("the signed webhook-id cannot be swapped: a replay under a fresh id is refused", async () => {
    const headers = theirHeaders("svix", SECRET, "msg_4", now);
    expect(await accepts(scheme, { body, headers: { ...headers, "svix-id": "msg_5" }, secrets: [SECRET] })).toBe(false);
  });

  it("v1a Ed25519: our whsk_ signature checks out with node:crypto by hand and verifies against a whpk_ key; mixed key lists work", async () => {
    const keys = ed25519Keys();
    const headers = signDelivery(scheme, { body, secret: SECRET, privateKey: `whsk_${keys.seedBase64}`, id: "msg_6", timestamp: now });
    const sigs = headers["webhook-signature"]!.split(" ");
    expect(sigs.map((s) => s.slice(0, s.indexOf(",") + 1))).toEqual(["v1,", "v1a,"]);
    // Independent check of the v1a signature, per the spec: Ed25519 over "<id>.<timestamp>.<body>".
    const v1a = Buffer.from(sigs[1]!.slice(4), "base64");
    expect(nodeVerify(null, Buffer.from(`msg_6.${now}.${body}`), keys.publicKey, v1a)).toBe(true);
    const pk = `whpk_${keys.publicBase64}`;
    const only = { ...headers, "webhook-signature": sigs[1]! };
    expect(await accepts(scheme, { body, headers: only, secrets: [pk] })).toBe(true);
    expect(await accepts(scheme, { body, headers: only, secrets: [SECRET] })).toBe(false); // an HMAC secret cannot check v1a
    expect(await accepts(scheme, { body, headers: only, secrets: [SECRET, pk] })).toBe(true);
    expect(await accepts(scheme, { body: `${body} `, headers: only, secrets: [pk] })).toBe(false);
    expect(await accepts(scheme, { body, headers: only, secrets: [`whpk_${ed25519Keys().publicBase64}`] })).toBe(false);
    // The official libraries ignore v1a, and still accept the v1 half.
    expect(theyAccept("standardwebhooks", SECRET, body, headers)).toBe(true);
  });

  it("a whpk_ secret alone signs v1a only when a private key is given; the env names it", () => {
    const keys = ed25519Keys();
    expect(() => signDelivery(scheme, { body, secret: `whpk_${keys.publicBase64}` })).toThrow(/private key/);
    process.env["SW_PRIVATE_KEY"] = `whsk_${keys.seedBase64}`;
    try {
      const headers = signDelivery(scheme, { body, secret: `whpk_${keys.publicBase64}`, id: "m", timestamp: now });
      expect(headers["webhook-signature"]).toMatch(/^v1a,/);
    } finally {
      delete process.env["SW_PRIVATE_KEY"];
    }
  });
});
