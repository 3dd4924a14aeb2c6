/**
 * Public keys and ECDSA signatures in the forms the backends take: DER SubjectPublicKeyInfo for
 * keys (providers publish raw bytes, DER or PEM), raw `r‖s` for ECDSA signatures (senders use DER).
 */
import { base64ToBytes } from "./base64.js";
import { looseBase64ToBytes } from "./loose-base64.js";
import { hexToBytes } from "./hex.js";
import type { SignatureAlgorithm } from "./types.js";

// DER headers of SubjectPublicKeyInfo wrapping a raw key: Ed25519 (RFC 8410) and uncompressed P-256 (RFC 5480).
const ED25519_SPKI = hexToBytes("302a300506032b6570032100")!;
const P256_SPKI = hexToBytes("3059301306072a8648ce3d020106082a8648ce3d030107034200")!;
const RAW_LENGTH: Readonly<Record<SignatureAlgorithm, number>> = { ed25519: 32, "ecdsa-p256": 65 };

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/** The SPKI DER of `key`: raw key bytes (32 for Ed25519, 65 for uncompressed P-256) are wrapped, anything else is taken as DER already. */
export function spkiOf(algorithm: SignatureAlgorithm, key: Uint8Array): Uint8Array {
  if (key.length !== RAW_LENGTH[algorithm]) return key;
  return concat(algorithm === "ed25519" ? ED25519_SPKI : P256_SPKI, key);
}

/**
 * Decodes public key text: PEM (any label) whatever `encoding` says, else `hex` or `base64`
 * (standard or url alphabet, padding optional). `undefined` when it is neither.
 */
export function decodeKeyText(text: string, encoding: "hex" | "base64"): Uint8Array | undefined {
  const trimmed = text.trim();
  const pem = /^-----BEGIN [A-Z0-9 ]+-----([\s\S]*?)-----END [A-Z0-9 ]+-----$/.exec(trimmed);
  if (pem !== null) return base64ToBytes(pem[1]!.replace(/\s+/g, ""));
  return encoding === "hex" ? hexToBytes(trimmed) : looseBase64ToBytes(trimmed);
}

/** One DER INTEGER at `at` as exactly 32 big-endian bytes, or `undefined`. */
function readInteger(der: Uint8Array, at: number): { value: Uint8Array; next: number } | undefined {
  if (der[at] !== 0x02) return undefined;
  const len = der[at + 1];
  if (len === undefined || len === 0 || len > 33 || at + 2 + len > der.length) return undefined;
  let start = at + 2;
  let n = len;
  // Minimal encoding: a leading zero only to keep a high bit from reading as negative.
  if (der[start] === 0) {
    if (n === 1 || (der[start + 1]! & 0x80) === 0) return undefined;
    start++;
    n--;
  } else if ((der[start]! & 0x80) !== 0) return undefined;
  if (n > 32) return undefined;
  const value = new Uint8Array(32);
  value.set(der.subarray(start, start + n), 32 - n);
  return { value, next: at + 2 + len };
}

/** The raw `r‖s` (64 bytes) of a strict DER ECDSA P-256 signature, or `undefined`. */
export function derToRawEcdsa(der: Uint8Array): Uint8Array | undefined {
  if (der.length < 8 || der[0] !== 0x30 || der[1] !== der.length - 2) return undefined;
  const r = readInteger(der, 2);
  if (r === undefined) return undefined;
  const s = readInteger(der, r.next);
  if (s === undefined || s.next !== der.length) return undefined;
  return concat(r.value, s.value);
}

/** DER of a raw `r‖s` ECDSA signature (for signers and tests). */
export function rawToDerEcdsa(raw: Uint8Array): Uint8Array {
  const integer = (v: Uint8Array): number[] => {
    let i = 0;
    while (i < v.length - 1 && v[i] === 0) i++;
    const bytes = [...v.subarray(i)];
    if (bytes[0]! & 0x80) bytes.unshift(0);
    return [0x02, bytes.length, ...bytes];
  };
  const body = [...integer(raw.subarray(0, 32)), ...integer(raw.subarray(32, 64))];
  return Uint8Array.from([0x30, body.length, ...body]);
}
