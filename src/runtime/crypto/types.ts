/**
 * The crypto contract the verifiers are written against, so the same verifier runs on Node's
 * `node:crypto` (synchronous) and on Web Crypto (asynchronous: Bun, Deno, Cloudflare Workers).
 */
// Types only: a value import of "node:crypto" would make bundlers for Workers pull it in.
import type * as NodeCryptoModule from "node:crypto";
import type { webcrypto } from "node:crypto";

/** The hash functions an HMAC can use here (the ones webhook providers sign with). */
export type HmacAlgorithm = "sha1" | "sha256" | "sha512";

/** Message input: strings are fed as UTF-8, bytes as-is. */
export type BytesLike = string | Uint8Array;

/** The public-key signatures verifiers check: Ed25519, and ECDSA over P-256 with SHA-256. */
export type SignatureAlgorithm = "ed25519" | "ecdsa-p256";

/**
 * The parts of `node:crypto` the Node backend uses. `createPublicKey` and `verify` are optional
 * so that a host with only the HMAC half still verifies HMAC schemes natively.
 */
export type NodeCrypto = Pick<typeof NodeCryptoModule, "createHmac" | "createHash" | "timingSafeEqual"> &
  Partial<Pick<typeof NodeCryptoModule, "createPublicKey" | "verify">>;

/** Web Crypto's `SubtleCrypto`, typed from `@types/node` (the project compiles without the DOM lib). */
export type Subtle = webcrypto.SubtleCrypto;

/** Web Crypto's `CryptoKey`. */
export type WebCryptoKey = webcrypto.CryptoKey;

/**
 * One crypto implementation. `hmac` and `sha256` answer synchronously on the Node backend (so the
 * hot path never pays a microtask) and with a Promise on Web Crypto; callers branch on
 * `instanceof Uint8Array` rather than on `kind`, which keeps them correct for any backend.
 * Node's digests are `Buffer`s (a `Uint8Array` subclass), handed out as-is rather than copied.
 */
export interface CryptoBackend {
  /** Which implementation this is: `unavailable` when neither was found (every call throws). */
  readonly kind: "node" | "webcrypto" | "unavailable";
  /** HMAC of the concatenation of `parts`, keyed by `key` (a string key is its UTF-8 bytes). */
  readonly hmac: (algorithm: HmacAlgorithm, key: BytesLike, parts: readonly BytesLike[]) => Uint8Array | Promise<Uint8Array>;
  /** SHA-256 of `bytes`. */
  readonly sha256: (bytes: Uint8Array) => Uint8Array | Promise<Uint8Array>;
  /** True when `a` and `b` hold the same bytes; constant time for equal lengths, false at once otherwise. */
  readonly timingSafeEqualBytes: (a: Uint8Array, b: Uint8Array) => boolean;
  /**
   * True when `signature` is a valid `algorithm` signature of the concatenated `parts` under the
   * public key `spki` (DER SubjectPublicKeyInfo). ECDSA signatures are raw `r‖s` (64 bytes):
   * callers convert DER first, because that is the form Web Crypto takes. Never throws for a
   * bad signature (false); a key the backend cannot import rejects/throws.
   */
  readonly verifySignature: (
    algorithm: SignatureAlgorithm,
    spki: Uint8Array,
    parts: readonly BytesLike[],
    signature: Uint8Array,
  ) => boolean | Promise<boolean>;
}
