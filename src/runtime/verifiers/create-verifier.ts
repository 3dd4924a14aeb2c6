/**
 * Builds the built-in verifier a {@link SignatureConfig} names.
 */
import type { CryptoBackend } from "../crypto/index.js";
import type { SignatureConfig } from "../types.js";
import { GitHubVerifier } from "./github.js";
import { HmacVerifier } from "./hmac.js";
import { NoneVerifier } from "./none.js";
import { AsymmetricVerifier } from "./schemes/asymmetric.js";
import { StandardWebhooksVerifier } from "./schemes/standard-webhooks.js";
import { TokenVerifier } from "./schemes/token.js";
import { SlackVerifier } from "./slack.js";
import { StripeVerifier } from "./stripe.js";
import type { WebhookVerifier } from "./verifier.js";

/** Options of {@link createVerifier}. */
export interface CreateVerifierOptions {
  /** Crypto the verifier uses. Default: `node:crypto` when present (synchronous), else Web Crypto. */
  readonly crypto?: CryptoBackend | undefined;
}

/** A verifier for `config`; throws on a configuration it cannot honour (e.g. an unknown scheme). */
export function createVerifier(config: SignatureConfig, options: CreateVerifierOptions = {}): WebhookVerifier {
  const { crypto } = options;
  switch (config.scheme) {
    case "none":
      return new NoneVerifier();
    case "stripe":
      return new StripeVerifier({ header: config.header, toleranceSeconds: config.toleranceSeconds, crypto });
    case "github":
      return new GitHubVerifier({ header: config.header, crypto });
    case "slack":
      return new SlackVerifier({
        header: config.header,
        timestampHeader: config.timestampHeader,
        toleranceSeconds: config.toleranceSeconds,
        crypto,
      });
    case "hmac":
      return new HmacVerifier(config, { crypto });
    case "ed25519":
    case "ecdsa-p256":
      return new AsymmetricVerifier(config, { crypto });
    case "token":
      return new TokenVerifier(config, { crypto });
    case "standard-webhooks":
      return new StandardWebhooksVerifier(config, { crypto });
    default: {
      // Generated code from a newer generator may name a scheme this runtime lacks: fail loudly.
      const scheme: string = (config as { scheme: string }).scheme;
      throw new Error(`unsupported signature scheme ${JSON.stringify(scheme)}`);
    }
  }
}
