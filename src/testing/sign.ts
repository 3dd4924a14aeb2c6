/**
 * Signing test deliveries the way providers do, so tests and `test-webhook` exercise the real
 * verification path instead of turning it off.
 */
import { createHash, createHmac, createPrivateKey, randomUUID, sign as nodeSign, type KeyObject } from "node:crypto";
import { hexToBytes, looseBase64ToBytes } from "../runtime/crypto/index.js";
import type { SignatureConfig } from "../runtime/types.js";
import { signSchemeDelivery, type SignerPrimitives } from "../runtime/verifiers/schemes/signer.js";

/** What {@link signDelivery} signs. */
export interface SignDeliveryOptions {
  /** The exact bytes that will be sent; sign the same string you post, never a re-serialised copy. */
  readonly body: string | Uint8Array;
  /** One secret (not a comma-separated rotation list): what the provider signs with. */
  readonly secret: string;
  /** Unix seconds to sign with; default now. Only schemes that sign a timestamp use it. */
  readonly timestamp?: number;
  /** Message id for `hmac` schemes with an `idHeader`/`{id}`; default a random UUID. */
  readonly id?: string;
  /**
   * Private key for `ed25519`, `ecdsa-p256` and Standard Webhooks `v1a`: PKCS#8 PEM (or SEC1 PEM
   * for ECDSA), base64/hex PKCS#8 DER, a raw Ed25519 seed (hex or base64), or `whsk_<base64>`.
   * Default: the env var the scheme's `privateKeyEnv` (`private_key_env:`) names.
   */
  readonly privateKey?: string;
  /** The full URL the delivery is posted to: needed by templates with `{url}` (Twilio, HubSpot). */
  readonly url?: string;
  /** Request method for `{method}`; default `POST`. */
  readonly method?: string;
  /**
   * For signatures with a body hash (`body_hash`, Twilio's JSON bodies): append the body's hash to
   * `url` and sign the URL alone. Only {@link signedDelivery} takes it (the URL changes).
   */
  readonly bodyHash?: boolean;
}

/** A delivery signed by {@link signedDelivery}: what to send, and where. */
export interface SignedDelivery {
  /**
   * The exact bytes to send: the body you passed, unless the signature travels in it (Mailgun's
   * `signature` object): then the JSON body re-serialised with the signature and its signed fields
   * written in (a string when you passed one).
   */
  readonly body: string | Uint8Array;
  readonly headers: Record<string, string>;
  /** The URL to post to: `url` as given, or with the body hash appended (`bodyHash`). */
  readonly url: string | undefined;
}

// PKCS#8 header of an Ed25519 private key wrapping its 32-byte seed (RFC 8410).
const ED25519_PKCS8 = Buffer.from("302e020100300506032b657004220420", "hex");

/** A private key object from the text forms {@link SignDeliveryOptions.privateKey} accepts. */
function privateKeyObject(text: string, algorithm: "ed25519" | "ecdsa-p256"): KeyObject {
  const t = text.trim();
  if (t.startsWith("-----BEGIN")) return createPrivateKey(t);
  const body = t.startsWith("whsk_") ? t.slice(5) : t;
  const bytes = /^[0-9a-fA-F]+$/.test(body) && body.length % 2 === 0 ? hexToBytes(body) : looseBase64ToBytes(body);
  if (bytes === undefined) throw new Error(`${algorithm}: the private key is neither PEM, hex nor base64`);
  // 32 bytes: an Ed25519 seed; 64: seed followed by the public key (libsodium's secret key form).
  if (algorithm === "ed25519" && (bytes.length === 32 || bytes.length === 64)) {
    return createPrivateKey({ key: Buffer.concat([ED25519_PKCS8, bytes.subarray(0, 32)]), format: "der", type: "pkcs8" });
  }
  return createPrivateKey({ key: Buffer.from(bytes), format: "der", type: "pkcs8" });
}

/** node:crypto as the generic schemes' signer wants it. */
const nodeSigner: SignerPrimitives = {
  sha256: (bytes) => createHash("sha256").update(bytes).digest(),
  hmac(algorithm, key, parts) {
    const h = createHmac(algorithm, key);
    for (const part of parts) h.update(part);
    return h.digest();
  },
  sign(algorithm, privateKey, parts) {
    const data = Buffer.concat(parts.map((p) => (typeof p === "string" ? Buffer.from(p, "utf8") : p)));
    const key = privateKeyObject(privateKey, algorithm);
    return algorithm === "ed25519" ? nodeSign(null, data, key) : nodeSign("sha256", data, { key, dsaEncoding: "ieee-p1363" });
  },
};

