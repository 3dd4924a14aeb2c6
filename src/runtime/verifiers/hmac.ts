/**
 * A generic HMAC scheme configured from webhook.yaml alone (see `SignatureConfig` "hmac").
 */
import type { SignatureConfig } from "../types.js";
import { headerValue, parseUnixSeconds, withinTolerance } from "./headers.js";
import { hmac } from "./hmac-util.js";
import { timingSafeEqual } from "./timing-safe.js";
import { rejected, VERIFIED, WebhookVerifier, type VerifyInput, type VerifyResult } from "./verifier.js";

/** The `hmac` variant of {@link SignatureConfig}. */
export type HmacSignatureConfig = Extract<SignatureConfig, { scheme: "hmac" }>;

type Piece = { readonly literal: string } | { readonly slot: "body" | "timestamp" | "id" };

/** Splits `{timestamp}.{body}` into literals and slots once, at construction. */
function compileTemplate(template: string): Piece[] {
  const pieces: Piece[] = [];
  const re = /\{(body|timestamp|id)\}/g;
  let last = 0;
  for (let m = re.exec(template); m !== null; m = re.exec(template)) {
    if (m.index > last) pieces.push({ literal: template.slice(last, m.index) });
    pieces.push({ slot: m[1] as "body" | "timestamp" | "id" });
    last = m.index + m[0].length;
  }
  if (last < template.length) pieces.push({ literal: template.slice(last) });
  return pieces;
}

/**
 * Verifies `header` = `prefix` + encoded HMAC of `signedContent`. Several space-separated
 * signatures in the header are accepted (any one may match). With `timestampHeader` and
 * `toleranceSeconds`, the timestamp (Unix seconds) must be within tolerance both ways.
 */
export class HmacVerifier extends WebhookVerifier {
  readonly #config: HmacSignatureConfig;
  readonly #pieces: Piece[];
  readonly #needsTimestamp: boolean;
  readonly #needsId: boolean;

  constructor(config: HmacSignatureConfig) {
    super();
    this.#config = config;
    this.#pieces = compileTemplate(config.signedContent);
    this.#needsTimestamp = this.#pieces.some((p) => "slot" in p && p.slot === "timestamp");
    this.#needsId = this.#pieces.some((p) => "slot" in p && p.slot === "id");
    if (this.#needsTimestamp && config.timestampHeader === undefined) {
      throw new Error("hmac signature: signedContent uses {timestamp} but no timestampHeader is set");
    }
    if (this.#needsId && config.idHeader === undefined) {
      throw new Error("hmac signature: signedContent uses {id} but no idHeader is set");
    }
  }

  verify({ rawBody, headers, secrets, now }: VerifyInput): VerifyResult {
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

    const candidates: string[] = [];
    for (const token of value.split(" ")) {
      if (token === "" || !token.startsWith(c.prefix)) continue;
      const sig = token.slice(c.prefix.length);
      candidates.push(c.encoding === "hex" ? sig.toLowerCase() : sig);
    }
    if (candidates.length === 0) return rejected(`signature lacks the ${JSON.stringify(c.prefix)} prefix`);

    const parts = this.#pieces.map((p) =>
      "literal" in p ? p.literal : p.slot === "body" ? rawBody : p.slot === "timestamp" ? timestamp! : id!,
    );
    for (const secret of secrets) {
      const expected = hmac(c.algorithm, secret, parts, c.encoding);
      for (const candidate of candidates) if (timingSafeEqual(expected, candidate)) return VERIFIED;
    }
    return rejected("no matching signature");
  }
}
