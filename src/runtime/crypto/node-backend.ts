/**
 * The Node backend: `node:crypto`, synchronous, streaming each part into the HMAC so the body is
 * never copied or concatenated.
 */
import type { BytesLike, CryptoBackend, HmacAlgorithm, NodeCrypto } from "./types.js";

/** A {@link CryptoBackend} over Node's (or Bun's/Deno's) `node:crypto` module `node`. */
export function nodeBackend(node: NodeCrypto): CryptoBackend {
  return {
    kind: "node",
    hmac(algorithm: HmacAlgorithm, key: BytesLike, parts: readonly BytesLike[]): Uint8Array {
      const mac = node.createHmac(algorithm, key);
      for (let i = 0; i < parts.length; i++) mac.update(parts[i]!);
      return mac.digest();
    },
    sha256(bytes: Uint8Array): Uint8Array {
      return node.createHash("sha256").update(bytes).digest();
    },
    timingSafeEqualBytes(a: Uint8Array, b: Uint8Array): boolean {
      // Node's throws on unequal lengths; a MAC's length is public, so answering false is safe.
      return a.length === b.length && node.timingSafeEqual(a, b);
    },
  };
}
