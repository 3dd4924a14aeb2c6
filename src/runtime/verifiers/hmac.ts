/**
 * A generic HMAC scheme configured from webhook.yaml alone (see `SignatureConfig` "hmac").
 */
import { base64ToBytes, defaultCrypto, hexToBytes, type CryptoBackend } from "../crypto/index.js";
import type { SignatureConfig } from "../types.js";
import { headerValue, parseUnixSeconds, withinTolerance } from "./headers.js";
import { MALFORMED_SIGNATURE, matchHmac } from "./hmac-util.js";
import { rejected, WebhookVerifier, type VerifyInput, type VerifyResult } from "./verifier.js";

/** The `hmac` variant of {@link SignatureConfig}. */
export type HmacSignatureConfig = Extract<SignatureConfig, { scheme: "hmac" }>;

/** Options of {@link HmacVerifier} beyond its webhook.yaml config. */
export interface HmacVerifierOptions {
  /** Crypto to verify with. Default: `node:crypto` when present (synchronous), else Web Crypto. */
  readonly crypto?: CryptoBackend | undefined;
}

type Slot = "body" | "timestamp" | "id";
type Piece = { readonly literal: string } | { readonly slot: Slot };

const DIGEST_BYTES: Readonly<Record<HmacSignatureConfig["algorithm"], number>> = { sha1: 20, sha256: 32, sha512: 64 };

/** Splits `{timestamp}.{body}` into literals and slots once, at construction. */
function compileTemplate(template: string): Piece[] {
  const pieces: Piece[] = [];
  const re = /\{(body|timestamp|id)\}/g;
  let last = 0;
  for (let m = re.exec(template); m !== null; m = re.exec(template)) {
    if (m.index > last) pieces.push({ literal: template.slice(last, m.index) });
    pieces.push({ slot: m[1] as Slot });
    last = m.index + m[0].length;
  }
  if (last < template.length) pieces.push({ literal: template.slice(last) });
  return pieces;
}

/**
 * Verifies `header` = `prefix` + encoded HMAC of `signedContent`. Several space-separated
 * signatures in the header are accepted (any one may match). With `timestampHeader` and
 * `toleranceSeconds`, the timestamp (Unix seconds) must be within tolerance both ways.
 * Success carries the matching MAC as `digest`.
 */
export class HmacVerifier extends WebhookVerifier {
  readonly #config: HmacSignatureConfig;
  readonly #pieces: Piece[];
  readonly #needsId: boolean;
  readonly #decode: (text: string, start: number) => Uint8Array | undefined;
  readonly #digestBytes: number;
  readonly #crypto: CryptoBackend;

  constructor(config: HmacSignatureConfig, options: HmacVerifierOptions = {}) {
    super();
    this.#config = config;
    this.#pieces = compileTemplate(config.signedContent);
    const needsTimestamp = this.#pieces.some((p) => "slot" in p && p.slot === "timestamp");
    this.#needsId = this.#pieces.some((p) => "slot" in p && p.slot === "id");
    if (needsTimestamp && config.timestampHeader === undefined) {
      throw new Error("hmac signature: signedContent uses {timestamp} but no timestampHeader is set");
    }
    if (this.#needsId && config.idHeader === undefined) {
      throw new Error("hmac signature: signedContent uses {id} but no idHeader is set");
    }
    // Both decoders are strict and canonical, so comparing decoded bytes accepts exactly the
    // signature texts that comparing encoded text did (hex in either case, as before).
    this.#decode = config.encoding === "hex" ? hexToBytes : base64ToBytes;
    this.#digestBytes = DIGEST_BYTES[config.algorithm];
    this.#crypto = options.crypto ?? defaultCrypto;
  }

  verify({ rawBody, headers, secrets, now }: VerifyInput): VerifyResult | Promise<VerifyResult> {
    const c = this.#config;
    const value = headerValue(headers, c.header);
    if (value === undefined) return rejected(`missing ${c.header} header`);
    let timestamp: string | undefined;
    if (c.timestampHeader !== undefined) {
      timestamp = headerValue(headers, c.timestampHeader);
      if (timestamp === undefined) return rejected(`missing ${c.timestampHeader} header`);
      if (c.toleranceSeconds !== undefined) {
        const ts = parseUnixSeconds(timestamp);
        if (ts === undefined) return rejected(`malformed ${c.timestampHeader} header`);
        if (!withinTolerance(ts, now, c.toleranceSeconds)) return rejected("timestamp outside tolerance");
      }
    }
    const id = c.idHeader === undefined ? undefined : headerValue(headers, c.idHeader);
    if (this.#needsId && id === undefined) return rejected(`missing ${c.idHeader ?? "id"} header`);

    let prefixed = false;
    const candidates: Uint8Array[] = [];
    for (const token of value.split(" ")) {
      if (token === "" || !token.startsWith(c.prefix)) continue;
      prefixed = true;
      const bytes = this.#decode(token, c.prefix.length);
      if (bytes !== undefined && bytes.length === this.#digestBytes) candidates.push(bytes);
    }
    if (!prefixed) return rejected(`signature lacks the ${JSON.stringify(c.prefix)} prefix`);
    if (candidates.length === 0) return MALFORMED_SIGNATURE;

    // A plain loop, not `map`: no closure per delivery.
    const pieces = this.#pieces;
    const parts = new Array<string | Uint8Array>(pieces.length);
    for (let i = 0; i < pieces.length; i++) {
      const p = pieces[i]!;
      parts[i] = "literal" in p ? p.literal : p.slot === "body" ? rawBody : p.slot === "timestamp" ? timestamp! : id!;
    }
    return matchHmac(this.#crypto, c.algorithm, secrets, parts, candidates.length === 1 ? candidates[0]! : candidates);
  }
}
