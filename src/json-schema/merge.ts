/**
 * Static `allOf` merging: schemas that must all hold, folded into one schema when that is exact
 * enough. The zod emitter needs it because `z.intersection` of two strict objects rejects every
 * key the other declares (and parses twice); the sampler needs the same fold so that a sample
 * satisfies exactly what the generated validator checks.
 *
 * Deliberate approximations (documented in src/codegen/README.md): annotations are dropped
 * (unless asked to keep them); `additionalProperties` survives only when every schema that
 * declares properties states the same value — otherwise the object follows the validation
 * mode, because `allOf: [Base(additionalProperties: false), {extra keys}]` means "Base plus
 * these keys" in every real-world schema.
 */
import { canonical } from "./canonical.js";
import { ANNOTATIONS } from "./keywords.js";
import { schemaListOf } from "./read.js";
import type { JsonSchema, SchemaLike } from "./types.js";

/** How merging reaches defs (callers bind the error type and location of an unresolved ref). */
export interface RefResolver {
  /** The def name a `$ref` value names; throws when it names none. */
  resolve(ref: unknown): string;
  /** The schema of a def that {@link RefResolver.resolve} returned. */
  schema(name: string): SchemaLike;
}

/** Options of {@link mergeAllOf}. */
export interface MergeOptions {
  /** Defs the caller is already inside: a top-level `$ref` to one of them is a recursion. */
  readonly open?: Iterable<string>;
  /** Keep annotation keywords (later schemas win) instead of dropping them; the sampler wants `format`. */
  readonly keepAnnotations?: boolean;
}

/** Why schemas could not be merged into one. */
export type MergeFailure =
  /** Two different values for `keyword` (or types with no overlap): only an intersection is exact. */
  | { readonly kind: "conflict"; readonly keyword: string }
  /** A top-level `$ref` leads back into `def`, which is being inlined already. */
  | { readonly kind: "recursion"; readonly def: string };

/** The outcome of {@link mergeAllOf}. */
export type MergeResult =
  | {
      readonly kind: "merged";
      /** One schema (`false` when one of the inputs is `false`). */
      readonly schema: JsonSchema | false;
      /** Every def whose schema was inlined, for callers that track recursion across merges. */
      readonly inlined: ReadonlySet<string>;
    }
  | MergeFailure;

interface Context {
  readonly resolver: RefResolver;
  readonly keepAnnotations: boolean;
  readonly inlined: Set<string>;
}

/** Whether a schema object has any keyword besides annotations (and `except`). */
export function hasConstraints(schema: JsonSchema, except: readonly string[] = []): boolean {
  return Object.keys(schema).some((k) => !ANNOTATIONS.has(k) && !except.includes(k));
}

/** The schema without the named keywords. */
export function omit(schema: JsonSchema, keywords: readonly string[]): JsonSchema {
  return Object.fromEntries(Object.entries(schema).filter(([k]) => !keywords.includes(k)));
}

/**
 * Merges schemas that must all hold into one, dereferencing top-level `$ref`s (not ones nested
 * under properties/items, which stay refs) and flattening nested `allOf`. Properties are united
 * (a key in both becomes `allOf` of both), `required` united, `enum`s and types intersected
 * (`integer` ∧ `number` = `integer`), the tighter bound wins; any other keyword must agree.
 *
 * @throws SchemaError for an `allOf` that is not a list of schemas; whatever `resolver` throws.
 */
export function mergeAllOf(schemas: readonly SchemaLike[], resolver: RefResolver, options: MergeOptions = {}): MergeResult {
  const ctx: Context = { resolver, keepAnnotations: options.keepAnnotations ?? false, inlined: new Set() };
  const result = mergeList(schemas, ctx, new Set(options.open));
  return "kind" in result ? result : { kind: "merged", schema: result.schema, inlined: ctx.inlined };
}

