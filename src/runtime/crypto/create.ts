/**
 * Backend selection: Node's crypto when the host has it (synchronous, fastest), Web Crypto
 * otherwise. The default instance is chosen once, at module load.
 */
import { detectNodeCrypto, detectSubtle } from "./detect.js";
import { nodeBackend } from "./node-backend.js";
import type { CryptoBackend, NodeCrypto, Subtle } from "./types.js";
import { DEFAULT_KEY_CACHE_SIZE, webCryptoBackend } from "./web-backend.js";

/** Overrides for {@link createCrypto}; a key that is present wins over detection, even as `undefined`. */
export interface CreateCryptoOptions {
  /** Node's crypto module; `undefined` forces Web Crypto (how tests exercise that path on Node). */
  readonly node?: NodeCrypto | undefined;
  /** Web Crypto's `SubtleCrypto`; `undefined` leaves no fallback. */
  readonly subtle?: Subtle | undefined;
  /** Imported keys the Web Crypto backend keeps. Default {@link DEFAULT_KEY_CACHE_SIZE}. */
  readonly keyCacheSize?: number;
}

function unavailable(): never {
  throw new Error("no crypto available: neither node:crypto (process.getBuiltinModule) nor globalThis.crypto.subtle exists");
}

/**
 * Throws on use, not on creation: importing the runtime somewhere without crypto must not fail,
 * and a verifier that throws is answered as a failed verification by the pipeline.
 */
const UNAVAILABLE: CryptoBackend = Object.freeze({
  kind: "unavailable",
  hmac: unavailable,
  sha256: unavailable,
  timingSafeEqualBytes: unavailable,
  verifySignature: unavailable,
});

/**
 * A crypto backend: `node:crypto` when `options.node` (default: detected) is set, else Web Crypto
 * over `options.subtle` (default: `globalThis.crypto.subtle`), else one whose calls throw.
 */
export function createCrypto(options: CreateCryptoOptions = {}): CryptoBackend {
  const node = "node" in options ? options.node : detectNodeCrypto();
  if (node !== undefined) return nodeBackend(node);
  const subtle = "subtle" in options ? options.subtle : detectSubtle();
  if (subtle !== undefined) return webCryptoBackend(subtle, options.keyCacheSize ?? DEFAULT_KEY_CACHE_SIZE);
  return UNAVAILABLE;
}

/** The backend verifiers use unless given another, detected when this module loads. */
export const defaultCrypto: CryptoBackend = createCrypto();
