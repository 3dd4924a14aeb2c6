/**
 * Constant-time comparison. `crypto.timingSafeEqual` throws on unequal lengths (and leaks the
 * length check); hashing both sides first gives equal-length inputs and never throws.
 */
import { constantTimeEqualAnyLength, defaultCrypto, hexToBytes, toBytes, type CryptoBackend } from "../crypto/index.js";

/**
 * True when `a` and `b` hold the same bytes (strings compared as UTF-8), in constant time. With
 * Node's crypto both sides are SHA-256-hashed and the digests compared, so neither length nor
 * content leaks. Web Crypto cannot hash synchronously, so there the bytes are compared with a
 * loop whose time depends only on the longer input's length.
 */
export function timingSafeEqual(a: string | Uint8Array, b: string | Uint8Array, backend: CryptoBackend = defaultCrypto): boolean {
  const x = toBytes(a);
  const y = toBytes(b);
  if (backend.kind === "node") {
    const hx = backend.sha256(x);
    const hy = backend.sha256(y);
    if (hx instanceof Uint8Array && hy instanceof Uint8Array) return backend.timingSafeEqualBytes(hx, hy);
  }
  return constantTimeEqualAnyLength(x, y);
}

/**
 * True when the hex text `hex` (either case) denotes exactly the bytes of `digest`, comparing the
 * bytes in constant time. Cheaper than {@link timingSafeEqual} on a hex string (no hashing, no hex
 * encoding of the digest). A malformed or wrongly sized `hex` is false at once: its length is the
 * sender's own input and tells an attacker nothing about the expected digest.
 */
export function digestEqualsHex(digest: Uint8Array, hex: string, backend: CryptoBackend = defaultCrypto): boolean {
  if (hex.length !== digest.length * 2) return false;
  const given = hexToBytes(hex);
  return given !== undefined && backend.timingSafeEqualBytes(given, digest);
}
