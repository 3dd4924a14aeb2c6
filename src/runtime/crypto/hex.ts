/**
 * Hex codec without Buffer. Decoding is strict because it reads a sender's signature: anything
 * that is not exactly pairs of hex digits is `undefined`, never a silently truncated result
 * (which is what `Buffer.from(text, "hex")` returns).
 */
import { allocBytes } from "./alloc.js";

// Nibble value of each ASCII code, -1 for non-hex; codes ≥ 128 are rejected before the lookup.
const NIBBLE = new Int8Array(128).fill(-1);
for (let i = 0; i < 10; i++) NIBBLE[48 + i] = i;
for (let i = 0; i < 6; i++) NIBBLE[65 + i] = NIBBLE[97 + i] = 10 + i;

/** Node's Buffer where the host has one (Workers do not): its encoders are native. */
const NodeBuffer = (globalThis as { Buffer?: { isBuffer(value: unknown): boolean } }).Buffer;

/** True when `bytes` is a Node Buffer, whose `toString(encoding)` is native. */
export function isNodeBuffer(bytes: Uint8Array): boolean {
  return NodeBuffer !== undefined && NodeBuffer.isBuffer(bytes);
}

/** `bytes.toString(encoding)` of a Node Buffer (see {@link isNodeBuffer}). */
export function bufferText(bytes: Uint8Array, encoding: "hex" | "base64"): string {
  return (bytes as unknown as { toString(encoding: string): string }).toString(encoding);
}

const HEX_PAIRS: readonly string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

/**
 * The bytes `hex` denotes from index `start` on (either case), or `undefined` if that text has an
 * odd length or holds a non-hex character. `start` spares callers a `slice` of a header value:
 * reading a sliced string is measurably slower than the flat one on V8.
 */
export function hexToBytes(hex: string, start = 0): Uint8Array | undefined {
  const n = hex.length - start;
  if (n < 0 || (n & 1) !== 0) return undefined;
  const out = allocBytes(n >>> 1);
  for (let i = start, j = 0; j < out.length; i += 2, j++) {
    const a = hex.charCodeAt(i);
    const b = hex.charCodeAt(i + 1);
    // One branch for "either is outside ASCII", one for "either is not a hex digit" (-1).
    if ((a | b) > 127) return undefined;
    const hi = NIBBLE[a]!;
    const lo = NIBBLE[b]!;
    if ((hi | lo) < 0) return undefined;
    out[j] = (hi << 4) | lo;
  }
  return out;
}

/** Lower-case hex of `bytes`. */
export function bytesToHex(bytes: Uint8Array): string {
  if (isNodeBuffer(bytes)) return bufferText(bytes, "hex"); // native: ~10× the JS loop below
  let out = "";
  for (let i = 0; i < bytes.length; i++) out += HEX_PAIRS[bytes[i]!]!;
  return out;
}
