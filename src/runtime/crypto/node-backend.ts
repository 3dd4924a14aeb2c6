/**
 * The Node backend: `node:crypto`, synchronous, streaming each part into the HMAC so the body is
 * never copied or concatenated.
 */
import { bytesToHex } from "./hex.js";
import { BoundedCache } from "./key-cache.js";
import type { BytesLike, CryptoBackend, HmacAlgorithm, NodeCrypto, SignatureAlgorithm } from "./types.js";
import { concatBytes } from "./utf8.js";

type KeyObject = ReturnType<NonNullable<NodeCrypto["createPublicKey"]>>;

/** A {@link CryptoBackend} over Node's (or Bun's/Deno's) `node:crypto` module `node`. */
export function nodeBackend(node: NodeCrypto): CryptoBackend {
  // Parsing a DER key costs more than verifying with it: keep the few a process uses.
  const keys = new BoundedCache<string, KeyObject>(32);
  function publicKey(spki: Uint8Array): KeyObject {
    const id = bytesToHex(spki);
    let key = keys.get(id);
    if (key === undefined) {
      if (node.createPublicKey === undefined) throw new Error("node:crypto lacks createPublicKey: cannot verify public-key signatures");
      // Node takes any TypedArray here (its types say Buffer); no global Buffer, which Deno lacks.
      const input = { key: spki, format: "der", type: "spki" } as unknown as Parameters<NonNullable<NodeCrypto["createPublicKey"]>>[0];
      key = node.createPublicKey(input);
      keys.set(id, key);
    }
    return key;
  }
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
    verifySignature(algorithm: SignatureAlgorithm, spki: Uint8Array, parts: readonly BytesLike[], signature: Uint8Array): boolean {
      if (node.verify === undefined) throw new Error("node:crypto lacks verify: cannot verify public-key signatures");
      const key = publicKey(spki);
      const data = concatBytes(parts);
      if (algorithm === "ed25519") return node.verify(null, data, key, signature);
      // Raw r‖s, the one form both backends share (see CryptoBackend.verifySignature).
      return node.verify("sha256", data, { key, dsaEncoding: "ieee-p1363" }, signature);
    },
  };
}
