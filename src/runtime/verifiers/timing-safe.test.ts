import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { timingSafeEqual } from "./timing-safe.js";

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
