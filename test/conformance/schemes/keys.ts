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
