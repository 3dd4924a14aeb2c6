/**
 * Stripe: `Stripe-Signature: t=<unix>,v1=<hex>[,v1=<hex>…]`, HMAC-SHA256 of `${t}.${body}` keyed
 * by the whole secret string (`whsec_…` included).
 */
import { headerValue, parseUnixSeconds, withinTolerance } from "./headers.js";
import { hmacDigest } from "./hmac-util.js";
import { digestEqualsHex } from "./timing-safe.js";
import { rejected, VERIFIED, WebhookVerifier, type VerifyInput, type VerifyResult } from "./verifier.js";

/** Options of {@link StripeVerifier}. */
export interface StripeVerifierOptions {
  /** Lower-case header name. Default `stripe-signature`. */
  readonly header?: string;
  /** Accepted clock skew in seconds, both ways. Default 300 (Stripe's). */
  readonly toleranceSeconds?: number;
}

/** Verifies Stripe's signature scheme. */
export class StripeVerifier extends WebhookVerifier {
  readonly #header: string;
  readonly #tolerance: number;

  constructor(options: StripeVerifierOptions = {}) {
    super();
    this.#header = options.header ?? "stripe-signature";
    this.#tolerance = options.toleranceSeconds ?? 300;
  }

  verify({ rawBody, headers, secrets, now }: VerifyInput): VerifyResult {
    const value = headerValue(headers, this.#header);
    if (value === undefined) return rejected(`missing ${this.#header} header`);
    let t: string | undefined;
    const signatures: string[] = [];
    for (const item of value.split(",")) {
      const eq = item.indexOf("=");
      if (eq === -1) continue;
      const key = item.slice(0, eq).trim();
      const val = item.slice(eq + 1).trim();
      if (key === "t") t = val;
      else if (key === "v1") signatures.push(val);
    }
    const timestamp = parseUnixSeconds(t);
    if (timestamp === undefined) return rejected("missing or malformed timestamp");
    if (signatures.length === 0) return rejected("no v1 signature");
    if (!withinTolerance(timestamp, now, this.#tolerance)) return rejected("timestamp outside tolerance");
    const prefix = `${t!.trim()}.`;
    for (const secret of secrets) {
      const expected = hmacDigest("sha256", secret, [prefix, rawBody]);
      for (const signature of signatures) if (digestEqualsHex(expected, signature)) return VERIFIED;
    }
    return rejected("no matching signature");
  }
}
