/**
 * Constant-time comparison. `crypto.timingSafeEqual` throws on unequal lengths (and leaks the
 * length check); hashing both sides first gives equal-length inputs and never throws.
 */
import { createHash, timingSafeEqual as nodeTimingSafeEqual } from "node:crypto";

function digest(value: string | Uint8Array): Buffer {
  return createHash("sha256").update(value).digest();
}

/** True when `a` and `b` hold the same bytes (strings compared as UTF-8), in constant time. */
export function timingSafeEqual(a: string | Uint8Array, b: string | Uint8Array): boolean {
  return nodeTimingSafeEqual(digest(a), digest(b));
}

/**
 * True when the hex text `hex` (either case) denotes exactly the bytes of `digest`, comparing the
 * bytes in constant time. Cheaper than {@link timingSafeEqual} on a hex string (no hashing, no hex
 * encoding of the digest). A malformed or wrongly sized `hex` is false at once: its length is the
 * sender's own input and tells an attacker nothing about the expected digest.
 */
export function digestEqualsHex(digest: Buffer, hex: string): boolean {
  if (hex.length !== digest.length * 2) return false;
  // Buffer.from stops at the first pair that is not hex, so a short result means malformed text.
  const given = Buffer.from(hex, "hex");
  return given.length === digest.length && nodeTimingSafeEqual(given, digest);
}
