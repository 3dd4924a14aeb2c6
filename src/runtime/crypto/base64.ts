/**
 * Standard (RFC 4648 §4, padded) base64 without Buffer, which Workers lack.
 *
 * Decoding is strict and canonical: only the encoding {@link bytesToBase64} would produce is
 * accepted (padding required, no whitespace, unused trailing bits zero). Comparing decoded bytes
 * is then exactly as strict as comparing the encoded text, so switching a verifier from text to
 * byte comparison accepts no new spellings of a signature.
 */
import { allocBytes } from "./alloc.js";
import { bufferText, isNodeBuffer } from "./hex.js";

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

// Sextet value of each ASCII code, -1 for characters outside the alphabet ("=" included).
const SEXTET = new Int8Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) SEXTET[ALPHABET.charCodeAt(i)] = i;

const EQUALS = 61;

function sextet(text: string, i: number): number {
  const c = text.charCodeAt(i);
  return c < 128 ? SEXTET[c]! : -1;
}

/** Padded standard base64 of `bytes`. */
export function bytesToBase64(bytes: Uint8Array): string {
  if (isNodeBuffer(bytes)) return bufferText(bytes, "base64"); // native where the host has Buffer
  let out = "";
  const n = bytes.length;
  let i = 0;
  for (; i + 2 < n; i += 3) {
    const v = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out += ALPHABET[v >>> 18]! + ALPHABET[(v >>> 12) & 63]! + ALPHABET[(v >>> 6) & 63]! + ALPHABET[v & 63]!;
  }
  if (n - i === 1) {
    const v = bytes[i]! << 16;
    out += ALPHABET[v >>> 18]! + ALPHABET[(v >>> 12) & 63]! + "==";
  } else if (n - i === 2) {
    const v = (bytes[i]! << 16) | (bytes[i + 1]! << 8);
    out += ALPHABET[v >>> 18]! + ALPHABET[(v >>> 12) & 63]! + ALPHABET[(v >>> 6) & 63]! + "=";
  }
  return out;
}

/**
 * The bytes canonical padded base64 `text` denotes from index `start` on, or `undefined` for
 * anything else. `start` spares callers a `slice` (see `hexToBytes`).
 */
export function base64ToBytes(text: string, start = 0): Uint8Array | undefined {
  const end = text.length;
  const n = end - start;
  if (n < 0 || (n & 3) !== 0) return undefined;
  const pad = n === 0 ? 0 : text.charCodeAt(end - 1) !== EQUALS ? 0 : text.charCodeAt(end - 2) === EQUALS ? 2 : 1;
  const out = allocBytes((n >>> 2) * 3 - pad);
  // Whole quads: every character must be in the alphabet.
  const full = pad === 0 ? end : end - 4;
  let j = 0;
  for (let i = start; i < full; i += 4) {
    const a = sextet(text, i), b = sextet(text, i + 1), c = sextet(text, i + 2), d = sextet(text, i + 3);
    if ((a | b | c | d) < 0) return undefined;
    const v = (a << 18) | (b << 12) | (c << 6) | d;
    out[j++] = v >>> 16;
    out[j++] = (v >>> 8) & 255;
    out[j++] = v & 255;
  }
  if (pad === 0) return out;
  const a = sextet(text, full), b = sextet(text, full + 1);
  if ((a | b) < 0) return undefined;
  if (pad === 2) {
    // "xx==" carries 8 bits: the low 4 bits of the second sextet must be zero to be canonical.
    if ((b & 15) !== 0) return undefined;
    out[j] = (a << 2) | (b >>> 4);
    return out;
  }
  const c = sextet(text, full + 2);
  // "xxx=" carries 16 bits: the low 2 bits of the third sextet must be zero.
  if (c < 0 || (c & 3) !== 0) return undefined;
  const v = (a << 12) | (b << 6) | c;
  out[j++] = v >>> 10;
  out[j] = (v >>> 2) & 255;
  return out;
}
