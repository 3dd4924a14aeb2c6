import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { canonical } from "./canonical.js";
import { SchemaError } from "./errors.js";
import { ANNOTATIONS } from "./keywords.js";
import { hasConstraints, mergeAllOf, omit, type MergeResult, type RefResolver } from "./merge.js";
import { resolveDefRef } from "./ref.js";
import type { JsonSchema, SchemaLike } from "./types.js";

function resolver(defs: Record<string, SchemaLike>): RefResolver {
  return {
    resolve(ref) {
      const name = resolveDefRef(ref, defs);
      if (name === undefined) throw new Error(`unresolved ${String(ref)}`);
      return name;
    },
    schema: (name) => defs[name]!,
  };
}

const merge = (schemas: SchemaLike[], defs: Record<string, SchemaLike> = {}, keepAnnotations = false): MergeResult =>
  mergeAllOf(schemas, resolver(defs), { keepAnnotations });
const merged = (schemas: SchemaLike[], defs: Record<string, SchemaLike> = {}): unknown => {
  const r = merge(schemas, defs);
  return r.kind === "merged" ? r.schema : r;
};

describe("mergeAllOf", () => {
  it("unites properties and required (a shared key must satisfy both) and drops annotations", () => {
    expect(
      merged([
        { type: "object", description: "A", properties: { a: { type: "string" }, s: { type: "string" } }, required: ["a"] },
        { properties: { b: { type: "integer" }, s: { minLength: 2 } }, required: ["b", "a"], title: "B" },
      ]),
    ).toEqual({
      type: "object",
      properties: { a: { type: "string" }, s: { allOf: [{ type: "string" }, { minLength: 2 }] }, b: { type: "integer" } },
      required: ["a", "b"],
    });
  });

  it("intersects types and enums, keeps the tighter bound", () => {
    expect(merged([{ type: ["number", "null"] }, { type: "integer" }])).toEqual({ type: ["integer"] });
    expect(merged([{ type: "integer" }, { type: ["number", "string"] }])).toEqual({ type: ["integer"] });
    expect(merged([{ enum: ["a", "b", "c"] }, { enum: ["c", "a"] }])).toEqual({ enum: ["a", "c"] });
    expect(merged([{ minimum: 1, maximum: 9, minLength: 0, maxLength: 5 }, { minimum: 3, maximum: 20, minLength: 2, maxLength: 4 }])).toEqual({
      minimum: 3,
      maximum: 9,
      minLength: 2,
      maxLength: 4,
    });
    expect(merged([{ items: { type: "string" } }, { items: { type: "string" } }])).toEqual({ items: { type: "string" } });
    expect(merged([{ items: { type: "string" } }, { items: { minLength: 1 } }])).toEqual({ items: { allOf: [{ type: "string" }, { minLength: 1 }] } });
  });

  it("reports the keyword two schemas conflict on", () => {
    expect(merge([{ type: "string" }, { type: "object" }])).toEqual({ kind: "conflict", keyword: "type" });
    expect(merge([{ const: 1 }, { const: 2 }])).toEqual({ kind: "conflict", keyword: "const" });
    expect(merge([{ pattern: "^a" }, { pattern: "^a" }])).toMatchObject({ kind: "merged", schema: { pattern: "^a" } });
  });

  it("inlines top-level refs (target first, then siblings) and nested allOf, not refs under properties", () => {
    const defs = { Base: { type: "object", properties: { id: { type: "string" } }, required: ["id"] }, Id: { type: "string" } };
    const r = merge([{ $ref: "#/defs/Base", allOf: [{ properties: { n: { $ref: "#/defs/Id" } } }] }], defs);
    expect(r).toEqual({
      kind: "merged",
      schema: { type: "object", properties: { id: { type: "string" }, n: { $ref: "#/defs/Id" } }, required: ["id"] },
      inlined: new Set(["Base"]),
    });
  });

  it("stops at a ref back into a def being inlined, and at caller-open defs", () => {
    const defs = { Loop: { allOf: [{ $ref: "#/defs/Loop" }] }, Node: { properties: { child: { $ref: "#/defs/Node" } } } };
    expect(merge([{ $ref: "#/defs/Loop" }], defs)).toEqual({ kind: "recursion", def: "Loop" });
    expect(merge([{ $ref: "#/defs/Node" }], defs)).toMatchObject({ kind: "merged" }); // nested refs are not inlined
    expect(mergeAllOf([{ $ref: "#/defs/Node" }], resolver(defs), { open: ["Node"] })).toEqual({ kind: "recursion", def: "Node" });
    // The same def twice side by side is not a recursion.
    expect(merge([{ $ref: "#/defs/Node" }, { $ref: "#/defs/Node" }], defs)).toMatchObject({ kind: "merged" });
  });

  it("keeps additionalProperties only when every schema shaping the object agrees", () => {
    const closed = { properties: { a: {} }, additionalProperties: false };
    expect(merged([closed, { properties: { b: {} }, additionalProperties: false }])).toMatchObject({ additionalProperties: false });
    expect(merged([closed, { properties: { b: {} } }])).not.toHaveProperty("additionalProperties");
    expect(merged([closed, { required: ["a"] }])).toMatchObject({ additionalProperties: false }); // `required` shapes nothing
  });

  it("true is the identity, false absorbs", () => {
    expect(merged([true, { type: "string" }, true])).toEqual({ type: "string" });
    expect(merged([true])).toEqual({});
    expect(merged([{ type: "string" }, false])).toBe(false);
    expect(merged([{ allOf: [false] }])).toBe(false);
  });

  it("keeps annotations on request, later schemas winning", () => {
    expect(merged([{ format: "date", description: "x", type: "string" }])).toEqual({ type: "string" });
    expect(merge([{ $ref: "#/defs/D", format: "date" }], { D: { type: "string", format: "date-time", title: "D" } }, true)).toMatchObject({
      schema: { type: "string", format: "date", title: "D" },
    });
  });

  it("keeps a property named __proto__ that only a later schema declares", () => {
    const later = JSON.parse('{"properties":{"__proto__":{"type":"string"}}}') as JsonSchema;
    const out = merged([{ properties: { a: {} } }, later]) as { properties: Record<string, unknown> };
    expect(Object.hasOwn(out.properties, "__proto__")).toBe(true);
    expect(Object.keys(out.properties)).toEqual(["a", "__proto__"]);
  });

  it("throws SchemaError for a malformed allOf, and whatever the resolver throws", () => {
    expect(() => merge([{ allOf: {} }])).toThrow(new SchemaError("/allOf", "expected an array"));
    expect(() => merge([{ allOf: [1] }])).toThrow(new SchemaError("/allOf/0", "expected a schema, got 1"));
    expect(() => merge([{ $ref: "#/defs/Nope" }])).toThrow("unresolved #/defs/Nope");
  });

  it("omit and hasConstraints look past annotations", () => {
    expect(omit({ a: 1, b: 2, c: 3 }, ["b"])).toEqual({ a: 1, c: 3 });
    expect(hasConstraints({ description: "d", format: "uri" })).toBe(false);
    expect(hasConstraints({ description: "d", $ref: "#/defs/A" }, ["$ref"])).toBe(false);
    expect(hasConstraints({ minLength: 1 })).toBe(true);
  });
});

