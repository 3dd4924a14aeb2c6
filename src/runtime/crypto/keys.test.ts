import { generateKeyPairSync, sign } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeKeyText, derToRawEcdsa, rawToDerEcdsa, spkiOf } from "./keys.js";
import { looseBase64ToBytes } from "./loose-base64.js";

describe("public keys and ECDSA signature forms", () => {
  it("wraps raw Ed25519 and P-256 keys into the SPKI node:crypto exports; DER passes through; PEM is read", () => {
    for (const [algorithm, pair] of [
      ["ed25519", generateKeyPairSync("ed25519")],
      ["ecdsa-p256", generateKeyPairSync("ec", { namedCurve: "P-256" })],
    ] as const) {
      const der = new Uint8Array(pair.publicKey.export({ format: "der", type: "spki" }));
      const raw = der.subarray(der.length - (algorithm === "ed25519" ? 32 : 65));
      expect(spkiOf(algorithm, raw)).toEqual(der);
      expect(spkiOf(algorithm, der)).toBe(der);
      expect(decodeKeyText(pair.publicKey.export({ format: "pem", type: "spki" }).toString(), "hex")).toEqual(der);
      expect(decodeKeyText(Buffer.from(raw).toString("hex"), "hex")).toEqual(raw);
      expect(decodeKeyText(Buffer.from(der).toString("base64"), "base64")).toEqual(der);
    }
    expect(decodeKeyText("zz", "hex")).toBeUndefined();
  });

  it("property: DER ⇄ raw r‖s round-trips what node:crypto produces, and malformed DER is refused", () => {
    const { privateKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (msg) => {
        const der = new Uint8Array(sign("sha256", msg, privateKey));
        const raw = new Uint8Array(sign("sha256", msg, { key: privateKey, dsaEncoding: "ieee-p1363" }));
        const back = derToRawEcdsa(der)!;
        expect(back.length).toBe(64);
        expect(rawToDerEcdsa(back)).toEqual(der);
        expect(derToRawEcdsa(rawToDerEcdsa(raw))).toEqual(raw);
        expect(derToRawEcdsa(der.subarray(0, der.length - 1))).toBeUndefined();
        expect(derToRawEcdsa(Uint8Array.from([...der, 0]))).toBeUndefined();
      }),
      { numRuns: 50 },
    );
    expect(derToRawEcdsa(new Uint8Array(64))).toBeUndefined();
  });

  it("lenient base64 for keys: padding optional, either alphabet", () => {
    const bytes = Uint8Array.from([251, 255, 191, 1]);
    for (const text of ["+/+/AQ==", "+/+/AQ", "-_-_AQ", " +/+/AQ== "]) expect(looseBase64ToBytes(text)).toEqual(bytes);
    expect(looseBase64ToBytes("a")).toBeUndefined();
    expect(looseBase64ToBytes("a*b=")).toBeUndefined();
  });
});
