/**
 * GitHub: `X-Hub-Signature-256: sha256=<hex>`, HMAC-SHA256 of the body.
 */
import { defaultCrypto, hexToBytes, type CryptoBackend } from "../crypto/index.js";
import { headerValue } from "./headers.js";
import { MALFORMED_SIGNATURE, matchHmac } from "./hmac-util.js";
import { rejected, WebhookVerifier, type VerifyInput, type VerifyResult } from "./verifier.js";

/** Options of {@link GitHubVerifier}. */
export interface GitHubVerifierOptions {
  /** Lower-case header name. Default `x-hub-signature-256`. */
  readonly header?: string;
  /** Crypto to verify with. Default: `node:crypto` when present (synchronous), else Web Crypto. */
  readonly crypto?: CryptoBackend | undefined;
}

/**
 * Verifies GitHub's `sha256=` signature. Success carries the MAC as `digest`: GitHub's
 * `X-GitHub-Delivery` id is not signed, so the digest is what identifies a replayed delivery.
 */
export class GitHubVerifier extends WebhookVerifier {
  readonly #header: string;
  readonly #crypto: CryptoBackend;

  constructor(options: GitHubVerifierOptions = {}) {
    super();
    this.#header = options.header ?? "x-hub-signature-256";
    this.#crypto = options.crypto ?? defaultCrypto;
  }

  verify({ rawBody, headers, secrets }: VerifyInput): VerifyResult | Promise<VerifyResult> {
    const value = headerValue(headers, this.#header);
    if (value === undefined) return rejected(`missing ${this.#header} header`);
    if (!value.startsWith("sha256=")) return rejected("signature lacks the sha256= prefix");
    // GitHub sends lower-case hex; upper-case denotes the same bytes and is accepted too.
    // Decoded once, compared as bytes against each secret's MAC.
    const signature = hexToBytes(value, 7);
    if (signature === undefined || signature.length !== 32) return MALFORMED_SIGNATURE;
    return matchHmac(this.#crypto, "sha256", secrets, [rawBody], signature);
  }
}
