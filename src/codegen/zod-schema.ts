/**
 * JSON Schema → zod 4 expression text, for the request hot path.
 *
 * The emitted expression uses only these free names, bound by the generated validators file:
 * `z` (zod), `obj` (`z.strictObject` or `z.looseObject`, per validation mode), `du`
 * (`z.discriminatedUnion`, typed loosely so tsc infers nothing big) and one memoised getter per
 * def, named by the def's identifier.
 *
 * - `oneOf`/`anyOf` → `z.union` (first match wins; oneOf's "exactly one" is not counted — that
 *   refinement costs 30–87× on real payloads), or `du(key, …)` when every branch is an object
 *   with a required const/single-enum property whose values differ.
 * - `allOf`, and keywords beside `$ref`/`oneOf`, are merged statically (see merge.ts).
 * - `format` is ignored (providers' date formats vary); minLength/maxLength/pattern and
 *   minimum/maximum become checks.
 * - A ref to a def in the same recursive cycle is `z.lazy(Def)`; every other ref is `Def()`.
 */
import { hasConstraints, omit } from "../json-schema/index.js";
import { CodegenError } from "./errors.js";
import type { Recursion } from "./cycles.js";
import { mergeSchemas } from "./merge.js";
import type { DefResolver, Primitive, SchemaLike, Where } from "./schema.js";
import {
  asSchema,
  at,
  describeWhere,
  isObjectLike,
  literalValues,
  primitiveLiteral,
  propertiesOf,
  requiredOf,
  schemaList,
  typeList,
} from "./schema.js";
import { stringLiteral, valueKey } from "./text.js";

/** What the emitter needs besides the schema. */
export interface ZodContext {
  readonly resolver: DefResolver;
  /** The getter name of a def (its collision-checked identifier). */
  readonly defIdentifier: (def: string) => string;
  readonly recursion: Recursion;
  /** The def whose builder this expression is part of; undefined inside an event's builder. */
  readonly currentDef: string | undefined;
  /** Told whenever the expression uses the `obj` or `du` helper (so unused ones are not emitted). */
  readonly useHelper?: (helper: "obj" | "du") => void;
}

const UNKNOWN = "z.unknown()";

/** The zod expression validating `schema`, formatted for a position indented by `indent`. */
export function zodSchema(schema: SchemaLike, ctx: ZodContext, where: Where, indent = ""): string {
  if (schema === true) return UNKNOWN;
  if (schema === false) return "z.never()";

  if (schema["allOf"] !== undefined) {
    const branches = schemaList(schema, "allOf", where) ?? [];
    const rest = omit(schema, ["allOf"]);
    const merged = mergeSchemas([rest, ...branches], ctx.resolver, where);
    if (merged !== undefined) return zodSchema(merged, ctx, where, indent);
    const parts = [...(hasConstraints(rest) ? [rest] : []), ...branches];
    return intersect(parts.map((s) => zodSchema(s, ctx, where, indent)));
  }

  if (schema["$ref"] !== undefined) {
    const name = ctx.resolver.resolve(schema["$ref"], where);
    const rest = omit(schema, ["$ref"]);
    if (!hasConstraints(rest)) return refExpression(name, ctx);
    const merged = mergeSchemas([schema], ctx.resolver, where);
    if (merged !== undefined) return zodSchema(merged, ctx, where, indent);
    return intersect([refExpression(name, ctx), zodSchema(rest, ctx, where, indent)]);
  }

  for (const keyword of ["oneOf", "anyOf"]) {
    const branches = schemaList(schema, keyword, where);
    if (branches === undefined) continue;
    const rest = omit(schema, [keyword]);
    // Keywords beside oneOf apply to every branch: distribute them, A ∧ (B ∨ C) = (A∧B) ∨ (A∧C).
    const distributed = hasConstraints(rest)
      ? branches.map((b) => mergeSchemas([rest, b], ctx.resolver, where) ?? { allOf: [rest, b] })
      : branches;
    return union(distributed, ctx, at(where, keyword), indent);
  }

  return base(schema, ctx, where, indent);
}

function refExpression(name: string, ctx: ZodContext): string {
  const id = ctx.defIdentifier(name);
  const cyclic = ctx.currentDef !== undefined && ctx.recursion.isCyclic(ctx.currentDef, name);
  return cyclic ? `z.lazy(${id})` : `${id}()`;
}

function intersect(parts: readonly string[]): string {
  const kept = parts.filter((p) => p !== UNKNOWN);
  if (kept.length === 0) return UNKNOWN;
  return kept.reduce((left, right) => `z.intersection(${left}, ${right})`);
}

