/**
 * The generic `hmac` scheme, configured from webhook.yaml alone (see `HmacSchemeConfig`): the
 * message layout comes from `schemes/message.ts`, the secret-rotation loop from `hmac-util.ts`.
 */
import { defaultCrypto, type CryptoBackend } from "../crypto/index.js";
import type { HmacSchemeConfig, SignedTimestamp } from "../types.js";
import { MALFORMED_SIGNATURE, matchHmac } from "./hmac-util.js";
import { afterMatch, compileMessage, isFailure, readMessage, type CompiledMessage } from "./schemes/message.js";
import { hmacKey } from "./schemes/secrets.js";
import { rejected, WebhookVerifier, type VerifyInput, type VerifyResult } from "./verifier.js";

/** The `hmac` variant of `SignatureConfig`. */
export type HmacSignatureConfig = HmacSchemeConfig;

/** Options of {@link HmacVerifier} beyond its webhook.yaml config. */
export interface HmacVerifierOptions {
  /** Crypto to verify with. Default: `node:crypto` when present (synchronous), else Web Crypto. */
  readonly crypto?: CryptoBackend | undefined;
}

const DIGEST_BYTES: Readonly<Record<HmacSchemeConfig["algorithm"], number>> = { sha1: 20, sha256: 32, sha512: 64 };

/** The timestamp source of `config`, reading the flat keys older generated code carries. */
export function hmacTimestamp(config: HmacSchemeConfig): SignedTimestamp | undefined {
  if (config.timestamp !== undefined) return config.timestamp;
  if (config.timestampHeader === undefined) return undefined;
  return { header: config.timestampHeader, unit: "s", ...(config.toleranceSeconds === undefined ? {} : { toleranceSeconds: config.toleranceSeconds }) };
}

/**
 * Verifies an HMAC over the configured signed content against the signature(s) of the configured
 * header(s), under every configured secret (rotation), comparing in constant time. Success carries
 * the matching MAC as `digest`.
 */
export class HmacVerifier extends WebhookVerifier {
  readonly #config: HmacSchemeConfig;
  readonly #message: CompiledMessage;
  readonly #digestBytes: number;
  readonly #crypto: CryptoBackend;

  constructor(config: HmacSchemeConfig, options: HmacVerifierOptions = {}) {
    super();
    this.#config = config;
    this.#message = compileMessage(config, hmacTimestamp(config));
    this.#digestBytes = DIGEST_BYTES[config.algorithm];
    this.#crypto = options.crypto ?? defaultCrypto;
  }

  verify(input: VerifyInput): VerifyResult | Promise<VerifyResult> {
    const read = readMessage(this.#message, input);
    if (isFailure(read)) return read;
    const n = this.#digestBytes;
    const candidates = read.candidates.filter((c) => c.length === n);
    if (candidates.length === 0) return MALFORMED_SIGNATURE;
    const encoding = this.#config.secretEncoding ?? "raw";
    const keys: (string | Uint8Array)[] = [];
    for (const s of input.secrets) {
      const key = hmacKey(s, encoding);
      if (key !== undefined) keys.push(key);
    }
    if (keys.length === 0) return rejected(`no secret decodes as ${encoding}`);
    const result = matchHmac(this.#crypto, this.#config.algorithm, keys, read.parts, candidates.length === 1 ? candidates[0]! : candidates);
    return afterMatch(this.#message, input, read, this.#crypto, result);
  }
}
