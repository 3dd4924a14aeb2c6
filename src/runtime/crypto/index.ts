/**
 * Crypto for signature verification that runs with or without `node:crypto`: see
 * {@link createCrypto} for how the backend is chosen.
 */
import { defaultCrypto } from "./create.js";
import type { CryptoBackend } from "./types.js";

export type { BytesLike, CryptoBackend, HmacAlgorithm, NodeCrypto, SignatureAlgorithm, Subtle } from "./types.js";
export { createCrypto, defaultCrypto, type CreateCryptoOptions } from "./create.js";
export { DEFAULT_KEY_CACHE_SIZE } from "./web-backend.js";
export { bytesToHex, hexToBytes } from "./hex.js";
export { base64ToBytes, bytesToBase64 } from "./base64.js";
export { looseBase64ToBytes } from "./loose-base64.js";
export { decodeKeyText, derToRawEcdsa, rawToDerEcdsa, spkiOf } from "./keys.js";
export { constantTimeEqual, constantTimeEqualAnyLength } from "./constant-time.js";
export { concatBytes, toBytes } from "./utf8.js";

/** {@link CryptoBackend.hmac} of the default backend: synchronous on Node, a Promise on Web Crypto. */
export const hmac: CryptoBackend["hmac"] = defaultCrypto.hmac;
/** {@link CryptoBackend.sha256} of the default backend. */
export const sha256: CryptoBackend["sha256"] = defaultCrypto.sha256;
/** {@link CryptoBackend.timingSafeEqualBytes} of the default backend. */
export const timingSafeEqualBytes: CryptoBackend["timingSafeEqualBytes"] = defaultCrypto.timingSafeEqualBytes;
