/**
 * A minimal value for a JSON Schema that the generated zod validators accept in lenient and
 * strict mode, so `test-webhook` can send an event without a fixture. Pure: no fs, clock or random.
 *
 * `allOf` and top-level `$ref`s are folded by the same merge as the zod emitter's (merge.ts),
 * so a sample has the shape the validator checks; annotations are kept there for `format`.
 */
import { SchemaError } from "./errors.js";
import { mergeAllOf, omit, type RefResolver } from "./merge.js";
import { appendPointer } from "./pointer.js";
import { isSchemaObject, typesOf } from "./read.js";
import { resolveDefRef } from "./ref.js";
import type { JsonSchema, SchemaLike as Schema } from "./types.js";

/** The schema admits no value this sampler can build; the message names where. */
export class SamplePayloadError extends Error {
  constructor(pointer: string, detail: string) {
    super(`cannot build a sample at ${pointer || "/"}: ${detail}`);
    this.name = "SamplePayloadError";
  }
}

/** A `$ref` that recurses into a def already being sampled: the caller picks another branch or omits the key. */
class Recursion extends Error {}

/** Strings tried in order for a `pattern`; the first that matches wins. */
const STRING_CANDIDATES = ["0", "1.0", "1700000000.000100", "a", "A1", "2026-01-01T00:00:00Z", "https://example.com"];

/** Realistic values for formats (validators ignore `format`, but handlers may parse dates and URLs). */
const FORMAT_SAMPLES: Readonly<Record<string, string>> = {
  "date-time": "2026-01-01T00:00:00Z",
  date: "2026-01-01",
  uri: "https://example.com",
  "uri-template": "https://example.com",
  email: "user@example.com",
  uuid: "00000000-0000-4000-8000-000000000000",
};

/** Walks schemas with the defs and the refs currently open (to stop on recursion). */
interface Walk {
  readonly defs: Readonly<Record<string, JsonSchema>>;
  readonly refs: readonly string[];
  readonly pointer: string;
}

const child = (w: Walk, segment: string | number): Walk => ({ ...w, pointer: appendPointer(w.pointer, segment) });

/** The defs of a walk, failing with the walk's location on a ref that names none. */
function resolverFor(w: Walk): RefResolver {
  return {
    resolve(ref) {
      const name = resolveDefRef(ref, w.defs);
      if (name === undefined) throw new SamplePayloadError(w.pointer, `unresolved $ref ${JSON.stringify(ref)}`);
      return name;
    },
    schema: (name) => w.defs[name]!,
  };
}

/**
 * Folds top-level `$ref`s and `allOf` into one schema (nested properties stay as they are);
 * `refs` grows by the defs inlined, so a nested ref back into one of them is a {@link Recursion}.
 */
function flatten(schema: Schema, w: Walk): { schema: JsonSchema; refs: readonly string[] } {
  let result;
  try {
    result = mergeAllOf([schema], resolverFor(w), { open: w.refs, keepAnnotations: true });
  } catch (error) {
    if (error instanceof SchemaError) throw new SamplePayloadError(w.pointer + error.pointer, error.detail);
    throw error;
  }
  if (result.kind === "recursion") throw new Recursion(result.def);
  if (result.kind === "conflict") {
    throw new SamplePayloadError(w.pointer, `the allOf branches disagree on ${JSON.stringify(result.keyword)}; pass --payload <file.json>`);
  }
  if (result.schema === false) throw new SamplePayloadError(w.pointer, "the schema is `false` (admits nothing)");
  return { schema: result.schema, refs: [...w.refs, ...result.inlined] };
}

/** The `type` keyword's names, or undefined when absent. */
function typeList(schema: JsonSchema): string[] | undefined {
  return typesOf(schema)?.filter((x): x is string => typeof x === "string");
}

/** Whether a schema admits `null` at its top level (`type` or a branch of oneOf/anyOf). */
function allowsNull(schema: Schema): boolean {
  if (typeof schema === "boolean") return schema;
  if (typeList(schema)?.includes("null") || schema["const"] === null) return true;
  if (Array.isArray(schema["enum"]) && schema["enum"].includes(null)) return true;
  return ["oneOf", "anyOf"].some((k) => Array.isArray(schema[k]) && (schema[k] as Schema[]).some(allowsNull));
}

/** A branch that admits only `null`; sampled last so that nullable unions get a real value. */
function onlyNull(schema: Schema): boolean {
  if (typeof schema === "boolean") return false;
  const types = typeList(schema);
  return schema["const"] === null || (types !== undefined && types.length === 1 && types[0] === "null");
}

/**
 * A minimal value for `schema` that the generated validators accept in both object modes:
 * required properties only (every declared one when `additionalProperties` is false), the first
 * `const`/`enum` value, non-null for nullable types, the first non-null `oneOf`/`anyOf` branch
 * that admits a value together with the rest of the schema, `allOf` merged, `#/defs/Name` refs
 * resolved, strings matching `pattern`/`minLength`, numbers within `minimum`/`maximum`, arrays
 * empty unless `minItems`. Throws {@link SamplePayloadError}.
 */
