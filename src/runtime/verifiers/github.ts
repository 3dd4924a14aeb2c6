/**
 * GitHub: `X-Hub-Signature-256: sha256=<hex>`, HMAC-SHA256 of the body.
 */
import { headerValue } from "./headers.js";
import { hmacDigest } from "./hmac-util.js";
import { digestEqualsHex } from "./timing-safe.js";
import { rejected, VERIFIED, WebhookVerifier, type VerifyInput, type VerifyResult } from "./verifier.js";

/** Options of {@link GitHubVerifier}. */
export interface GitHubVerifierOptions {
  /** Lower-case header name. Default `x-hub-signature-256`. */
  readonly header?: string;
}

/** Verifies GitHub's `sha256=` signature. */
export class GitHubVerifier extends WebhookVerifier {
  readonly #header: string;

  constructor(options: GitHubVerifierOptions = {}) {
    super();
    this.#header = options.header ?? "x-hub-signature-256";
  }

  verify({ rawBody, headers, secrets }: VerifyInput): VerifyResult {
    const value = headerValue(headers, this.#header);
    if (value === undefined) return rejected(`missing ${this.#header} header`);
    if (!value.startsWith("sha256=")) return rejected("signature lacks the sha256= prefix");
    // GitHub sends lower-case hex; upper-case denotes the same bytes and is accepted too.
    const signature = value.slice(7);
    for (const secret of secrets) {
      if (digestEqualsHex(hmacDigest("sha256", secret, [rawBody]), signature)) return VERIFIED;
    }
    return rejected("no matching signature");
  }
}
