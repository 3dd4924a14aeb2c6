/**
 * `ed25519` and `ecdsa-p256`: a public-key signature over the configured signed content. The
 * webhook's secret env var holds the provider's public key(s) (comma-separated during rotation).
 */
import { defaultCrypto, derToRawEcdsa, type CryptoBackend } from "../../crypto/index.js";
import type { AsymmetricSchemeConfig } from "../../types.js";
import { rejected, verified, VERIFIED, WebhookVerifier, type VerifyInput, type VerifyResult } from "../verifier.js";
import { firstMatch, type Check } from "./maybe.js";
import { afterMatch, compileMessage, isFailure, readMessage, type CompiledMessage } from "./message.js";
import { publicKey } from "./secrets.js";

/** Options of {@link AsymmetricVerifier}. */
export interface AsymmetricVerifierOptions {
  /** Crypto to verify with. Default: `node:crypto` when present (synchronous), else Web Crypto. */
  readonly crypto?: CryptoBackend | undefined;
}

const NO_MATCH: VerifyResult = Object.freeze({ ok: false, reason: "no matching signature" });

/**
 * Verifies Ed25519 (Discord) or ECDSA P-256/SHA-256 (SendGrid) signatures. Ed25519 successes carry
 * the signature as `digest` (strictly verified Ed25519 signatures are not malleable); ECDSA ones
 * carry none, because `(r, n−s)` is a second valid signature of the same message, so the pipeline
 * falls back to the body's SHA-256 as the dedupe key.
 */
export class AsymmetricVerifier extends WebhookVerifier {
  readonly #config: AsymmetricSchemeConfig;
  readonly #message: CompiledMessage;
  readonly #crypto: CryptoBackend;

  constructor(config: AsymmetricSchemeConfig, options: AsymmetricVerifierOptions = {}) {
    super();
    this.#config = config;
    this.#message = compileMessage(config);
    this.#crypto = options.crypto ?? defaultCrypto;
  }

  /** The signature in the raw form the backends take, or `undefined` when it cannot be one. */
  #normalise(candidate: Uint8Array): Uint8Array | undefined {
    if (this.#config.scheme === "ed25519") return candidate.length === 64 ? candidate : undefined;
    if ((this.#config.signatureFormat ?? "der") === "raw") return candidate.length === 64 ? candidate : undefined;
    return derToRawEcdsa(candidate);
  }

  verify(input: VerifyInput): VerifyResult | Promise<VerifyResult> {
    const c = this.#config;
    const read = readMessage(this.#message, input);
    if (isFailure(read)) return read;
    const signatures = read.candidates.map((s) => this.#normalise(s)).filter((s): s is Uint8Array => s !== undefined);
    if (signatures.length === 0) return rejected("malformed signature");
    const checks: Check[] = [];
    let keys = 0;
    for (const text of input.secrets) {
      const spki = publicKey(c.scheme, text, c.publicKeyEncoding);
      if (spki === undefined) continue;
      keys++;
      for (const signature of signatures) {
        const ok = (valid: boolean): VerifyResult | false => (valid ? (c.scheme === "ed25519" ? verified(signature) : VERIFIED) : false);
        checks.push(() => {
          const r = this.#crypto.verifySignature(c.scheme, spki, read.parts, signature);
          return typeof r === "boolean" ? ok(r) : r.then(ok);
        });
      }
    }
    if (keys === 0) return rejected(`no configured public key decodes as ${c.publicKeyEncoding}`);
    return afterMatch(this.#message, input, read, this.#crypto, firstMatch(checks, NO_MATCH));
  }
}