export function samplePayload(schema: JsonSchema, defs: Readonly<Record<string, JsonSchema>>): unknown {
  try {
    return sample(schema, { defs, refs: [], pointer: "" });
  } catch (error) {
    if (error instanceof Recursion) throw new SamplePayloadError("", `$ref #/defs/${error.message} requires itself`);
    throw error;
  }
}

function sample(input: Schema, w: Walk): unknown {
  const flat = flatten(input, w);
  const schema = flat.schema;
  const walk = { ...w, refs: flat.refs };
  for (const keyword of ["oneOf", "anyOf"]) {
    const branches = schema[keyword];
    if (!Array.isArray(branches)) continue;
    const rest = omit(schema, [keyword]);
    // Non-null branches first. A branch that recurses into an open def, or that the rest of the
    // schema rules out (GitHub's `created_at: {type: string} ∧ oneOf [integer, date-time string]`),
    // falls through to the next. When none works, a recursion wins (an optional key is then
    // omitted by the caller), else the first branch's error names where it failed.
    const ordered = [...(branches as Schema[])].sort((x, y) => Number(onlyNull(x)) - Number(onlyNull(y)));
    let failure: SamplePayloadError | undefined;
    let recursion: Recursion | undefined;
    for (const branch of ordered) {
      try {
        return sample({ allOf: [rest, branch] }, walk);
      } catch (error) {
        if (error instanceof Recursion) recursion ??= error;
        else if (error instanceof SamplePayloadError) failure ??= error;
        else throw error;
      }
    }
    throw recursion ?? failure ?? new SamplePayloadError(walk.pointer, `${keyword} has no branches`);
  }
  return base(schema, walk);
}

function base(schema: JsonSchema, w: Walk): unknown {
  if (schema["const"] !== undefined) return schema["const"];
  if (Array.isArray(schema["enum"])) {
    const values = schema["enum"] as unknown[];
    if (values.length === 0) throw new SamplePayloadError(w.pointer, "enum is empty");
    return values.find((v) => v !== null) ?? null;
  }
  const types = typeList(schema);
  if (types !== undefined && types.length === 0) throw new SamplePayloadError(w.pointer, "no type satisfies every allOf branch");
  const type = types === undefined ? implicitType(schema) : (types.find((t) => t !== "null") ?? "null");
  switch (type) {
    case "string":
      return sampleString(schema, w);
    case "integer":
    case "number":
      return sampleNumber(schema, type === "integer");
    case "boolean":
      return false;
    case "array":
      return sampleArray(schema, w);
    case "object":
      return sampleObject(schema, w);
    default:
      // `null`, or a schema without type/keywords (any value: null is the smallest JSON value).
      return null;
  }
}

function implicitType(schema: JsonSchema): string | undefined {
  if (schema["properties"] !== undefined || schema["additionalProperties"] !== undefined) return "object";
  if (schema["items"] !== undefined) return "array";
  return undefined;
}

/** Compiles `pattern` as the generated validators do: Unicode-aware when the pattern allows it. */
function compilePattern(pattern: unknown, w: Walk): RegExp | undefined {
  if (pattern === undefined) return undefined;
  if (typeof pattern !== "string") throw new SamplePayloadError(w.pointer, "pattern must be a string");
  for (const flags of ["u", ""]) {
    try {
      return new RegExp(pattern, flags);
    } catch {
      // try the next, more permissive flag set
    }
  }
  throw new SamplePayloadError(w.pointer, `invalid pattern ${JSON.stringify(pattern)}`);
}

/** The literal start of an anchored pattern (`^evt_` → `evt_`), if it has one. */
export function patternPrefix(schema: JsonSchema): string | undefined {
  const pattern = schema["pattern"];
  return typeof pattern === "string" ? /^\^([A-Za-z0-9_-]+)/.exec(pattern)?.[1] : undefined;
}

/** The strings `sampleString` tries, in order. */
function stringCandidates(schema: JsonSchema): string[] {
  const out: string[] = [];
  const format = typeof schema["format"] === "string" ? FORMAT_SAMPLES[schema["format"]] : undefined;
  if (format !== undefined) out.push(format);
  if (schema["pattern"] === undefined) out.push("test");
  else {
    // `^evt_` → "evt_test": a readable value for the common "fixed prefix" pattern.
    const prefix = patternPrefix(schema);
    if (prefix !== undefined) out.push(`${prefix}test`);
  }
  out.push(...STRING_CANDIDATES);
  return out;
}

