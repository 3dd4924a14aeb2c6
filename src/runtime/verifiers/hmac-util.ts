/**
 * The secret-rotation loop shared by the HMAC verifiers: MAC the signed parts with each secret and
 * compare with the signature bytes the sender gave, on either crypto backend.
 */
import { concatBytes, type CryptoBackend, type HmacAlgorithm } from "../crypto/index.js";
import { verified, type VerifyResult } from "./verifier.js";

/** One decoded signature, or several (Stripe and Standard Webhooks may send more than one). */
export type Candidates = Uint8Array | readonly Uint8Array[];

// Frozen and shared: a failed delivery allocates no result object.
const NO_MATCH: VerifyResult = Object.freeze({ ok: false, reason: "no matching signature" });
/** The result when the sent signature cannot be decoded (or has the wrong length for the algorithm). */
export const MALFORMED_SIGNATURE: VerifyResult = Object.freeze({ ok: false, reason: "malformed signature" });

function matches(backend: CryptoBackend, mac: Uint8Array, candidates: Candidates): boolean {
  if (candidates instanceof Uint8Array) return backend.timingSafeEqualBytes(mac, candidates);
  for (let i = 0; i < candidates.length; i++) if (backend.timingSafeEqualBytes(mac, candidates[i]!)) return true;
  return false;
}

/**
 * Verifies `candidates` against the HMAC of `parts` under each of `secrets`, in order. With a
 * synchronous backend (Node) the answer is a plain object, so the pipeline does not suspend; with
 * Web Crypto it is a Promise. Success carries the matching MAC as `digest`.
 */
export function matchHmac(
  backend: CryptoBackend,
  algorithm: HmacAlgorithm,
  secrets: readonly (string | Uint8Array)[],
  parts: readonly (string | Uint8Array)[],
  candidates: Candidates,
): VerifyResult | Promise<VerifyResult> {
  for (let i = 0; i < secrets.length; i++) {
    const mac = backend.hmac(algorithm, secrets[i]!, parts);
    if (!(mac instanceof Uint8Array)) return matchHmacAsync(backend, algorithm, secrets, parts, candidates, i, mac);
    if (matches(backend, mac, candidates)) return verified(mac);
  }
  return NO_MATCH;
}

/** The rest of {@link matchHmac} once the backend has answered with a promise for secret `index`. */
async function matchHmacAsync(
  backend: CryptoBackend,
  algorithm: HmacAlgorithm,
  secrets: readonly (string | Uint8Array)[],
  parts: readonly (string | Uint8Array)[],
  candidates: Candidates,
  index: number,
  first: Promise<Uint8Array>,
): Promise<VerifyResult> {
  // Web Crypto needs one buffer: join the parts once here instead of once per remaining secret.
  const joined = index + 1 < secrets.length ? [concatBytes(parts)] : parts;
  let pending = first;
  for (let i = index; ; ) {
    const mac = await pending;
    if (matches(backend, mac, candidates)) return verified(mac);
    if (++i >= secrets.length) return NO_MATCH;
    const next = backend.hmac(algorithm, secrets[i]!, joined);
    pending = next instanceof Uint8Array ? Promise.resolve(next) : next;
  }
}
