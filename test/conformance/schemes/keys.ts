/** Key pairs for the public-key scheme tests, in the text forms providers hand out. */
import { generateKeyPairSync } from "node:crypto";

/** An Ed25519 key pair: raw public key as hex / base64, private seed as base64, and PEM. */
export function ed25519Keys() {
  const { publicKey, privateKey } = generateKeyPairSync("ed25519");
  const raw = publicKey.export({ format: "der", type: "spki" }).subarray(-32);
  const seed = privateKey.export({ format: "der", type: "pkcs8" }).subarray(-32);
  return {
    publicKey,
    privateKey,
    publicHex: raw.toString("hex"),
    publicBase64: raw.toString("base64"),
    seedBase64: seed.toString("base64"),
    privatePem: privateKey.export({ format: "pem", type: "pkcs8" }).toString(),
  };
}

/** A P-256 key pair: public key as base64 DER SPKI (SendGrid's form), private key as PEM. */
export function p256Keys() {
  const { publicKey, privateKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  return {
    publicKey,
    privateKey,
    publicBase64: publicKey.export({ format: "der", type: "spki" }).toString("base64"),
    privatePem: privateKey.export({ format: "pem", type: "pkcs8" }).toString(),
  };
}

/**
 * SendGrid's published Signed Event Webhook example (the vectors of @sendgrid/eventwebhook's own
 * spec): a base64 DER SPKI public key, the base64 DER signature it made over `timestamp + payload`,
 * and the payload, one "dropped" event with SendGrid's trailing CRLF.
 */
export const SENDGRID_EXAMPLE = {
  publicKey: "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE83T4O/n84iotIvIW4mdBgQ/7dAfSmpqIM8kF9mN1flpVKS3GRqe62gw+2fNNRaINXvVpiglSI8eNEc6wEA3F+g==",
  signature: "MEUCIGHQVtGj+Y3LkG9fLcxf3qfI10QysgDWmMOVmxG0u6ZUAiEAyBiXDWzM+uOe5W0JuG+luQAbPIqHh89M15TluLtEZtM=",
  timestamp: "1600112502",
  payload:
    JSON.stringify([
      {
        email: "hello@world.com",
        event: "dropped",
        reason: "Bounced Address",
        sg_event_id: "ZHJvcC0xMDk5NDkxOS1MUnpYbF9OSFN0T0doUTRrb2ZTbV9BLTA",
        sg_message_id: "LRzXl_NHStOGhQ4kofSm_A.filterdrecv-p3mdw1-756b745b58-kmzbl-18-5F5FC76C-9.0",
        "smtp-id": "<LRzXl_NHStOGhQ4kofSm_A@ismtpd0039p1iad1.sendgrid.net>",
        timestamp: 1600112492,
      },
    ]) + "\r\n",
} as const;