/** Whether `value` satisfies the string keywords the generated validators check. */
export function stringMatches(schema: JsonSchema, value: string): boolean {
  const min = typeof schema["minLength"] === "number" ? schema["minLength"] : 0;
  const max = typeof schema["maxLength"] === "number" ? schema["maxLength"] : Infinity;
  const length = [...value].length; // zod counts code units; samples are ASCII so both agree
  if (length < min || length > max) return false;
  const re = compilePattern(schema["pattern"], { defs: {}, refs: [], pointer: "" });
  return re === undefined || re.test(value);
}

function sampleString(schema: JsonSchema, w: Walk): string {
  compilePattern(schema["pattern"], w); // an invalid pattern is reported with its location
  const min = typeof schema["minLength"] === "number" ? schema["minLength"] : 0;
  for (const candidate of stringCandidates(schema)) {
    const padded = candidate.length >= min ? candidate : candidate + "0".repeat(min - candidate.length);
    if (stringMatches(schema, padded)) return padded;
  }
  const constraints = ["pattern", "minLength", "maxLength"].filter((k) => schema[k] !== undefined).map((k) => `${k} ${JSON.stringify(schema[k])}`);
  throw new SamplePayloadError(w.pointer, `no sample string satisfies ${constraints.join(", ")}; pass --payload <file.json>`);
}

function sampleNumber(schema: JsonSchema, integer: boolean): number {
  const num = (k: string): number | undefined => (typeof schema[k] === "number" && Number.isFinite(schema[k]) ? (schema[k] as number) : undefined);
  let value = 0;
  const min = num("minimum") ?? (num("exclusiveMinimum") === undefined ? undefined : num("exclusiveMinimum")! + (integer ? 1 : 0.5));
  const max = num("maximum") ?? (num("exclusiveMaximum") === undefined ? undefined : num("exclusiveMaximum")! - (integer ? 1 : 0.5));
  if (min !== undefined && value < min) value = integer ? Math.ceil(min) : min;
  if (max !== undefined && value > max) value = integer ? Math.floor(max) : max;
  return value;
}

function sampleArray(schema: JsonSchema, w: Walk): unknown[] {
  const count = typeof schema["minItems"] === "number" ? schema["minItems"] : 0;
  const items = (schema["items"] ?? true) as Schema;
  return Array.from({ length: count }, (_, i) => sample(items, child(w, i)));
}

function sampleObject(schema: JsonSchema, w: Walk): Record<string, unknown> {
  const properties = isSchemaObject(schema["properties"]) ? (schema["properties"] as Record<string, Schema>) : {};
  const required = new Set(Array.isArray(schema["required"]) ? schema["required"].filter((k): k is string => typeof k === "string") : []);
  const closed = schema["additionalProperties"] === false;
  const out: Record<string, unknown> = {};
  const keys = [...Object.keys(properties), ...[...required].filter((k) => !(k in properties))];
  for (const key of keys) {
    const isRequired = required.has(key);
    if (!isRequired && !closed) continue;
    const sub = properties[key] ?? (isSchemaObject(schema["additionalProperties"]) ? (schema["additionalProperties"] as Schema) : true);
    try {
      // defineProperty: a schema may declare `__proto__`, which plain assignment would not create.
      Object.defineProperty(out, key, { value: sample(sub, child(w, key)), enumerable: true, writable: true, configurable: true });
    } catch (error) {
      if (!(error instanceof Recursion)) throw error;
      // A self-reference: omit it when optional, `null` when the schema allows that, else give up.
      if (!isRequired) continue;
      if (allowsNull(sub)) out[key] = null;
      else throw error;
    }
  }
  return out;
}

/**
 * The sub-schema at a dotted body path (refs, allOf and the first non-null oneOf/anyOf branch
 * followed), or `undefined` when the path leaves the declared properties.
 */
export function schemaAtPath(schema: JsonSchema, defs: Readonly<Record<string, JsonSchema>>, path: string): JsonSchema | undefined {
  let current: Schema = schema;
  let w: Walk = { defs, refs: [], pointer: "" };
  for (const key of path.split(".")) {
    const node = resolveForPath(current, w);
    if (node === undefined) return undefined;
    const props = node.schema["properties"];
    const next = isSchemaObject(props) && Object.hasOwn(props, key) ? (props[key] as Schema) : undefined;
    if (next === undefined) return undefined;
    current = next;
    w = child({ ...w, refs: node.refs }, key);
  }
  return resolveForPath(current, w)?.schema;
}

function resolveForPath(schema: Schema, w: Walk): { schema: JsonSchema; refs: readonly string[] } | undefined {
  try {
    const flat = flatten(schema, w);
    for (const keyword of ["oneOf", "anyOf"]) {
      const branches = flat.schema[keyword];
      if (!Array.isArray(branches)) continue;
      const branch = (branches as Schema[]).find((b) => !onlyNull(b)) ?? branches[0];
      return flatten({ allOf: [omit(flat.schema, [keyword]), branch] }, { ...w, refs: flat.refs });
    }
    return flat;
  } catch {
    return undefined;
  }
}
