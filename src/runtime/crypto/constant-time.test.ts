import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { constantTimeEqual, constantTimeEqualAnyLength } from "./constant-time.js";

describe("constantTimeEqual / constantTimeEqualAnyLength", () => {
  it("is false for unequal lengths, including a prefix and the empty array", () => {
    for (const eq of [constantTimeEqual, constantTimeEqualAnyLength]) {
      expect(eq(new Uint8Array([1, 2]), new Uint8Array([1, 2, 0]))).toBe(false);
      expect(eq(new Uint8Array(), new Uint8Array([0]))).toBe(false);
      expect(eq(new Uint8Array(), new Uint8Array())).toBe(true);
    }
  });

  it("property: equal iff the bytes are equal", () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 40 }), fc.uint8Array({ maxLength: 40 }), (a, b) => {
      const same = Buffer.from(a).equals(Buffer.from(b));
      expect(constantTimeEqual(a, b)).toBe(same);
      expect(constantTimeEqualAnyLength(a, b)).toBe(same);
      expect(constantTimeEqual(a, Uint8Array.from(a))).toBe(true);
    }));
  });
});