function mergeList(schemas: readonly SchemaLike[], ctx: Context, derefs: ReadonlySet<string>): { schema: JsonSchema | false } | MergeFailure {
  const flat: JsonSchema[] = [];
  for (const schema of schemas) {
    if (schema === true) continue;
    if (schema === false) return { schema: false };
    let current: JsonSchema = schema;
    if (current["$ref"] !== undefined) {
      const name = ctx.resolver.resolve(current["$ref"]);
      if (derefs.has(name)) return { kind: "recursion", def: name };
      ctx.inlined.add(name);
      // The ref's target first, then its siblings: a sibling annotation overrides the def's.
      const inner = mergeList([ctx.resolver.schema(name), omit(current, ["$ref"])], ctx, new Set([...derefs, name]));
      if ("kind" in inner || inner.schema === false) return inner;
      current = inner.schema;
    }
    const allOf = schemaListOf(current, "allOf");
    if (allOf !== undefined) {
      const inner = mergeList([omit(current, ["allOf"]), ...allOf], ctx, derefs);
      if ("kind" in inner || inner.schema === false) return inner;
      current = inner.schema;
    }
    flat.push(current);
  }
  let merged: Record<string, unknown> = {};
  for (const schema of flat) {
    const next = combine(merged, schema, ctx.keepAnnotations);
    if (typeof next === "string") return { kind: "conflict", keyword: next };
    merged = next;
  }
  // additionalProperties holds only when every schema that shapes the object agrees on it.
  const shaping = flat.filter((s) => s["properties"] !== undefined || s["additionalProperties"] !== undefined);
  const first = shaping[0]?.["additionalProperties"];
  const agreed = first !== undefined && shaping.every((s) => canonical(s["additionalProperties"]) === canonical(first));
  if (agreed) merged["additionalProperties"] = first;
  else delete merged["additionalProperties"];
  return { schema: merged };
}

/** `a` and `b` as one schema, or the keyword they conflict on. */
function combine(a: Record<string, unknown>, b: JsonSchema, keepAnnotations: boolean): Record<string, unknown> | string {
  const out: Record<string, unknown> = { ...a };
  for (const [key, value] of Object.entries(b)) {
    if (ANNOTATIONS.has(key)) {
      if (keepAnnotations) setOwn(out, key, value);
      continue;
    }
    const existing = out[key];
    if (existing === undefined) {
      setOwn(out, key, value);
      continue;
    }
    switch (key) {
      case "type": {
        const types = intersectTypes(existing, value);
        if (types.length === 0) return key;
        out[key] = types;
        break;
      }
      case "properties": {
        const props: Record<string, unknown> = { ...(existing as Record<string, unknown>) };
        for (const [name, sub] of Object.entries(value as Record<string, unknown>)) {
          setOwn(props, name, Object.hasOwn(props, name) ? { allOf: [props[name], sub] } : sub);
        }
        out[key] = props;
        break;
      }
      case "items":
        out[key] = canonical(existing) === canonical(value) ? value : { allOf: [existing, value] };
        break;
      case "enum": {
        // Both must hold: the values in both lists, in the first list's order.
        const right = new Set((value as unknown[]).map(canonical));
        out[key] = (existing as unknown[]).filter((v) => right.has(canonical(v)));
        break;
      }
      case "minimum":
      case "minLength":
      case "minItems":
        out[key] = Math.max(existing as number, value as number);
        break;
      case "maximum":
      case "maxLength":
      case "maxItems":
        out[key] = Math.min(existing as number, value as number);
        break;
      case "required":
        out[key] = [...new Set([...(existing as unknown[]), ...(value as unknown[])])];
        break;
      case "additionalProperties":
        break; // decided over all schemas in mergeList
      default:
        if (canonical(existing) !== canonical(value)) return key;
    }
  }
  return out;
}

/** Assignment that creates an own key even for `__proto__` (a property name schemas may declare). */
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function intersectTypes(a: unknown, b: unknown): string[] {
  const left = (Array.isArray(a) ? a : [a]) as string[];
  const right = (Array.isArray(b) ? b : [b]) as string[];
  const result: string[] = [];
  for (const t of left) {
    if (right.includes(t)) result.push(t);
    else if (t === "integer" && right.includes("number")) result.push("integer");
    else if (t === "number" && right.includes("integer")) result.push("integer");
  }
  // Integers are numbers: ["integer", "number"] means ["number"], so both orders read the same.
  if (result.includes("number")) return [...new Set(result.filter((t) => t !== "integer"))];
  return [...new Set(result)];
}
