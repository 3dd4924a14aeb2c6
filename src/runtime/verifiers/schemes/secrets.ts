/**
 * Turning configured secret texts into key material, once per distinct text: HMAC keys in the
 * encoding the provider hands them out in, public keys as DER SPKI.
 */
import { decodeKeyText, hexToBytes, looseBase64ToBytes, spkiOf, type SignatureAlgorithm } from "../../crypto/index.js";
import type { HmacSchemeConfig } from "../../types.js";
import { uncompressedP256Key } from "./p256.js";

/** How a secret text becomes HMAC key bytes. */
export type SecretEncoding = NonNullable<HmacSchemeConfig["secretEncoding"]>;

const MAX_CACHED = 64;

function cached<V>(cache: Map<string, V>, key: string, make: () => V): V {
  let v = cache.get(key);
  if (v === undefined) {
    v = make();
    // Secrets change rarely; a tiny cache keeps an env that keeps changing from growing it.
    if (cache.size >= MAX_CACHED) cache.clear();
    cache.set(key, v);
  }
  return v;
}

const hmacKeys = new Map<string, Uint8Array | string | null>();

/**
 * The HMAC key a secret text denotes: `raw` is the text itself (its UTF-8 bytes); `base64`/`hex`
 * decode it; `whsec` strips a `whsec_` prefix and decodes base64 (Standard Webhooks, Svix).
 * `undefined` when the text does not decode: such a secret can verify nothing.
 */
export function hmacKey(secret: string, encoding: SecretEncoding): Uint8Array | string | undefined {
  if (encoding === "raw") return secret;
  const key = cached(hmacKeys, `${encoding}:${secret}`, () => {
    const text = encoding === "whsec" && secret.startsWith("whsec_") ? secret.slice(6) : secret;
    return (encoding === "hex" ? hexToBytes(text.trim()) : looseBase64ToBytes(text)) ?? null;
  });
  return key ?? undefined;
}

const publicKeys = new Map<string, Uint8Array | null>();

/**
 * The DER SPKI of a public key text (raw bytes, DER or PEM; `hex` or `base64`), or `undefined`.
 * P-256 keys may be compressed (33-byte SEC1 points, raw or in SPKI): they are decompressed here.
 */
export function publicKey(algorithm: SignatureAlgorithm, text: string, encoding: "hex" | "base64"): Uint8Array | undefined {
  const key = cached(publicKeys, `${algorithm}:${encoding}:${text}`, () => {
    const decoded = decodeKeyText(text, encoding);
    const bytes = decoded !== undefined && algorithm === "ecdsa-p256" ? uncompressedP256Key(decoded) : decoded;
    return bytes === undefined || bytes.length === 0 ? null : spkiOf(algorithm, bytes);
  });
  return key ?? undefined;
}