function mac(algorithm: "sha1" | "sha256" | "sha512", secret: string, parts: readonly (string | Uint8Array)[], encoding: "hex" | "base64"): string {
  const h = createHmac(algorithm, secret);
  for (const part of parts) h.update(part);
  return h.digest(encoding);
}

/**
 * The header(s) a provider would send with `body` under `signature` (header names as configured,
 * lower-case): Stripe `t=…,v1=…`; GitHub `sha256=<hex>`; Slack `v0=<hex>` plus its timestamp
 * header; the generic schemes (`hmac`, `ed25519`, `ecdsa-p256`, `token`, `standard-webhooks`) from
 * the same config their verifiers read (`src/runtime/verifiers/schemes/signer.ts`); `none` → `{}`.
 * Throws where signing changes the body or URL (a signature carried in the body, as Mailgun's;
 * `bodyHash`): use {@link signedDelivery} there.
 *
 * @example
 * const body = JSON.stringify(event);
 * const headers = signDelivery(stripeProvider.signature, { body, secret: "whsec_test" });
 * await fetch(url, { method: "POST", body, headers: { "content-type": "application/json", ...headers } });
 */
export function signDelivery(signature: SignatureConfig, options: SignDeliveryOptions): Record<string, string> {
  const signed = signedDelivery(signature, options);
  if (signed.body !== options.body || signed.url !== options.url) {
    throw new Error("signDelivery: signing this scheme changes the body or URL sent (a signature carried in the body, or a body hash in the URL): use signedDelivery, which answers them");
  }
  return signed.headers;
}

/**
 * Signs a delivery the way the provider does and answers everything to send: the headers, the
 * body (with the signature written in, where the provider carries it there: Mailgun) and the URL
 * (with the body hash appended, for `bodyHash`: Twilio's JSON bodies).
 *
 * @example
 * const { body, headers } = signedDelivery(mailgunProvider.signature, { body: JSON.stringify({ "event-data": data }), secret: key });
 * await fetch(url, { method: "POST", body, headers: { "content-type": "application/json", ...headers } });
 */
export function signedDelivery(signature: SignatureConfig, options: SignDeliveryOptions): SignedDelivery {
  const { body, secret } = options;
  const same = (headers: Record<string, string>): SignedDelivery => ({ body, headers, url: options.url });
  if (signature.scheme === "none") return same({});
  if (secret === "") throw new Error("signDelivery: the secret is empty");
  const t = String(options.timestamp ?? Math.floor(Date.now() / 1000));
  switch (signature.scheme) {
    case "stripe":
      return same({ [signature.header]: `t=${t},v1=${mac("sha256", secret, [`${t}.`, body], "hex")}` });
    case "github":
      return same({ [signature.header]: `sha256=${mac("sha256", secret, [body], "hex")}` });
    case "slack":
      return same({
        [signature.header]: `v0=${mac("sha256", secret, [`v0:${t}:`, body], "hex")}`,
        [signature.timestampHeader]: t,
      });
    case "hmac":
    case "ed25519":
    case "ecdsa-p256":
    case "token":
    case "standard-webhooks": {
      const env = "privateKeyEnv" in signature && signature.privateKeyEnv !== undefined ? process.env[signature.privateKeyEnv] : undefined;
      const bytes = typeof body === "string" ? Buffer.from(body, "utf8") : body;
      const signed = signSchemeDelivery(
        signature,
        {
          body: bytes,
          secret,
          privateKey: options.privateKey ?? env,
          timestampSec: Number(t),
          id: options.id ?? randomUUID(),
          url: options.url,
          method: options.method,
          bodyHash: options.bodyHash,
        },
        nodeSigner,
      );
      // The caller's own body object when signing left it alone (so `signDelivery` can tell).
      const out = signed.body === bytes ? body : typeof body === "string" ? Buffer.from(signed.body).toString("utf8") : signed.body;
      return { body: out, headers: signed.headers, url: signed.url };
    }
    default: {
      // A SignatureConfig from a newer generator may name a scheme this version cannot sign.
      const scheme: string = (signature as { scheme: string }).scheme;
      throw new Error(`signDelivery: unsupported signature scheme ${JSON.stringify(scheme)}`);
    }
  }
}
