import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createCrypto } from "../crypto/index.js";
import { digestEqualsHex, timingSafeEqual } from "./timing-safe.js";

const backends = [
  ["node", createCrypto()],
  ["webcrypto", createCrypto({ node: undefined })],
] as const;

describe.each(backends)("timingSafeEqual on %s", (_name, crypto) => {
  it("compares strings and bytes, never throwing on length mismatch", () => {
    expect(timingSafeEqual("abc", "abc", crypto)).toBe(true);
    expect(timingSafeEqual("abc", "abcd", crypto)).toBe(false);
    expect(timingSafeEqual("", "a", crypto)).toBe(false);
    expect(timingSafeEqual("", "", crypto)).toBe(true);
    expect(timingSafeEqual("a", "a\u0000", crypto)).toBe(false);
    expect(timingSafeEqual(new Uint8Array([1, 2]), new Uint8Array([1, 2]), crypto)).toBe(true);
    expect(timingSafeEqual(new Uint8Array([1, 2]), new Uint8Array([1, 2, 3]), crypto)).toBe(false);
    expect(timingSafeEqual("é", new TextEncoder().encode("é"), crypto)).toBe(true);
  });

  it("property: equal iff the inputs are equal", () => {
    fc.assert(fc.property(fc.string(), fc.string(), (a, b) => {
      expect(timingSafeEqual(a, b, crypto)).toBe(a === b);
    }));
    fc.assert(fc.property(fc.string(), (a) => {
      expect(timingSafeEqual(a, a, crypto)).toBe(true);
    }));
  });
});

describe("timingSafeEqual (default backend)", () => {
  it("works without a backend argument, as the public export is called", () => {
    expect(timingSafeEqual("abc", "abc")).toBe(true);
    expect(timingSafeEqual("abc", "abd")).toBe(false);
  });
});

describe.each(backends)("digestEqualsHex on %s", (_name, crypto) => {
  it("matches hex of either case, rejects malformed or wrongly sized text without throwing", () => {
    const digest = new Uint8Array([0x00, 0xab, 0xff, 0x10]);
    expect(digestEqualsHex(digest, "00abff10", crypto)).toBe(true);
    expect(digestEqualsHex(digest, "00ABFF10", crypto)).toBe(true);
    for (const bad of ["", "00abff1", "00abff100", "00abff1g", "zzabff10", "00abff11", " 0abff10"]) {
      expect(digestEqualsHex(digest, bad, crypto), bad).toBe(false);
    }
  });

  it("property: equal iff the text is the digest's hex", () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 64 }), fc.string(), (bytes, text) => {
      const hex = Buffer.from(bytes).toString("hex");
      expect(digestEqualsHex(bytes, hex, crypto)).toBe(true);
      expect(digestEqualsHex(bytes, text, crypto)).toBe(text.toLowerCase() === hex);
    }));
  });
});
