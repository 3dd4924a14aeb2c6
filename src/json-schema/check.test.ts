import { describe, expect, it } from "vitest";
import { ALLOWED_KEYWORDS } from "../../test/conformance/schema-folder.js";
import { checkKeywords } from "./check.js";
import { SUPPORTED_KEYWORDS } from "./keywords.js";

describe("checkKeywords", () => {
  it("accepts the subset, whatever the property names", () => {
    const schema = {
      $defs: { x: { type: "string", minLength: 1, maxLength: 2, pattern: "^a", format: "date", title: "t" } },
      type: ["object", "null"],
      properties: { not: { type: "integer", minimum: 0, maximum: 9 }, $defs: { enum: ["a"] }, c: { const: { examples: 1 } } },
      required: ["not"],
      additionalProperties: { oneOf: [{ $ref: "#/defs/A" }], anyOf: [true], allOf: [{ description: "d" }] },
      items: { type: "string" },
    };
    expect(checkKeywords(schema)).toEqual([]);
  });

  it("reports unsupported keywords, tuple items and nested local definitions with their location", () => {
    const issues = checkKeywords({
      properties: { a: { type: "array", items: [{ type: "string" }], uniqueItems: true } },
      allOf: [{ not: {}, $defs: {} }],
    });
    expect(issues.map((i) => [i.pointer, i.keyword])).toEqual([
      ["/properties/a/items", "items"],
      ["/properties/a/uniqueItems", "uniqueItems"],
      ["/allOf/0/not", "not"],
      ["/allOf/0/$defs", "$defs"],
    ]);
    expect(issues[0]?.path).toEqual(["properties", "a", "items"]);
    expect(issues[0]?.message).toMatch(/^tuple "items"/);
    expect(issues[1]?.message).toMatch(/^keyword "uniqueItems" is not supported/);
    expect(issues[3]?.message).toMatch(/only read at the root/);
  });

  it("takes a path prefix: the walk's start counts as the root", () => {
    const issues = checkKeywords({ $defs: {}, not: {} }, ["$defs", "x"]);
    expect(issues.map((i) => i.pointer)).toEqual(["/$defs/x/not"]);
  });

  it("is the list the schema-folder conformance tests enforce (plus the loader's `definitions`)", () => {
    expect([...SUPPORTED_KEYWORDS].sort()).toEqual([...ALLOWED_KEYWORDS, "definitions"].sort());
  });
});

describe("annotations", () => {
  it("accepts keywords that never change what validates (examples, default, deprecated, …)", () => {
    expect(checkKeywords({ type: "string", examples: ["a"], default: "a", deprecated: true, $comment: "x" })).toEqual([]);
    expect(checkKeywords({ type: "string", not: { const: "a" } }).map((i) => i.keyword)).toEqual(["not"]);
  });
});
