import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { appendPointer, escapeSegment, formatPointer, parsePointer, unescapeSegment } from "./pointer.js";

describe("JSON pointers", () => {
  it("escapes ~ before / and unescapes ~1 before ~0 (RFC 6901)", () => {
    expect(escapeSegment("a/b~c")).toBe("a~1b~0c");
    expect(escapeSegment(3)).toBe("3");
    expect(unescapeSegment("~01")).toBe("~1");
    expect(unescapeSegment("a~1b~0c")).toBe("a/b~c");
  });

  it("formats and parses paths; the root is the empty pointer", () => {
    expect(formatPointer([])).toBe("");
    expect(formatPointer(["properties", "a/b", "items", 0])).toBe("/properties/a~1b/items/0");
    expect(appendPointer("/properties/x", "allOf", 1)).toBe("/properties/x/allOf/1");
    expect(parsePointer("")).toEqual([]);
    expect(parsePointer("/")).toEqual([""]);
    expect(parsePointer("/$defs/a~1b")).toEqual(["$defs", "a/b"]);
  });

  it("rejects fragments that are not pointers (anchors)", () => {
    expect(parsePointer("foo")).toBeUndefined();
  });

  it("round-trips any path", () => {
    fc.assert(
      fc.property(fc.array(fc.string()), (path) => {
        expect(parsePointer(formatPointer(path))).toEqual(path);
      }),
    );
  });
});
