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
