/**
 * The Web Crypto backend (`crypto.subtle`): every runtime with `fetch` has it, but it is
 * asynchronous and takes one buffer, so parts are concatenated here, and only here.
 */
import { constantTimeEqual } from "./constant-time.js";
import { bytesToHex } from "./hex.js";
import { BoundedCache } from "./key-cache.js";
import { concatBytes, toBytes } from "./utf8.js";
import type { BytesLike, CryptoBackend, HmacAlgorithm, SignatureAlgorithm, Subtle, WebCryptoKey } from "./types.js";

const HASH: Readonly<Record<HmacAlgorithm, string>> = { sha1: "SHA-1", sha256: "SHA-256", sha512: "SHA-512" };

/** Default number of imported keys kept: a few providers × a rotation or two, with room to spare. */
export const DEFAULT_KEY_CACHE_SIZE = 32;

/**
 * HMAC key bytes as Web Crypto will take them. Web Crypto refuses zero-length HMAC keys where
 * Node accepts them; HMAC zero-pads short keys to the block size, so the key `[0]` is the same
 * key as the empty one and gives identical MACs.
 */
function keyBytes(key: BytesLike): Uint8Array {
  const bytes = toBytes(key);
  return bytes.length === 0 ? new Uint8Array(1) : bytes;
}

/** A {@link CryptoBackend} over `subtle`, caching up to `keyCacheSize` imported HMAC keys. */
export function webCryptoBackend(subtle: Subtle, keyCacheSize: number = DEFAULT_KEY_CACHE_SIZE): CryptoBackend {
  // Promises are cached, not keys, so concurrent first deliveries share one importKey.
  const keys = new BoundedCache<string, Promise<WebCryptoKey>>(keyCacheSize);

  function importHmacKey(algorithm: HmacAlgorithm, key: BytesLike): Promise<WebCryptoKey> {
    // Distinct prefixes keep the string key "ab" and the bytes [0xab] apart.
    const id = typeof key === "string" ? `${algorithm}:s:${key}` : `${algorithm}:b:${bytesToHex(key)}`;
    let pending = keys.get(id);
    if (pending === undefined) {
      pending = subtle.importKey("raw", keyBytes(key), { name: "HMAC", hash: HASH[algorithm] }, false, ["sign"]);
      keys.set(id, pending);
      // A failed import must not stay cached; the caller still sees the rejection.
      pending.catch(() => keys.delete(id));
    }
    return pending;
  }

  function importPublicKey(algorithm: SignatureAlgorithm, spki: Uint8Array): Promise<WebCryptoKey> {
    const id = `${algorithm}:p:${bytesToHex(spki)}`;
    let pending = keys.get(id);
    if (pending === undefined) {
      const params = algorithm === "ed25519" ? { name: "Ed25519" } : { name: "ECDSA", namedCurve: "P-256" };
      pending = subtle.importKey("spki", spki, params, false, ["verify"]);
      keys.set(id, pending);
      pending.catch(() => keys.delete(id));
    }
    return pending;
  }

  return {
    kind: "webcrypto",
    async hmac(algorithm: HmacAlgorithm, key: BytesLike, parts: readonly BytesLike[]): Promise<Uint8Array> {
      const data = concatBytes(parts);
      return new Uint8Array(await subtle.sign("HMAC", await importHmacKey(algorithm, key), data));
    },
    async sha256(bytes: Uint8Array): Promise<Uint8Array> {
      return new Uint8Array(await subtle.digest("SHA-256", bytes));
    },
    timingSafeEqualBytes: constantTimeEqual,
    async verifySignature(algorithm: SignatureAlgorithm, spki: Uint8Array, parts: readonly BytesLike[], signature: Uint8Array): Promise<boolean> {
      const key = await importPublicKey(algorithm, spki);
      const params = algorithm === "ed25519" ? { name: "Ed25519" } : { name: "ECDSA", hash: "SHA-256" };
      return subtle.verify(params, key, signature, concatBytes(parts));
    },
  };
}
