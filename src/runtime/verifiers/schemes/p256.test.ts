import { createPublicKey, ECDH, generateKeyPairSync, sign } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createCrypto } from "../../crypto/index.js";
import type { AsymmetricSchemeConfig } from "../../types.js";
import { AsymmetricVerifier } from "./asymmetric.js";
import { decompressP256, uncompressedP256Key } from "./p256.js";

const SPKI_COMPRESSED_HEADER = Buffer.from("3039301306072a8648ce3d020106082a8648ce3d030107032200", "hex");

/** A P-256 key pair with its public point in both SEC1 forms (node:crypto converts: the reference). */
function keys() {
  const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "prime256v1" });
  const spki = publicKey.export({ format: "der", type: "spki" });
  const uncompressed = spki.subarray(spki.length - 65);
  const compressed = ECDH.convertKey(uncompressed, "prime256v1", undefined, undefined, "compressed") as Buffer;
  return { privateKey, uncompressed, compressed };
}

describe("compressed P-256 public keys", () => {
  it("decompress to the point node:crypto has, for both parities", () => {
    const seen = new Set<number>();
    for (let i = 0; i < 16; i++) {
      const k = keys();
      seen.add(k.compressed[0]!);
      expect(Buffer.from(decompressP256(k.compressed)!)).toEqual(k.uncompressed);
    }
    expect(seen).toEqual(new Set([2, 3]));
  });

  it("refuse points that are not on the curve or not compressed", () => {
    const k = keys();
    const offCurve = Buffer.from(k.compressed);
    // x = p − 1 … most x have no y; find one quickly by bumping x until no square root exists.
    let found = false;
    for (let i = 0; i < 64 && !found; i++) {
      offCurve[32] = (offCurve[32]! + 1) & 0xff;
      if (decompressP256(offCurve) === undefined) found = true;
    }
    expect(found).toBe(true);
    expect(decompressP256(Buffer.alloc(33, 0xff))).toBeUndefined(); // x ≥ p
    expect(decompressP256(Buffer.concat([Buffer.from([4]), k.compressed.subarray(1)]))).toBeUndefined();
    expect(uncompressedP256Key(k.uncompressed)).toBe(k.uncompressed);
    expect(Buffer.from(uncompressedP256Key(Buffer.concat([SPKI_COMPRESSED_HEADER, k.compressed]))!)).toEqual(k.uncompressed);
  });

  it("verify ECDSA signatures on both backends from compressed keys: hex, base64, DER SPKI, PEM", async () => {
    const k = keys();
    const config: AsymmetricSchemeConfig = { scheme: "ecdsa-p256", header: "x-sig", encoding: "base64", prefix: "", signedContent: "{body}", publicKeyEncoding: "base64", signatureFormat: "der" };
    const body = '{"event":"processed"}';
    const signature = sign("sha256", Buffer.from(body), k.privateKey).toString("base64");
    const spkiCompressed = Buffer.concat([SPKI_COMPRESSED_HEADER, k.compressed]);
    const pem = `-----BEGIN PUBLIC KEY-----\n${spkiCompressed.toString("base64")}\n-----END PUBLIC KEY-----`;
    // node:crypto itself reads the compressed SPKI as the same key.
    const jwk = (key: Buffer) => createPublicKey({ key, format: "der", type: "spki" }).export({ format: "jwk" });
    expect(jwk(spkiCompressed)).toEqual(jwk(Buffer.concat([Buffer.from("3059301306072a8648ce3d020106082a8648ce3d030107034200", "hex"), k.uncompressed])));
    for (const crypto of [createCrypto(), createCrypto({ node: undefined })]) {
      const run = (secret: string, c: AsymmetricSchemeConfig = config, b = body) =>
        Promise.resolve(new AsymmetricVerifier(c, { crypto }).verify({ rawBody: new TextEncoder().encode(b), headers: { "x-sig": signature }, secrets: [secret], now: 0 }));
      expect((await run(k.compressed.toString("base64"))).ok, crypto.kind).toBe(true);
      expect((await run(k.compressed.toString("hex"), { ...config, publicKeyEncoding: "hex" })).ok).toBe(true);
      expect((await run(spkiCompressed.toString("base64"))).ok).toBe(true);
      expect((await run(pem)).ok).toBe(true);
      expect((await run(k.compressed.toString("base64"), config, `${body} `)).ok).toBe(false);
      expect((await run(keys().compressed.toString("base64"))).ok).toBe(false);
    }
  });
});
