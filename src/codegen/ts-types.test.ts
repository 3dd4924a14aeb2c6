import { describe, expect, it } from "vitest";
import { emitTs } from "./__fixtures__/harness.js";

describe("tsType", () => {
  it("maps {} and true to unknown, false to never", () => {
    expect(emitTs({})).toBe("unknown");
    expect(emitTs(true)).toBe("unknown");
    expect(emitTs(false)).toBe("never");
  });

  it("maps primitive types, integer and nullable type lists", () => {
    expect(emitTs({ type: "integer" })).toBe("number");
    expect(emitTs({ type: ["string", "null"] })).toBe("string | null");
    expect(emitTs({ type: ["integer", "number"] })).toBe("number");
  });

  it("maps enum and const to literal unions, adding null when the type allows it", () => {
    expect(emitTs({ enum: ["a", "b", 1, true] })).toBe('"a" | "b" | 1 | true');
    expect(emitTs({ const: "x" })).toBe('"x"');
    expect(emitTs({ type: ["string", "null"], enum: ["a"] })).toBe('"a" | null');
  });

  it("respects required with ?: (never | undefined) and quotes non-identifier keys", () => {
    const text = emitTs({
      type: "object",
      properties: { a: { type: "string" }, "b-c": { type: "number" }, __proto__x: { type: "boolean" } },
      required: ["a"],
    });
    expect(text).toBe('{\n  a: string;\n  "b-c"?: number;\n  __proto__x?: boolean;\n}');
  });

  it("writes descriptions as JSDoc and escapes */", () => {
    const text = emitTs({ type: "object", properties: { a: { type: "string", description: "ends */ here" } } });
    expect(text).toContain("/** ends *\\/ here */");
  });

  it("emits index signatures for maps only", () => {
    expect(emitTs({ type: "object" })).toBe("{\n  [key: string]: unknown;\n}");
    expect(emitTs({ type: "object", additionalProperties: { type: "integer" } })).toBe("{\n  [key: string]: number;\n}");
    expect(emitTs({ type: "object", properties: { a: { type: "string" } }, additionalProperties: { type: "number" } })).toBe(
      "{\n  a?: string;\n}",
    );
  });

  it("maps oneOf/anyOf to unions and allOf/$ref siblings to intersections", () => {
    const defs = { A: { type: "string" }, B: { type: "number" } };
    expect(emitTs({ oneOf: [{ $ref: "#/defs/A" }, { $ref: "#/defs/B" }] }, defs)).toBe("A | B");
    expect(emitTs({ anyOf: [{ $ref: "#/defs/A" }, { type: "null" }] }, defs)).toBe("A | null");
    expect(emitTs({ allOf: [{ $ref: "#/defs/A" }, { oneOf: [{ $ref: "#/defs/A" }, { $ref: "#/defs/B" }] }] }, defs)).toBe(
      "A & (A | B)",
    );
    expect(emitTs({ type: "array", items: { anyOf: [{ type: "string" }, { type: "null" }] } })).toBe("(string | null)[]");
  });

  it("treats a union with an unconstrained branch as unknown", () => {
    expect(emitTs({ oneOf: [{ type: "string" }, {}] })).toBe("unknown");
  });

  it("fails on a $ref outside defs, naming where it is", () => {
    expect(() => emitTs({ type: "object", properties: { a: { $ref: "#/defs/Missing" } } })).toThrow(
      /test\.json#\/properties\/a\/\$ref: unresolved \$ref "#\/defs\/Missing"/,
    );
  });
});
