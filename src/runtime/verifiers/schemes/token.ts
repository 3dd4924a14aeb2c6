/**
 * `token`: the provider sends a shared secret as-is in a header (GitLab's `X-Gitlab-Token`,
 * `Authorization: Bearer …`). Nothing is signed, so it proves the sender knows the token, not that
 * the body is unchanged: use it only where the provider offers nothing better.
 */
import { defaultCrypto, type CryptoBackend } from "../../crypto/index.js";
import type { TokenSchemeConfig } from "../../types.js";
import { headerValue } from "../headers.js";
import { timingSafeEqual } from "../timing-safe.js";
import { rejected, VERIFIED, WebhookVerifier, type VerifyInput, type VerifyResult } from "../verifier.js";

/** Options of {@link TokenVerifier}. */
export interface TokenVerifierOptions {
  readonly crypto?: CryptoBackend | undefined;
}

/**
 * Accepts a delivery whose token header equals one of the configured secrets. Every secret is
 * compared (no early exit) in constant time, so neither which secret matched nor where a wrong
 * token differs shows in the timing. No digest: the body's SHA-256 is the dedupe key.
 */
export class TokenVerifier extends WebhookVerifier {
  readonly #config: TokenSchemeConfig;
  readonly #crypto: CryptoBackend;

  constructor(config: TokenSchemeConfig, options: TokenVerifierOptions = {}) {
    super();
    this.#config = config;
    this.#crypto = options.crypto ?? defaultCrypto;
  }

  verify({ headers, secrets }: VerifyInput): VerifyResult {
    const c = this.#config;
    const names = [c.header, ...(c.headers ?? [])];
    let value: string | undefined;
    for (const name of names) if ((value = headerValue(headers, name)) !== undefined) break;
    if (value === undefined) return rejected(`missing ${names.join(" or ")} header`);
    if (!value.startsWith(c.prefix)) return rejected(`token lacks the ${JSON.stringify(c.prefix)} prefix`);
    const token = value.slice(c.prefix.length);
    let ok = false;
    for (const secret of secrets) ok = timingSafeEqual(token, secret, this.#crypto) || ok;
    return ok ? VERIFIED : rejected("token does not match");
  }
}
