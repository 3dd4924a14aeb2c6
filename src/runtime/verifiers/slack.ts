/**
 * Slack: `X-Slack-Signature: v0=<hex>`, HMAC-SHA256 of `v0:${timestamp}:${body}` with the
 * timestamp from `X-Slack-Request-Timestamp`.
 */
import { defaultCrypto, hexToBytes, type CryptoBackend } from "../crypto/index.js";
import { headerValue, parseUnixSeconds, withinTolerance } from "./headers.js";
import { MALFORMED_SIGNATURE, matchHmac } from "./hmac-util.js";
import { rejected, WebhookVerifier, type VerifyInput, type VerifyResult } from "./verifier.js";

/** Options of {@link SlackVerifier}. */
export interface SlackVerifierOptions {
  /** Default `x-slack-signature`. */
  readonly header?: string;
  /** Default `x-slack-request-timestamp`. */
  readonly timestampHeader?: string;
  /** Accepted clock skew in seconds, both ways. Default 300 (Slack's). */
  readonly toleranceSeconds?: number;
  /** Crypto to verify with. Default: `node:crypto` when present (synchronous), else Web Crypto. */
  readonly crypto?: CryptoBackend | undefined;
}

/** Verifies Slack's `v0=` signing secret scheme; success carries the MAC as `digest`. */
export class SlackVerifier extends WebhookVerifier {
  readonly #header: string;
  readonly #timestampHeader: string;
  readonly #tolerance: number;
  readonly #crypto: CryptoBackend;

  constructor(options: SlackVerifierOptions = {}) {
    super();
    this.#header = options.header ?? "x-slack-signature";
    this.#timestampHeader = options.timestampHeader ?? "x-slack-request-timestamp";
    this.#tolerance = options.toleranceSeconds ?? 300;
    this.#crypto = options.crypto ?? defaultCrypto;
  }

  verify({ rawBody, headers, secrets, now }: VerifyInput): VerifyResult | Promise<VerifyResult> {
    const value = headerValue(headers, this.#header);
    if (value === undefined) return rejected(`missing ${this.#header} header`);
    const tsText = headerValue(headers, this.#timestampHeader);
    const ts = parseUnixSeconds(tsText);
    if (ts === undefined) return rejected(`missing or malformed ${this.#timestampHeader} header`);
    if (!withinTolerance(ts, now, this.#tolerance)) return rejected("timestamp outside tolerance");
    if (!value.startsWith("v0=")) return rejected("signature lacks the v0= prefix");
    const signature = hexToBytes(value, 3);
    if (signature === undefined || signature.length !== 32) return MALFORMED_SIGNATURE;
    return matchHmac(this.#crypto, "sha256", secrets, [`v0:${tsText!.trim()}:`, rawBody], signature);
  }
}
