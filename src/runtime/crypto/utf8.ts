/**
 * UTF-8 and byte concatenation for the Web Crypto path, which (unlike Node's `update`) takes a
 * single buffer.
 */
import type { BytesLike } from "./types.js";

const encoder = new TextEncoder();

/** The UTF-8 bytes of `value` (lone surrogates become U+FFFD, as in Node's `utf8` encoding). */
export function toBytes(value: BytesLike): Uint8Array {
  return typeof value === "string" ? encoder.encode(value) : value;
}

/**
 * The bytes of all `parts` in order, in one buffer. A single byte part is returned as-is (no
 * copy), which is the common "HMAC of the body" case.
 */
export function concatBytes(parts: readonly BytesLike[]): Uint8Array {
  if (parts.length === 1 && typeof parts[0] !== "string") return parts[0]!;
  const chunks: Uint8Array[] = new Array<Uint8Array>(parts.length);
  let total = 0;
  for (let i = 0; i < parts.length; i++) {
    const chunk = toBytes(parts[i]!);
    chunks[i] = chunk;
    total += chunk.length;
  }
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}
