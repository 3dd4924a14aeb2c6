/**
 * Stripe: `Stripe-Signature: t=<unix>,v1=<hex>[,v1=<hex>…]`, HMAC-SHA256 of `${t}.${body}` keyed
 * by the whole secret string (`whsec_…` included).
 */
import { defaultCrypto, hexToBytes, type CryptoBackend } from "../crypto/index.js";
import { headerValue, parseUnixSeconds, withinTolerance } from "./headers.js";
import { MALFORMED_SIGNATURE, matchHmac } from "./hmac-util.js";
import { rejected, WebhookVerifier, type VerifyInput, type VerifyResult } from "./verifier.js";

/** Options of {@link StripeVerifier}. */
export interface StripeVerifierOptions {
  /** Lower-case header name. Default `stripe-signature`. */
  readonly header?: string;
  /** Accepted clock skew in seconds, both ways. Default 300 (Stripe's). */
  readonly toleranceSeconds?: number;
  /** Crypto to verify with. Default: `node:crypto` when present (synchronous), else Web Crypto. */
  readonly crypto?: CryptoBackend | undefined;
}

/** Verifies Stripe's signature scheme; success carries the matching MAC as `digest`. */
export class StripeVerifier extends WebhookVerifier {
  readonly #header: string;
  readonly #tolerance: number;
  readonly #crypto: CryptoBackend;

  constructor(options: StripeVerifierOptions = {}) {
    super();
    this.#header = options.header ?? "stripe-signature";
    this.#tolerance = options.toleranceSeconds ?? 300;
    this.#crypto = options.crypto ?? defaultCrypto;
  }

  verify({ rawBody, headers, secrets, now }: VerifyInput): VerifyResult | Promise<VerifyResult> {
    const value = headerValue(headers, this.#header);
    if (value === undefined) return rejected(`missing ${this.#header} header`);
    let t: string | undefined;
    let sawV1 = false;
    // Each v1 is decoded once, then compared as bytes against every secret's MAC. Undecodable ones
    // (e.g. a placeholder) cannot match anything and are dropped.
    const signatures: Uint8Array[] = [];
    for (const item of value.split(",")) {
      const eq = item.indexOf("=");
      if (eq === -1) continue;
      const key = item.slice(0, eq).trim();
      if (key === "t") t = item.slice(eq + 1).trim();
      else if (key === "v1") {
        sawV1 = true;
        const bytes = hexToBytes(item.slice(eq + 1).trim());
        if (bytes !== undefined && bytes.length === 32) signatures.push(bytes);
      }
    }
    const timestamp = parseUnixSeconds(t);
    if (timestamp === undefined) return rejected("missing or malformed timestamp");
    if (!sawV1) return rejected("no v1 signature");
    if (!withinTolerance(timestamp, now, this.#tolerance)) return rejected("timestamp outside tolerance");
    if (signatures.length === 0) return MALFORMED_SIGNATURE;
    return matchHmac(this.#crypto, "sha256", secrets, [`${t!}.`, rawBody], signatures.length === 1 ? signatures[0]! : signatures);
  }
}
