import { describe, expect, it } from "vitest";
import { compileZod, emitZod } from "./__fixtures__/harness.js";

const ok = (schema: object | boolean, value: unknown, mode: "strict" | "lenient" = "strict", defs = {}): boolean =>
  compileZod(schema as never, mode, defs).safeParse(value).success;

describe("zodSchema", () => {
  it("maps {} to z.unknown() and false to z.never()", () => {
    expect(emitZod({})).toBe("z.unknown()");
    expect(emitZod(false)).toBe("z.never()");
  });

  it("maps primitives, integer, nullable and checks", () => {
    expect(emitZod({ type: "integer", minimum: 0, maximum: 10 })).toBe("z.int().gte(0).lte(10)");
    expect(emitZod({ type: ["string", "null"], minLength: 1, maxLength: 3, pattern: "^a" })).toBe(
      'z.string().min(1).max(3).regex(new RegExp("^a", "u")).nullable()',
    );
    expect(ok({ type: "integer" }, 1.5)).toBe(false);
    expect(ok({ type: ["string", "null"] }, null)).toBe(true);
    expect(ok({ type: "string", pattern: "^a" }, "ba")).toBe(false);
  });

  it("ignores format (providers' dates vary)", () => {
    expect(ok({ type: "string", format: "date-time" }, "yesterday")).toBe(true);
  });

  it("fails on an invalid pattern", () => {
    expect(() => emitZod({ type: "string", pattern: "(" })).toThrow(/invalid regular expression/);
  });

  it("maps enums: strings to z.enum, mixed to z.literal([...]), null to nullable", () => {
    expect(emitZod({ enum: ["a", "b"] })).toBe('z.enum(["a", "b"])');
    expect(emitZod({ enum: [1, "a", null] })).toBe('z.literal([1, "a"]).nullable()');
    expect(emitZod({ const: 3 })).toBe("z.literal(3)");
    expect(ok({ enum: [1, "a", null] }, null)).toBe(true);
    expect(ok({ enum: [1, "a", null] }, 2)).toBe(false);
  });

  it("objects follow the mode unless additionalProperties says otherwise", () => {
    const open = { type: "object", properties: { a: { type: "string" } }, required: ["a"] };
    expect(ok(open, { a: "x", b: 1 }, "strict")).toBe(false);
    expect(ok(open, { a: "x", b: 1 }, "lenient")).toBe(true);
    expect(ok(open, {}, "lenient")).toBe(false);
    const closed = { ...open, additionalProperties: false };
    expect(ok(closed, { a: "x", b: 1 }, "lenient")).toBe(false);
    const typed = { ...open, additionalProperties: { type: "number" } };
    expect(emitZod(typed)).toContain(".catchall(z.number())");
    expect(ok(typed, { a: "x", b: 1 }, "strict")).toBe(true);
    expect(ok(typed, { a: "x", b: "y" }, "lenient")).toBe(false);
    expect(ok({ type: "object" }, { anything: 1 }, "strict")).toBe(true);
  });

  it("writes __proto__ keys as computed keys", () => {
    // Parsed from JSON: an object literal would set the prototype instead of defining the key.
    const parsed = JSON.parse('{"type":"object","properties":{"__proto__":{"type":"string"}},"required":["__proto__"]}');
    expect(emitZod(parsed)).toContain('["__proto__"]: z.string()');
    expect(ok(parsed, JSON.parse('{"__proto__":"x"}'))).toBe(true);
  });

  it("emits plain unions (never match-counting refinements) and discriminated unions when possible", () => {
    const plain = emitZod({ oneOf: [{ type: "string" }, { type: "number" }] });
    expect(plain).toMatch(/^z\.union\(/);
    expect(plain).not.toMatch(/refine|superRefine/);
    const tagged = {
      oneOf: [
        { type: "object", properties: { kind: { const: "a" }, x: { type: "string" } }, required: ["kind", "x"] },
        { type: "object", properties: { kind: { enum: ["b"] }, y: { type: "number" } }, required: ["kind"] },
      ],
    };
    expect(emitZod(tagged)).toMatch(/^du\("kind", \[/);
    expect(ok(tagged, { kind: "a", x: "1" })).toBe(true);
    expect(ok(tagged, { kind: "b", y: 1 })).toBe(true);
    expect(ok(tagged, { kind: "a", y: 1 })).toBe(false);
    expect(ok(tagged, { kind: "c" })).toBe(false);
  });

  it("distributes keywords beside oneOf into every branch", () => {
    const schema = {
      type: "object",
      properties: { a: { type: "string" }, b: { type: "string" } },
      oneOf: [{ required: ["a"] }, { required: ["b"] }],
    };
    expect(ok(schema, { a: "x" })).toBe(true);
    expect(ok(schema, { b: "x" })).toBe(true);
    expect(ok(schema, {})).toBe(false);
  });

  it("merges allOf so that strict objects accept every branch's keys", () => {
    const defs = { Base: { type: "object", properties: { id: { type: "string" } }, required: ["id"] } };
    const schema = { allOf: [{ $ref: "#/defs/Base" }, { type: "object", properties: { n: { type: "integer" } }, required: ["n"] }] };
    expect(emitZod(schema, defs)).not.toContain("intersection");
    expect(ok(schema, { id: "x", n: 1 }, "strict", defs)).toBe(true);
    expect(ok(schema, { id: "x" }, "strict", defs)).toBe(false);
    expect(ok(schema, { id: "x", n: 1, extra: 1 }, "strict", defs)).toBe(false);
  });

  it("falls back to z.intersection when allOf branches conflict", () => {
    const schema = { allOf: [{ type: "string", pattern: "a" }, { type: "string", pattern: "b" }] };
    expect(emitZod(schema)).toMatch(/^z\.intersection\(/);
    expect(ok(schema, "ab")).toBe(true);
    expect(ok(schema, "a")).toBe(false);
  });

  it("uses z.lazy only for refs inside a recursive cycle", () => {
    const defs = {
      Node: { type: "object", properties: { children: { type: "array", items: { $ref: "#/defs/Node" } }, tag: { $ref: "#/defs/Tag" } } },
      Tag: { type: "string" },
    };
    expect(emitZod(defs.Node, defs, "Node")).toContain("z.lazy(Node)");
    expect(emitZod(defs.Node, defs, "Node")).toContain("Tag()");
    expect(emitZod({ $ref: "#/defs/Node" }, defs)).toBe("Node()");
    const tree = { children: [{ children: [], tag: "x" }, { children: [{ children: [] }] }] };
    expect(ok({ $ref: "#/defs/Node" }, tree, "strict", defs)).toBe(true);
    expect(ok({ $ref: "#/defs/Node" }, { children: [{ children: [1] }] }, "strict", defs)).toBe(false);
  });

  it("fails on an unresolved $ref", () => {
    expect(() => emitZod({ $ref: "#/defs/Nope" })).toThrow(/unresolved \$ref/);
  });
});

describe("allOf merging", () => {
  it("merges enums, items and bounds instead of intersecting", () => {
    const schema = {
      type: "object",
      properties: { state: { enum: ["open", "closed", "draft"] }, tags: { type: "array", items: { type: "object", properties: { a: { type: "string" } } } } },
      allOf: [
        {
          properties: {
            state: { enum: ["closed", "open"] },
            tags: { type: "array", items: { type: "object", properties: { b: { type: "string" } } } },
            n: { type: "integer", minimum: 1, maximum: 9 },
          },
        },
        { properties: { n: { minimum: 2, maximum: 5 } } },
      ],
    };
    const text = emitZod(schema);
    expect(text).not.toContain("intersection");
    expect(text).toContain('state: z.enum(["open", "closed"])');
    expect(text).toContain("z.int().gte(2).lte(5)");
    expect(ok(schema, { state: "open", tags: [{ a: "x", b: "y" }], n: 3 })).toBe(true);
    expect(ok(schema, { state: "draft" })).toBe(false);
    expect(ok(schema, { n: 1 })).toBe(false);
  });
});

describe("array bounds", () => {
  it("emits minItems / maxItems", () => {
    const list = { type: "array", items: { type: "string" }, minItems: 1, maxItems: 2 };
    expect(ok(list, ["a"])).toBe(true);
    expect(ok(list, [])).toBe(false);
    expect(ok(list, ["a", "b", "c"])).toBe(false);
  });
});
