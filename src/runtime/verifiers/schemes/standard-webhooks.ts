/**
 * Standard Webhooks (https://www.standardwebhooks.com), which Svix sends under `svix-*` names:
 * `webhook-signature: v1,<base64 HMAC-SHA256> v1a,<base64 Ed25519>` (several for rotation) over
 * `${webhook-id}.${webhook-timestamp}.${body}`; `whsec_` secrets are base64 HMAC keys, `whpk_`
 * ones base64 Ed25519 public keys, and both may be configured side by side.
 */
import { base64ToBytes, defaultCrypto, looseBase64ToBytes, spkiOf, type CryptoBackend } from "../../crypto/index.js";
import type { HeaderBag, StandardWebhooksSchemeConfig } from "../../types.js";
import { headerValue } from "../headers.js";
import { matchHmac } from "../hmac-util.js";
import { rejected, verified, WebhookVerifier, type VerifyInput, type VerifyResult } from "../verifier.js";
import { firstMatch, type Check } from "./maybe.js";
import { fresh, timestampMs } from "./message.js";
import { hmacKey } from "./secrets.js";

/** Header names of the scheme, each with its Svix alias. */
export const STANDARD_WEBHOOKS_HEADERS = {
  id: ["webhook-id", "svix-id"],
  timestamp: ["webhook-timestamp", "svix-timestamp"],
  signature: ["webhook-signature", "svix-signature"],
} as const;

/** Options of {@link StandardWebhooksVerifier}. */
export interface StandardWebhooksVerifierOptions {
  readonly crypto?: CryptoBackend | undefined;
}

const NO_MATCH: VerifyResult = Object.freeze({ ok: false, reason: "no matching signature" });

function first(headers: HeaderBag, names: readonly string[]): string | undefined {
  for (const name of names) {
    const v = headerValue(headers, name);
    if (v !== undefined) return v;
  }
  return undefined;
}

/** A configured key: an HMAC secret (`whsec_…` or bare base64) or an Ed25519 public key (`whpk_…`). */
type Key = { readonly kind: "hmac"; readonly key: Uint8Array } | { readonly kind: "ed25519"; readonly spki: Uint8Array };

function keyOf(secret: string): Key | undefined {
  if (secret.startsWith("whpk_")) {
    const raw = looseBase64ToBytes(secret.slice(5));
    return raw === undefined || raw.length !== 32 ? undefined : { kind: "ed25519", spki: spkiOf("ed25519", raw) };
  }
  const key = hmacKey(secret, "whsec");
  return key === undefined || typeof key === "string" ? undefined : { kind: "hmac", key };
}

/**
 * Verifies Standard Webhooks / Svix deliveries, `v1` and `v1a`, against every configured key
 * (constant-time comparison, any key may match); the timestamp must be within tolerance both ways.
 * `webhook-id` is signed, so it is a sound dedupe key.
 */
export class StandardWebhooksVerifier extends WebhookVerifier {
  readonly #tolerance: number;
  readonly #crypto: CryptoBackend;

  constructor(config: StandardWebhooksSchemeConfig, options: StandardWebhooksVerifierOptions = {}) {
    super();
    this.#tolerance = config.toleranceSeconds;
    this.#crypto = options.crypto ?? defaultCrypto;
  }

  verify({ rawBody, headers, secrets, now }: VerifyInput): VerifyResult | Promise<VerifyResult> {
    const H = STANDARD_WEBHOOKS_HEADERS;
    const id = first(headers, H.id);
    const ts = first(headers, H.timestamp);
    const value = first(headers, H.signature);
    if (id === undefined || ts === undefined || value === undefined) return rejected("missing webhook-id, webhook-timestamp or webhook-signature header");
    const ms = timestampMs(ts, "s");
    if (ms === undefined) return rejected("malformed webhook-timestamp");
    if (!fresh(ms, now, this.#tolerance)) return rejected("timestamp outside tolerance");
    const v1: Uint8Array[] = [];
    const v1a: Uint8Array[] = [];
    for (const token of value.split(" ")) {
      const comma = token.indexOf(",");
      if (comma === -1) continue;
      const version = token.slice(0, comma);
      const bytes = base64ToBytes(token, comma + 1);
      if (bytes === undefined) continue;
      if (version === "v1" && bytes.length === 32) v1.push(bytes);
      else if (version === "v1a" && bytes.length === 64) v1a.push(bytes);
    }
    if (v1.length === 0 && v1a.length === 0) return rejected("no v1 or v1a signature");
    const parts = [`${id}.${ts}.`, rawBody];
    const hmacKeys: Uint8Array[] = [];
    const checks: Check[] = [];
    for (const secret of secrets) {
      const key = keyOf(secret);
      if (key === undefined) continue;
      if (key.kind === "hmac") hmacKeys.push(key.key);
      else {
        for (const signature of v1a) {
          const ok = (valid: boolean): VerifyResult | false => (valid ? verified(signature) : false);
          checks.push(() => {
            const r = this.#crypto.verifySignature("ed25519", key.spki, parts, signature);
            return typeof r === "boolean" ? ok(r) : r.then(ok);
          });
        }
      }
    }
    if (hmacKeys.length > 0 && v1.length > 0) {
      // One check for all HMAC secrets: matchHmac keeps the synchronous path on Node.
      checks.unshift(() => {
        const r = matchHmac(this.#crypto, "sha256", hmacKeys, parts, v1);
        return r instanceof Promise ? r.then((x) => (x.ok ? x : false)) : r.ok ? r : false;
      });
    }
    if (checks.length === 0 && hmacKeys.length === 0 && secrets.length > 0) return rejected("no configured secret is a whsec_/whpk_ key");
    return firstMatch(checks, NO_MATCH);
  }
}
