/**
 * Slack: `X-Slack-Signature: v0=<hex>`, HMAC-SHA256 of `v0:${timestamp}:${body}` with the
 * timestamp from `X-Slack-Request-Timestamp`.
 */
import { headerValue, parseUnixSeconds, withinTolerance } from "./headers.js";
import { hmacDigest } from "./hmac-util.js";
import { digestEqualsHex } from "./timing-safe.js";
import { rejected, VERIFIED, WebhookVerifier, type VerifyInput, type VerifyResult } from "./verifier.js";

/** Options of {@link SlackVerifier}. */
export interface SlackVerifierOptions {
  /** Default `x-slack-signature`. */
  readonly header?: string;
  /** Default `x-slack-request-timestamp`. */
  readonly timestampHeader?: string;
  /** Accepted clock skew in seconds, both ways. Default 300 (Slack's). */
  readonly toleranceSeconds?: number;
}

/** Verifies Slack's `v0=` signing secret scheme. */
export class SlackVerifier extends WebhookVerifier {
  readonly #header: string;
  readonly #timestampHeader: string;
  readonly #tolerance: number;

  constructor(options: SlackVerifierOptions = {}) {
    super();
    this.#header = options.header ?? "x-slack-signature";
    this.#timestampHeader = options.timestampHeader ?? "x-slack-request-timestamp";
    this.#tolerance = options.toleranceSeconds ?? 300;
  }

  verify({ rawBody, headers, secrets, now }: VerifyInput): VerifyResult {
    const value = headerValue(headers, this.#header);
    if (value === undefined) return rejected(`missing ${this.#header} header`);
    const tsText = headerValue(headers, this.#timestampHeader);
    const ts = parseUnixSeconds(tsText);
    if (ts === undefined) return rejected(`missing or malformed ${this.#timestampHeader} header`);
    if (!withinTolerance(ts, now, this.#tolerance)) return rejected("timestamp outside tolerance");
    if (!value.startsWith("v0=")) return rejected("signature lacks the v0= prefix");
    const signature = value.slice(3);
    const prefix = `v0:${tsText!.trim()}:`;
    for (const secret of secrets) {
      if (digestEqualsHex(hmacDigest("sha256", secret, [prefix, rawBody]), signature)) return VERIFIED;
    }
    return rejected("no matching signature");
  }
}