// Random schemas of the subset, without refs (the properties below are about folding, not resolution).
const leaf: fc.Arbitrary<JsonSchema> = fc.oneof(
  fc.constantFrom<JsonSchema>(
    { type: "string" },
    { type: "integer" },
    { type: "number" },
    { type: ["string", "null"] },
    { type: ["integer", "number", "null"] },
    { type: "object" },
    {},
    { pattern: "^a" },
    { format: "date", description: "when" },
  ),
  fc.record({ minimum: fc.integer({ min: -3, max: 3 }), maximum: fc.integer({ min: 3, max: 9 }) }),
  fc.record({ minLength: fc.nat(3) }, { requiredKeys: [] }),
  fc.subarray(["a", "b", "c", null]).map((values) => ({ enum: values })),
  fc.subarray(["a", "b", "c"]).map((required) => ({ required })),
);
const { schema } = fc.letrec<{ schema: SchemaLike; object: JsonSchema }>((tie) => ({
  schema: fc.oneof({ depthSize: "small" }, leaf, fc.boolean(), tie("object"), fc.array(tie("schema"), { maxLength: 3 }).map((allOf) => ({ allOf }))),
  object: fc
    .record(
      {
        properties: fc.dictionary(fc.constantFrom("a", "b", "c"), tie("schema"), { maxKeys: 3 }),
        additionalProperties: fc.constantFrom<unknown>(false, true, { type: "string" }),
        title: fc.constant("t"),
      },
      { requiredKeys: ["properties"] },
    )
    .map((o) => o as JsonSchema),
}));
const schemas = fc.array(schema, { maxLength: 4 });

