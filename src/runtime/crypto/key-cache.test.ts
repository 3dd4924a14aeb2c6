import { describe, expect, it } from "vitest";
import { BoundedCache } from "./key-cache.js";

describe("BoundedCache", () => {
  it("keeps at most capacity entries, evicting the least recently used", () => {
    const cache = new BoundedCache<string, number>(2);
    cache.set("a", 1);
    cache.set("b", 2);
    expect(cache.get("a")).toBe(1); // a is now the most recent
    cache.set("c", 3);
    expect(cache.size).toBe(2);
    expect(cache.get("b")).toBeUndefined();
    expect(cache.get("a")).toBe(1);
    expect(cache.get("c")).toBe(3);
    cache.set("c", 4); // overwriting does not evict
    expect(cache.get("a")).toBe(1);
    cache.delete("a");
    expect(cache.size).toBe(1);
  });

  it("refuses a capacity that is not a positive integer", () => {
    for (const bad of [0, -1, 1.5, Number.NaN]) expect(() => new BoundedCache(bad)).toThrow(RangeError);
  });
});