function union(branches: readonly SchemaLike[], ctx: ZodContext, where: Where, indent: string): string {
  const inner = `${indent}  `;
  const exprs = [...new Set(branches.map((b, i) => zodSchema(b, ctx, at(where, i), inner)))];
  if (exprs.length === 0) return "z.never()";
  if (exprs.includes(UNKNOWN)) return UNKNOWN;
  if (exprs.length === 1) return exprs[0]!;
  const list = `[\n${exprs.map((e) => `${inner}${e},`).join("\n")}\n${indent}]`;
  const key = discriminator(branches, ctx, where);
  if (key === undefined) return `z.union(${list})`;
  ctx.useHelper?.("du");
  return `du(${stringLiteral(key)}, ${list})`;
}

/**
 * The property every branch requires with a distinct single literal value, if any — then zod
 * can pick the branch by a map lookup. Branches must be plain objects (a lazy, nullable or
 * intersected branch has no literal map zod can read at construction).
 */
function discriminator(branches: readonly SchemaLike[], ctx: ZodContext, where: Where): string | undefined {
  if (branches.length < 2) return undefined;
  const shapes: Map<string, Primitive>[] = [];
  for (const branch of branches) {
    if (typeof branch === "boolean") return undefined;
    if (branch["$ref"] !== undefined) {
      const name = ctx.resolver.resolve(branch["$ref"], where);
      if (ctx.currentDef !== undefined && ctx.recursion.isCyclic(ctx.currentDef, name)) return undefined;
    }
    const flat = mergeSchemas([branch], ctx.resolver, where);
    if (flat === undefined || typeof flat === "boolean") return undefined;
    if (["oneOf", "anyOf", "allOf", "$ref", "enum", "const"].some((k) => flat[k] !== undefined)) return undefined;
    const types = typeList(flat, where);
    if (!isObjectLike(flat, types) || (types !== undefined && (types.length !== 1 || types[0] !== "object"))) {
      return undefined;
    }
    if (propertiesOf(flat, where).length === 0) return undefined;
    const required = requiredOf(flat);
    const literals = new Map<string, Primitive>();
    for (const [name, sub] of propertiesOf(flat, where)) {
      if (!required.has(name) || typeof sub === "boolean" || sub["$ref"] !== undefined) continue;
      const values = literalValues(sub, where);
      if (values?.length === 1 && values[0] !== null) literals.set(name, values[0]!);
    }
    shapes.push(literals);
  }
  const [first, ...others] = shapes;
  for (const key of first?.keys() ?? []) {
    if (!others.every((s) => s.has(key))) continue;
    const values = shapes.map((s) => s.get(key));
    if (new Set(values).size === values.length) return key;
  }
  return undefined;
}

function base(schema: Record<string, unknown>, ctx: ZodContext, where: Where, indent: string): string {
  const literals = literalValues(schema, where);
  if (literals !== undefined) return literalExpression(literals);
  const types = typeList(schema, where);
  if (types === undefined) {
    if (isObjectLike(schema, types)) return objectExpression(schema, ctx, where, indent);
    if (schema["items"] !== undefined) return arrayExpression(schema, ctx, where, indent);
    return UNKNOWN;
  }
  const unique = types.includes("integer") && types.includes("number") ? types.filter((t) => t !== "integer") : types;
  const nonNull = unique.filter((t) => t !== "null");
  const exprs = [...new Set(nonNull)].map((t) => {
    switch (t) {
      case "string":
        return stringExpression(schema, where);
      case "number":
        return numberExpression(schema, "z.number()");
      case "integer":
        return numberExpression(schema, "z.int()");
      case "boolean":
        return "z.boolean()";
      case "array":
        return arrayExpression(schema, ctx, where, indent);
      case "object":
        return objectExpression(schema, ctx, where, indent);
      default:
        throw new CodegenError(`${describeWhere(where)}: unsupported type ${t}`);
    }
  });
  const nullable = nonNull.length !== unique.length;
  if (exprs.length === 0) return nullable ? "z.null()" : "z.never()";
  const joined = exprs.length === 1 ? exprs[0]! : `z.union([${exprs.join(", ")}])`;
  return nullable ? `${joined}.nullable()` : joined;
}