/**
 * What a merge means regardless of branch order: property names, required names, types and enum
 * values as sets; a shared property's allOf as a flat multiset. Codegen relies on exactly this:
 * the order of allOf branches may change the order of keys, never what is validated.
 */
function meaning(value: unknown): unknown {
  if (typeof value !== "object" || value === null) return value;
  if (Array.isArray(value)) return value.map(meaning);
  const s = value as Record<string, unknown>;
  const keys = Object.keys(s);
  if (keys.length === 1 && Array.isArray(s["allOf"])) {
    const flat: unknown[] = [];
    const collect = (v: unknown): void => {
      const o = v as Record<string, unknown>;
      if (typeof v === "object" && v !== null && Object.keys(o).length === 1 && Array.isArray(o["allOf"])) (o["allOf"] as unknown[]).forEach(collect);
      else flat.push(meaning(v));
    };
    collect(s);
    return { allOf: flat.map(canonical).sort() };
  }
  const out: Record<string, unknown> = {};
  for (const k of keys.sort()) {
    const v = s[k];
    if (k === "required" || k === "enum") out[k] = (v as unknown[]).map(canonical).sort();
    else if (k === "type") out[k] = (Array.isArray(v) ? [...v] : [v]).sort();
    else if (k === "properties") out[k] = Object.fromEntries(Object.entries(v as object).sort(([a], [b]) => (a < b ? -1 : 1)).map(([n, p]) => [n, meaning(p)]));
    else out[k] = meaning(v);
  }
  return out;
}

const none = resolver({});

describe("mergeAllOf properties", () => {
  it("is idempotent: a merged schema merges to itself", () => {
    fc.assert(
      fc.property(schemas, (list) => {
        const once = mergeAllOf(list, none);
        if (once.kind !== "merged") return;
        const twice = mergeAllOf([once.schema], none);
        expect(twice.kind === "merged" && twice.schema).toEqual(once.schema);
      }),
    );
  });

  it("is order-insensitive in what it means: same outcome, same constraints, for reversed branches", () => {
    fc.assert(
      fc.property(schemas, (list) => {
        const forward = mergeAllOf(list, none);
        const backward = mergeAllOf([...list].reverse(), none);
        // `false` short-circuits, so an order may meet it before or after a conflict: either
        // way the emitter's output admits nothing (z.never, or an intersection holding it).
        const isFalse = (r: MergeResult): boolean => r.kind === "merged" && r.schema === false;
        if (isFalse(forward) || isFalse(backward)) {
          for (const r of [forward, backward]) expect(isFalse(r) || r.kind === "conflict").toBe(true);
          return;
        }
        expect(backward.kind).toBe(forward.kind);
        if (forward.kind === "merged" && backward.kind === "merged") expect(meaning(backward.schema)).toEqual(meaning(forward.schema));
      }),
    );
  });

  it("keeping annotations changes nothing else", () => {
    fc.assert(
      fc.property(schemas, (list) => {
        const dropped = mergeAllOf(list, none);
        const kept = mergeAllOf(list, none, { keepAnnotations: true });
        expect(kept.kind).toBe(dropped.kind);
        if (dropped.kind === "merged" && kept.kind === "merged") {
          const stripped = kept.schema === false ? false : omit(kept.schema, [...ANNOTATIONS]);
          expect(canonical(stripped)).toBe(canonical(dropped.schema));
        }
      }),
    );
  });

  it("merging with true changes nothing; with false, whatever merges gives false", () => {
    fc.assert(
      fc.property(schemas, (list) => {
        const plain = mergeAllOf(list, none);
        expect(mergeAllOf([true, ...list, true], none)).toEqual(plain);
        if (plain.kind === "merged") expect(mergeAllOf([...list, false], none)).toMatchObject({ kind: "merged", schema: false });
      }),
    );
  });
});
