import { describe, expect, it } from "vitest";
import { normalizeHeaders } from "./headers.js";
import { headerBagOf } from "./web-headers.js";

/** A Headers that counts whole-header iterations, as @hono/node-server's materialises on forEach. */
function counted(init: Record<string, string>): { headers: Headers; iterations: () => number } {
  const headers = new Headers(init);
  let n = 0;
  const forEach = headers.forEach.bind(headers);
  Object.defineProperty(headers, "forEach", {
    value: (callback: (value: string, name: string, parent: Headers) => void) => {
      n++;
      forEach(callback);
    },
  });
  return { headers, iterations: () => n };
}

describe("headerBagOf", () => {
  it("reads single headers by lower-case name without iterating them all", () => {
    const { headers, iterations } = counted({ "X-Hub-Signature-256": "sha256=ab", "Content-Type": "application/json" });
    const bag = headerBagOf(headers);
    expect(bag["x-hub-signature-256"]).toBe("sha256=ab");
    expect(bag["content-type"]).toBe("application/json");
    expect(bag["x-missing"]).toBeUndefined();
    expect("content-type" in bag).toBe(true);
    expect("x-missing" in bag).toBe(false);
    expect(iterations()).toBe(0);
  });

  it("answers undefined, never throws, for names Headers refuses and for symbols", () => {
    const bag = headerBagOf(new Headers({ a: "1" }));
    expect(bag["not a header name"]).toBeUndefined();
    expect(bag[""]).toBeUndefined();
    expect((bag as unknown as Record<symbol, unknown>)[Symbol.iterator]).toBeUndefined();
    expect(String(Object.keys(bag))).toBe("a");
  });

  it("iterates like the plain object it replaces, collecting the headers once", () => {
    const { headers, iterations } = counted({ B: "2", a: "1", "x-multi": "one" });
    headers.append("x-multi", "two");
    const bag = headerBagOf(headers);
    expect(Object.entries(bag)).toEqual([["a", "1"], ["b", "2"], ["x-multi", "one, two"]]);
    expect({ ...bag }).toEqual({ a: "1", b: "2", "x-multi": "one, two" });
    expect(normalizeHeaders(bag)).toEqual({ a: "1", b: "2", "x-multi": "one, two" });
    expect(JSON.stringify(bag)).toBe('{"a":"1","b":"2","x-multi":"one, two"}');
    expect(iterations()).toBe(1);
    expect(bag["b"]).toBe("2");
  });
});
