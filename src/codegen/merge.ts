/**
 * Static `allOf` merging for the zod emitter.
 *
 * zod's `z.intersection` of two strict objects rejects every key the other one declares, and
 * intersections parse the input twice; so `allOf` (and `$ref`/`oneOf` with sibling keywords)
 * is merged into one schema at generation time when that is exact enough, and only falls back
 * to `z.intersection` when keywords conflict. The TypeScript side keeps real intersections.
 */
import type { JsonSchema } from "../manifest/types.js";
import type { DefResolver, SchemaLike, Where } from "./schema.js";
import { schemaList } from "./schema.js";

/** Keywords that never affect validation; they are dropped when schemas are merged. */
export const ANNOTATIONS: ReadonlySet<string> = new Set([
  "description",
  "title",
  "format",
  "examples",
  "default",
  "deprecated",
  "readOnly",
  "writeOnly",
  "$comment",
  "$id",
  "$schema",
]);

/** Whether a schema object has any keyword besides annotations (and `except`). */
export function hasConstraints(schema: JsonSchema, except: readonly string[] = []): boolean {
  return Object.keys(schema).some((k) => !ANNOTATIONS.has(k) && !except.includes(k));
}

/** The schema without the named keywords. */
export function omit(schema: JsonSchema, keywords: readonly string[]): JsonSchema {
  return Object.fromEntries(Object.entries(schema).filter(([k]) => !keywords.includes(k)));
}

/** JSON text with sorted keys: equality of schemas regardless of key order. */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (typeof value === "object" && value !== null) {
    const entries = Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(",")}}`;
  }
  return JSON.stringify(value) ?? "undefined";
}

/**
 * Merges schemas that must all hold into one, dereferencing top-level `$ref`s (not ones nested
 * under properties/items) and flattening nested `allOf`. Returns undefined when they conflict
 * (two different values for one keyword) or a `$ref` recurses into itself.
 *
 * Deliberate approximations (documented in src/codegen/README.md): annotations are
 * dropped; `additionalProperties` survives only when every schema that declares
 * properties states the same value — otherwise the object follows the validation mode, because `allOf: [Base(additionalProperties:
 * false), {extra keys}]` means "Base plus these keys" in every real-world schema.
 */
export function mergeSchemas(
  schemas: readonly SchemaLike[],
  resolver: DefResolver,
  where: Where,
  derefs: ReadonlySet<string> = new Set(),
): SchemaLike | undefined {
  const flat: JsonSchema[] = [];
  for (const schema of schemas) {
    if (schema === true) continue;
    if (schema === false) return false;
    let current: JsonSchema = schema;
    if (current["$ref"] !== undefined) {
      const name = resolver.resolve(current["$ref"], where);
      if (derefs.has(name)) return undefined;
      const inner = mergeSchemas([resolver.schema(name), omit(current, ["$ref"])], resolver, where, new Set([...derefs, name]));
      if (inner === undefined || inner === false) return inner;
      if (inner === true) continue;
      current = inner;
    }
    const allOf = schemaList(current, "allOf", where);
    if (allOf !== undefined) {
      const inner = mergeSchemas([omit(current, ["allOf"]), ...allOf], resolver, where, derefs);
      if (inner === undefined || inner === false) return inner;
      if (inner === true) continue;
      current = inner;
    }
    flat.push(current);
  }
  let merged: Record<string, unknown> = {};
  for (const schema of flat) {
    const next = combine(merged, schema);
    if (next === undefined) return undefined;
    merged = next;
  }
  // additionalProperties holds only when every schema that shapes the object agrees on it.
  const shaping = flat.filter((s) => s["properties"] !== undefined || s["additionalProperties"] !== undefined);
  const first = shaping[0]?.["additionalProperties"];
  const agreed = first !== undefined && shaping.every((s) => canonical(s["additionalProperties"]) === canonical(first));
  if (agreed) merged["additionalProperties"] = first;
  else delete merged["additionalProperties"];
  return merged;
}

function combine(a: Record<string, unknown>, b: JsonSchema): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = { ...a };
  for (const [key, value] of Object.entries(b)) {
    if (ANNOTATIONS.has(key)) continue;
    const existing = out[key];
    if (existing === undefined) {
      out[key] = value;
      continue;
    }
    switch (key) {
      case "type": {
        const types = intersectTypes(existing, value);
        if (types.length === 0) return undefined;
        out[key] = types;
        break;
      }
      case "properties": {
        const props: Record<string, unknown> = { ...(existing as Record<string, unknown>) };
        for (const [name, sub] of Object.entries(value as Record<string, unknown>)) {
          props[name] = Object.hasOwn(props, name) ? { allOf: [props[name], sub] } : sub;
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
        out[key] = Math.max(existing as number, value as number);
        break;
      case "maximum":
      case "maxLength":
        out[key] = Math.min(existing as number, value as number);
        break;
      case "required":
        out[key] = [...new Set([...(existing as unknown[]), ...(value as unknown[])])];
        break;
      case "additionalProperties":
        break; // decided over all schemas in mergeSchemas
      default:
        if (canonical(existing) !== canonical(value)) return undefined;
    }
  }
  return out;
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
  return [...new Set(result)];
}
