import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { base64ToBytes, bytesToBase64 } from "./base64.js";

const CANONICAL = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

describe("base64ToBytes / bytesToBase64", () => {
  it("encodes RFC 4648 test vectors and decodes them back", () => {
    const vectors: [string, string][] = [["", ""], ["f", "Zg=="], ["fo", "Zm8="], ["foo", "Zm9v"], ["foob", "Zm9vYg=="], ["fooba", "Zm9vYmE="], ["foobar", "Zm9vYmFy"]];
    for (const [plain, encoded] of vectors) {
      const bytes = new TextEncoder().encode(plain);
      expect(bytesToBase64(bytes)).toBe(encoded);
      expect(base64ToBytes(encoded)).toEqual(bytes);
    }
  });

  it("rejects malformed and non-canonical text", () => {
    for (const bad of ["Zg", "Zg=", "Zm8", "Z===", "====", "Zh==", "Zm9=", "Zm9v\n", " Zm9v", "Zm9v====", "Zm-v", "Zm_v", "Zg==Zg==", "=Zm9", "Zm=v", "Zé==", "\u{1F600}Zg="]) {
      expect(base64ToBytes(bad), JSON.stringify(bad)).toBeUndefined();
    }
  });

  it("property: round-trips, and agrees with Buffer", () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 100 }), (bytes) => {
      const text = bytesToBase64(bytes);
      expect(text).toBe(Buffer.from(bytes).toString("base64"));
      expect(base64ToBytes(text)).toEqual(bytes);
    }));
  });

  it("property: any string decodes iff it is canonical padded base64, and then re-encodes to itself", () => {
    const base64ish = fc.string({ unit: fc.constantFrom(..."AQgwZh+/=-_ \n"), maxLength: 16 });
    fc.assert(fc.property(fc.oneof(base64ish, fc.string(), fc.string({ unit: "binary" }), fc.uint8Array().map((b) => Buffer.from(b).toString("base64"))), (text) => {
      const bytes = base64ToBytes(text);
      if (bytes === undefined) {
        // Refused: either not base64 at all, or a spelling our encoder would never produce.
        expect(CANONICAL.test(text) && bytesToBase64(Buffer.from(text, "base64")) === text).toBe(false);
      } else {
        expect(CANONICAL.test(text)).toBe(true);
        expect(bytesToBase64(bytes)).toBe(text);
        expect(bytes).toEqual(new Uint8Array(Buffer.from(text, "base64")));
      }
    }), { numRuns: 500 });
  });

  it("property: decoding from an offset equals decoding the slice", () => {
    fc.assert(fc.property(fc.string({ maxLength: 10 }), fc.oneof(fc.uint8Array({ maxLength: 40 }).map(bytesToBase64), fc.string()), (prefix, text) => {
      expect(base64ToBytes(prefix + text, prefix.length)).toEqual(base64ToBytes(text));
    }));
    expect(base64ToBytes("Zg==", 5)).toBeUndefined();
  });
});
