import { describe, expect, it } from "vitest";
import { allocBytes } from "./alloc.js";

describe("allocBytes", () => {
  it("hands out zero-filled, non-overlapping views, across slab boundaries", () => {
    const arrays = Array.from({ length: 1000 }, (_, i) => allocBytes(i % 70));
    for (const [i, a] of arrays.entries()) {
      expect(a.length).toBe(i % 70);
      expect(a.every((b) => b === 0)).toBe(true);
      a.fill(0xff);
    }
    // Writing every array to 0xff touched nothing outside it: a fresh one is still zero.
    expect(allocBytes(64).every((b) => b === 0)).toBe(true);
    const byBuffer = new Map<ArrayBufferLike, Uint8Array[]>();
    for (const a of arrays) if (a.length > 0) byBuffer.set(a.buffer, [...(byBuffer.get(a.buffer) ?? []), a]);
    for (const views of byBuffer.values()) {
      views.sort((x, y) => x.byteOffset - y.byteOffset);
      for (let i = 1; i < views.length; i++) expect(views[i]!.byteOffset).toBeGreaterThanOrEqual(views[i - 1]!.byteOffset + views[i - 1]!.length);
    }
    expect(byBuffer.size).toBeGreaterThan(1);
  });

  it("gives large arrays their own buffer", () => {
    const big = allocBytes(1000);
    expect(big.byteOffset).toBe(0);
    expect(big.buffer.byteLength).toBe(1000);
  });
});
