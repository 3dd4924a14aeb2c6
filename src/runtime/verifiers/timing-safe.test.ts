import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { digestEqualsHex, timingSafeEqual } from "./timing-safe.js";

describe("timingSafeEqual", () => {
  it("compares strings and bytes, never throwing on length mismatch", () => {
    expect(timingSafeEqual("abc", "abc")).toBe(true);
    expect(timingSafeEqual("abc", "abcd")).toBe(false);
    expect(timingSafeEqual("", "a")).toBe(false);
    expect(timingSafeEqual("", "")).toBe(true);
    expect(timingSafeEqual(new Uint8Array([1, 2]), new Uint8Array([1, 2]))).toBe(true);
    expect(timingSafeEqual(new Uint8Array([1, 2]), new Uint8Array([1, 2, 3]))).toBe(false);
    expect(timingSafeEqual("é", new TextEncoder().encode("é"))).toBe(true);
  });

  it("property: equal iff the inputs are equal", () => {
    fc.assert(fc.property(fc.string(), fc.string(), (a, b) => {
      expect(timingSafeEqual(a, b)).toBe(a === b);
    }));
    fc.assert(fc.property(fc.string(), (a) => {
      expect(timingSafeEqual(a, a)).toBe(true);
    }));
  });
});

describe("digestEqualsHex", () => {
  it("matches hex of either case, rejects malformed or wrongly sized text without throwing", () => {
    const digest = Buffer.from([0x00, 0xab, 0xff, 0x10]);
    expect(digestEqualsHex(digest, "00abff10")).toBe(true);
    expect(digestEqualsHex(digest, "00ABFF10")).toBe(true);
    for (const bad of ["", "00abff1", "00abff100", "00abff1g", "zzabff10", "00abff11", " 0abff10"]) {
      expect(digestEqualsHex(digest, bad), bad).toBe(false);
    }
  });

  it("property: equal iff the text is the digest's hex", () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 64 }), fc.string(), (bytes, text) => {
      const digest = Buffer.from(bytes);
      expect(digestEqualsHex(digest, digest.toString("hex"))).toBe(true);
      expect(digestEqualsHex(digest, text)).toBe(text.toLowerCase() === digest.toString("hex"));
    }));
  });
});
