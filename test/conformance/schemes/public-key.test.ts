/**
 * `ed25519` (Discord) and `ecdsa-p256` (SendGrid) from YAML fixtures, cross-checked with
 * discord-interactions 4.4.0 `verifyKey` and @sendgrid/eventwebhook 8.0.0 `verifySignature`, plus
 * SendGrid's published example vectors. Neither SDK signs, so "their" signatures are made with
 * node:crypto the way the providers document, and the SDK confirms them first.
 */
import { sign as nodeSign } from "node:crypto";
import { EventWebhook } from "@sendgrid/eventwebhook";
import { verifyKey } from "discord-interactions";
import { describe, expect, it } from "vitest";
import { signDelivery } from "../../../src/testing/sign.js";
import { accepts, schemeOf, verify } from "./harness.js";
import { ed25519Keys, p256Keys, SENDGRID_EXAMPLE } from "./keys.js";

describe("ed25519 (Discord interactions)", () => {
  const scheme = schemeOf("discord");
  const keys = ed25519Keys();
  const body = JSON.stringify({ id: "i-1", type: 2, data: { name: "ping" } });
  const discordSigns = (ts: string, b = body, k = keys.privateKey) => nodeSign(null, Buffer.from(ts + b), k).toString("hex");

  it("accepts Discord-format signatures that discord-interactions accepts; refuses tampered ones and other keys", async () => {
    const ts = String(Math.floor(Date.now() / 1000));
    const signature = discordSigns(ts);
    expect(await verifyKey(body, signature, ts, keys.publicHex)).toBe(true);
    const headers = { "x-signature-ed25519": signature, "x-signature-timestamp": ts };
    expect(await accepts(scheme, { body, headers, secrets: [keys.publicHex] })).toBe(true);
    expect(await accepts(scheme, { body: body.replace("ping", "pong"), headers, secrets: [keys.publicHex] })).toBe(false);
    expect(await accepts(scheme, { body, headers: { ...headers, "x-signature-timestamp": `${ts}1` }, secrets: [keys.publicHex] })).toBe(false);
    const other = ed25519Keys();
    expect(await accepts(scheme, { body, headers, secrets: [other.publicHex] })).toBe(false);
    expect(await accepts(scheme, { body, headers, secrets: [other.publicHex, keys.publicHex] })).toBe(true); // key rotation
    // A PEM public key in the env works whatever public_key_encoding says.
    const pem = keys.publicKey.export({ format: "pem", type: "spki" }).toString();
    expect(await accepts(scheme, { body, headers, secrets: [pem] })).toBe(true);
  });

  it("discord-interactions accepts what we sign (private key from the option or from private_key_env)", async () => {
    const ts = 1_700_000_000;
    const headers = signDelivery(scheme, { body, secret: keys.publicHex, privateKey: keys.privatePem, timestamp: ts });
    expect(await verifyKey(body, headers["x-signature-ed25519"]!, headers["x-signature-timestamp"]!, keys.publicHex)).toBe(true);
    expect(await verifyKey(`${body} `, headers["x-signature-ed25519"]!, headers["x-signature-timestamp"]!, keys.publicHex)).toBe(false);
    process.env["DISCORD_TEST_PRIVATE_KEY"] = keys.seedBase64;
    try {
      const fromEnv = signDelivery(scheme, { body, secret: keys.publicHex, timestamp: ts });
      expect(fromEnv).toEqual(headers); // Ed25519 is deterministic: same key, same signature
    } finally {
      delete process.env["DISCORD_TEST_PRIVATE_KEY"];
    }
    expect(() => signDelivery(scheme, { body, secret: keys.publicHex })).toThrow(/private key/);
  });
});

