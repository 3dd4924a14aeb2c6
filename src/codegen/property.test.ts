/**
 * Property test over random schemas of the subset (without $ref, which the unit tests cover):
 * the TS emitter's output parses, and the zod emitter's output accepts a value generated to
 * match the schema.
 */
import fc from "fast-check";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import type { JsonSchema } from "../manifest/types.js";
import { compileZod, emitTs } from "./__fixtures__/harness.js";

type Schema = JsonSchema;

const key = fc.string({ minLength: 1, maxLength: 6 }).filter((k) => k !== "__proto__");
const description = fc.option(fc.constantFrom("plain", "ends */ early", "two\nlines", "  "), { nil: undefined });
const withDescription = (schema: Schema, text: string | undefined): Schema => (text === undefined ? schema : { ...schema, description: text });

const leaf: fc.Arbitrary<Schema> = fc.oneof(
  fc.constant({ type: "string" }),
  fc.record({ type: fc.constant("string"), minLength: fc.integer({ min: 0, max: 3 }), maxLength: fc.integer({ min: 3, max: 8 }) }),
  fc.record({ type: fc.constant("integer"), minimum: fc.integer({ min: -5, max: 0 }), maximum: fc.integer({ min: 0, max: 5 }) }),
  fc.constant({ type: "number" }),
  fc.constant({ type: "boolean" }),
  fc.constant({ type: "null" }),
  fc.constant({ type: ["string", "null"] }),
  fc.constant({ type: ["integer", "boolean", "null"] }),
  fc.uniqueArray(fc.string({ maxLength: 4 }), { minLength: 1, maxLength: 4 }).map((values) => ({ enum: values })),
  fc.constant({ enum: [1, "one", true, null] }),
  fc.oneof(fc.string(), fc.integer(), fc.boolean()).map((value) => ({ const: value })),
  fc.constant({}),
);

const { schema } = fc.letrec<{ schema: Schema; object: Schema; array: Schema; union: Schema; allOf: Schema }>((tie) => ({
  schema: fc.oneof({ depthSize: "small", withCrossShrink: true }, leaf, tie("object"), tie("array"), tie("union"), tie("allOf")),
  object: fc
    .record({
      properties: fc.dictionary(key, fc.tuple(tie("schema"), description, fc.boolean()), { maxKeys: 4 }),
      additionalProperties: fc.constantFrom<unknown>(undefined, false, true, { type: "string" }),
    })
    .map(({ properties, additionalProperties }) => {
      const out: Record<string, unknown> = {
        type: "object",
        properties: Object.fromEntries(Object.entries(properties).map(([k, [s, d]]) => [k, withDescription(s, d)])),
        required: Object.entries(properties).filter(([, [, , r]]) => r).map(([k]) => k),
      };
      if (additionalProperties !== undefined) out["additionalProperties"] = additionalProperties;
      return out;
    }),
  array: tie("schema").map((items) => ({ type: "array", items })),
  union: fc
    .tuple(fc.constantFrom("oneOf", "anyOf"), fc.array(tie("schema"), { minLength: 1, maxLength: 3 }))
    .map(([keyword, branches]) => ({ [keyword]: branches })),
  // allOf of objects with disjoint keys, so that a value for all branches is their merge.
  allOf: fc.array(tie("object"), { minLength: 1, maxLength: 3 }).map((branches) => ({
    allOf: branches.map((b, i) => ({
      ...b,
      properties: Object.fromEntries(Object.entries(b["properties"] as object).map(([k, v]) => [`b${i}_${k}`, v])),
      required: (b["required"] as string[]).map((k) => `b${i}_${k}`),
    })),
  })),
}));

/** Values valid for `s` that declare no keys beyond the schema's (so strict mode accepts them too). */
function valueOf(s: Schema): fc.Arbitrary<unknown> {
  if (s["const"] !== undefined) return fc.constant(s["const"]);
  if (Array.isArray(s["enum"])) return fc.constantFrom(...(s["enum"] as unknown[]));
  for (const keyword of ["oneOf", "anyOf"]) {
    if (Array.isArray(s[keyword])) return fc.oneof(...(s[keyword] as Schema[]).map(valueOf));
  }
  if (Array.isArray(s["allOf"])) {
    return fc.tuple(...(s["allOf"] as Schema[]).map(valueOf)).map((parts) => Object.assign({}, ...(parts as object[])));
  }
  const types = s["type"] === undefined ? undefined : ([] as string[]).concat(s["type"] as string);
  if (types === undefined) return fc.jsonValue({ maxDepth: 2 });
  return fc.oneof(
    ...types.map((t): fc.Arbitrary<unknown> => {
      switch (t) {
        case "string":
          return fc.string({ minLength: (s["minLength"] as number) ?? 0, maxLength: (s["maxLength"] as number) ?? 8 });
        case "integer":
          return fc.integer({ min: (s["minimum"] as number) ?? -100, max: (s["maximum"] as number) ?? 100 });
        case "number":
          return fc.double({ noNaN: true, noDefaultInfinity: true });
        case "boolean":
          return fc.boolean();
        case "null":
          return fc.constant(null);
        case "array":
          return fc.array(valueOf(s["items"] as Schema), { maxLength: 3 });
        default: {
          const props = Object.entries((s["properties"] ?? {}) as Record<string, Schema>);
          const required = new Set(s["required"] as string[]);
          const model = Object.fromEntries(props.map(([k, v]) => [k, valueOf(v)]));
          const requiredKeys = props.map(([k]) => k).filter((k) => required.has(k));
          return fc.record(model, { requiredKeys });
        }
      }
    }),
  );
}

const containsAllOf = (s: unknown): boolean => JSON.stringify(s).includes('"allOf"');

describe("random schemas of the subset", () => {
  it("TS output parses without syntax errors", () => {
    fc.assert(
      fc.property(schema, (s) => {
        const source = `export type T = ${emitTs(s)};\n`;
        const result = ts.transpileModule(source, { reportDiagnostics: true, compilerOptions: { target: ts.ScriptTarget.ES2022 } });
        expect(result.diagnostics ?? []).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it("zod output accepts values generated to match the schema", () => {
    const pairs = schema.chain((s) => valueOf(s).map((value) => [s, value] as const));
    fc.assert(
      fc.property(pairs, ([s, value]) => {
        expect(compileZod(s, "lenient").safeParse(value).error).toBeUndefined();
        // allOf merging keeps the mode for objects whose branches disagree on additionalProperties.
        if (!containsAllOf(s)) expect(compileZod(s, "strict").safeParse(value).error).toBeUndefined();
      }),
      { numRuns: 300 },
    );
  });
});