function literalExpression(values: readonly Primitive[]): string {
  const nonNull = values.filter((v) => v !== null);
  const nullable = nonNull.length !== values.length;
  let expr: string;
  if (nonNull.length === 0) return nullable ? "z.null()" : "z.never()";
  if (nonNull.length === 1) expr = `z.literal(${primitiveLiteral(nonNull[0]!)})`;
  else if (nonNull.every((v) => typeof v === "string")) expr = `z.enum([${nonNull.map(primitiveLiteral).join(", ")}])`;
  else expr = `z.literal([${nonNull.map(primitiveLiteral).join(", ")}])`;
  return nullable ? `${expr}.nullable()` : expr;
}

function nonNegativeInteger(schema: Record<string, unknown>, keyword: string, where: Where): number | undefined {
  const value = schema[keyword];
  if (value === undefined) return undefined;
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0) {
    throw new CodegenError(`${describeWhere(at(where, keyword))}: expected a non-negative integer`);
  }
  return value;
}

function stringExpression(schema: Record<string, unknown>, where: Where): string {
  let expr = "z.string()";
  const min = nonNegativeInteger(schema, "minLength", where);
  const max = nonNegativeInteger(schema, "maxLength", where);
  if (min !== undefined) expr += `.min(${min})`;
  if (max !== undefined) expr += `.max(${max})`;
  const pattern = schema["pattern"];
  if (pattern !== undefined) expr += `.regex(${regexExpression(pattern, at(where, "pattern"))})`;
  return expr;
}

/**
 * A `new RegExp(…)` for an ECMA-262 `pattern` (unanchored, as JSON Schema means it), checked
 * here so that a bad pattern fails generation instead of the user's server at first request.
 * The `u` flag is used when the pattern allows it (JSON Schema patterns are Unicode-aware).
 */
function regexExpression(pattern: unknown, where: Where): string {
  if (typeof pattern !== "string") throw new CodegenError(`${describeWhere(where)}: pattern must be a string`);
  for (const flags of ["u", ""]) {
    try {
      new RegExp(pattern, flags);
      return flags === "" ? `new RegExp(${stringLiteral(pattern)})` : `new RegExp(${stringLiteral(pattern)}, "u")`;
    } catch {
      // try the next, more permissive flag set
    }
  }
  throw new CodegenError(`${describeWhere(where)}: invalid regular expression ${stringLiteral(pattern)}`);
}

function numberExpression(schema: Record<string, unknown>, start: string): string {
  let expr = start;
  for (const [keyword, method] of [
    ["minimum", "gte"],
    ["maximum", "lte"],
  ] as const) {
    const value = schema[keyword];
    if (typeof value === "number" && Number.isFinite(value)) expr += `.${method}(${primitiveLiteral(value)})`;
  }
  return expr;
}

function arrayExpression(schema: Record<string, unknown>, ctx: ZodContext, where: Where, indent: string): string {
  const items = schema["items"];
  const element = items === undefined ? "z.unknown()" : zodSchema(asSchema(items, at(where, "items")), ctx, at(where, "items"), indent);
  const min = nonNegativeInteger(schema, "minItems", where);
  const max = nonNegativeInteger(schema, "maxItems", where);
  return `z.array(${element})${min === undefined ? "" : `.min(${min})`}${max === undefined ? "" : `.max(${max})`}`;
}

function objectExpression(schema: Record<string, unknown>, ctx: ZodContext, where: Where, indent: string): string {
  const properties = propertiesOf(schema, where);
  const extra = schema["additionalProperties"];
  const extraWhere = at(where, "additionalProperties");
  // No declared keys: an open map (matching the `{ [key: string]: T }` type), not an object that
  // strict mode would turn into "no keys allowed".
  if (properties.length === 0 && extra !== false) {
    const value = extra === undefined || extra === true ? UNKNOWN : zodSchema(asSchema(extra, extraWhere), ctx, extraWhere, indent);
    return `z.record(z.string(), ${value})`;
  }
  const required = requiredOf(schema);
  const inner = `${indent}  `;
  const entries = properties.map(([name, sub]) => {
    const expr = zodSchema(sub, ctx, at(where, "properties", name), inner);
    return `${inner}${valueKey(name)}: ${expr}${required.has(name) ? "" : ".optional()"},`;
  });
  const shape = entries.length === 0 ? "{}" : `{\n${entries.join("\n")}\n${indent}}`;
  if (extra === false) return `z.strictObject(${shape})`;
  if (extra === true) return `z.looseObject(${shape})`;
  if (extra !== undefined) {
    return `z.object(${shape}).catchall(${zodSchema(asSchema(extra, extraWhere), ctx, extraWhere, indent)})`;
  }
  ctx.useHelper?.("obj");
  return `obj(${shape})`;
}