describe("ecdsa-p256 (SendGrid Event Webhook)", () => {
  const scheme = schemeOf("sendgrid");
  const ew = new EventWebhook();
  // SendGrid's published example (the vectors of @sendgrid/eventwebhook's own spec).
  const { publicKey: PUBLIC_KEY, signature: SIGNATURE, timestamp: TIMESTAMP, payload: PAYLOAD } = SENDGRID_EXAMPLE;
  const headersOf = (signature: string, timestamp: string) => ({ "x-twilio-email-event-webhook-signature": signature, "x-twilio-email-event-webhook-timestamp": timestamp });

  it("verifies SendGrid's published example, and refuses it with one byte changed", async () => {
    expect(ew.verifySignature(ew.convertPublicKeyToECDSA(PUBLIC_KEY), PAYLOAD, SIGNATURE, TIMESTAMP)).toBe(true);
    expect(await accepts(scheme, { body: PAYLOAD, headers: headersOf(SIGNATURE, TIMESTAMP), secrets: [PUBLIC_KEY] })).toBe(true);
    expect(await accepts(scheme, { body: PAYLOAD.replace("dropped", "droppeD"), headers: headersOf(SIGNATURE, TIMESTAMP), secrets: [PUBLIC_KEY] })).toBe(false);
    expect(await accepts(scheme, { body: PAYLOAD, headers: headersOf(SIGNATURE, "1600112503"), secrets: [PUBLIC_KEY] })).toBe(false);
  });

  it("the SendGrid SDK accepts what we sign (DER), and we accept DER signatures it confirms; key rotation", async () => {
    const keys = p256Keys();
    const headers = signDelivery(scheme, { body: PAYLOAD, secret: keys.publicBase64, privateKey: keys.privatePem, timestamp: 1_700_000_000 });
    const pk = ew.convertPublicKeyToECDSA(keys.publicBase64);
    expect(ew.verifySignature(pk, PAYLOAD, headers["x-twilio-email-event-webhook-signature"]!, headers["x-twilio-email-event-webhook-timestamp"]!)).toBe(true);
    expect(ew.verifySignature(pk, `${PAYLOAD}x`, headers["x-twilio-email-event-webhook-signature"]!, headers["x-twilio-email-event-webhook-timestamp"]!)).toBe(false);
    const ts = "1700000001";
    const theirs = nodeSign("sha256", Buffer.from(ts + PAYLOAD), keys.privateKey).toString("base64"); // DER, as SendGrid sends
    expect(ew.verifySignature(pk, PAYLOAD, theirs, ts)).toBe(true);
    expect(await accepts(scheme, { body: PAYLOAD, headers: headersOf(theirs, ts), secrets: [PUBLIC_KEY, keys.publicBase64] })).toBe(true);
    expect(await accepts(scheme, { body: PAYLOAD, headers: headersOf(theirs, ts), secrets: [PUBLIC_KEY] })).toBe(false);
  });

  it("raw r‖s signatures when signature_format is raw; a DER signature is then refused", async () => {
    const keys = p256Keys();
    const raw = { ...scheme, signatureFormat: "raw" } as typeof scheme;
    const ts = "1700000002";
    const p1363 = nodeSign("sha256", Buffer.from(ts + PAYLOAD), { key: keys.privateKey, dsaEncoding: "ieee-p1363" }).toString("base64");
    expect(await accepts(raw, { body: PAYLOAD, headers: headersOf(p1363, ts), secrets: [keys.publicBase64] })).toBe(true);
    const der = nodeSign("sha256", Buffer.from(ts + PAYLOAD), keys.privateKey).toString("base64");
    expect(await verify(raw, { body: PAYLOAD, headers: headersOf(der, ts), secrets: [keys.publicBase64] })).toEqual({ ok: false, reason: "malformed signature" });
    expect(await accepts(raw, signedBy(raw, keys))).toBe(true);
  });

  function signedBy(config: typeof scheme, keys: ReturnType<typeof p256Keys>) {
    return { body: PAYLOAD, headers: signDelivery(config, { body: PAYLOAD, secret: keys.publicBase64, privateKey: keys.privatePem, timestamp: 1 }), secrets: [keys.publicBase64] };
  }
});
