/**
 * Compressed P-256 public keys (SEC1 §2.3.3: `02`/`03` ‖ x, 33 bytes), as some providers hand
 * them out, decompressed to the uncompressed point both backends import: Web Crypto's `raw` and
 * `spki` imports take uncompressed points only on several runtimes, so the verifier never relies
 * on either backend's support. Once per configured key (the caller caches), so BigInt is fine.
 */

// NIST P-256 (SEC 2 secp256r1): y² = x³ − 3x + b over GF(p).
const P = 0xffffffff00000001000000000000000000000000ffffffffffffffffffffffffn;
const B = 0x5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604bn;

// DER SubjectPublicKeyInfo header of an id-ecPublicKey / prime256v1 key with a 33-byte point.
const COMPRESSED_SPKI = [0x30, 0x39, 0x30, 0x13, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01, 0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07, 0x03, 0x22, 0x00];

function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  let result = 1n;
  let b = base % modulus;
  for (let e = exponent; e > 0n; e >>= 1n) {
    if (e & 1n) result = (result * b) % modulus;
    b = (b * b) % modulus;
  }
  return result;
}

function toBigInt(bytes: Uint8Array): bigint {
  let n = 0n;
  for (const byte of bytes) n = (n << 8n) | BigInt(byte);
  return n;
}

function to32Bytes(n: bigint, out: Uint8Array, at: number): void {
  for (let i = 31; i >= 0; i--) {
    out[at + i] = Number(n & 0xffn);
    n >>= 8n;
  }
}

/** The uncompressed point (65 bytes, `04` ‖ x ‖ y) of a compressed one, or `undefined` when it is not on the curve. */
export function decompressP256(point: Uint8Array): Uint8Array | undefined {
  if (point.length !== 33 || (point[0] !== 0x02 && point[0] !== 0x03)) return undefined;
  const x = toBigInt(point.subarray(1));
  if (x >= P) return undefined;
  const rhs = (((x * x) % P) * x - 3n * x + B) % P;
  const alpha = ((rhs % P) + P) % P;
  // p ≡ 3 (mod 4): the square root is alpha^((p+1)/4), when one exists.
  let y = modPow(alpha, (P + 1n) >> 2n, P);
  if ((y * y) % P !== alpha) return undefined;
  if ((y & 1n) !== BigInt(point[0]! & 1)) y = P - y;
  const out = new Uint8Array(65);
  out[0] = 0x04;
  to32Bytes(x, out, 1);
  to32Bytes(y, out, 33);
  return out;
}

/**
 * `key` with a compressed point made uncompressed: a raw 33-byte point, or DER SPKI wrapping one
 * (what a PEM of a compressed key decodes to). Anything else is returned unchanged.
 */
export function uncompressedP256Key(key: Uint8Array): Uint8Array | undefined {
  if (key.length === 33) return decompressP256(key);
  if (key.length === COMPRESSED_SPKI.length + 33 && COMPRESSED_SPKI.every((b, i) => key[i] === b)) {
    return decompressP256(key.subarray(COMPRESSED_SPKI.length));
  }
  return key;
}
