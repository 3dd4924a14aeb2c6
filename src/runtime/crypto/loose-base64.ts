/**
 * A lenient base64 decoder for keys and secrets typed or pasted by people (padding optional,
 * standard or url alphabet). Signatures are never decoded with it.
 */
import { base64ToBytes } from "./base64.js";

/**
 * Decodes a key or secret: base64 or base64url, padding optional, surrounding whitespace ignored.
 * Not for signatures (those are decoded strictly, so that no second spelling verifies).
 */
export function looseBase64ToBytes(text: string): Uint8Array | undefined {
  const body = text.trim().replace(/=+$/, "").replace(/-/g, "+").replace(/_/g, "/");
  if (/[^A-Za-z0-9+/]/.test(body) || body.length % 4 === 1) return undefined;
  const padded = body + "=".repeat((4 - (body.length % 4)) % 4);
  // Non-canonical trailing bits are a typist's slip, not an attack on a key: clear them.
  return base64ToBytes(padded) ?? base64ToBytes(canonicalTail(padded));
}

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

function canonicalTail(padded: string): string {
  const pad = padded.endsWith("==") ? 2 : padded.endsWith("=") ? 1 : 0;
  if (pad === 0) return padded;
  const i = padded.length - pad - 1;
  const v = ALPHABET.indexOf(padded[i]!);
  const mask = pad === 2 ? 0b110000 : 0b111100;
  return padded.slice(0, i) + ALPHABET[v & mask]! + padded.slice(i + 1);
}
