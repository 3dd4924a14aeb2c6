/**
 * Narrowing keyword values to schemas. Strict: a malformed value is a {@link SchemaError}
 * located relative to the schema read, never silently skipped (that would drop constraints).
 */
import { SchemaError } from "./errors.js";
import { formatPointer } from "./pointer.js";
import type { JsonSchema, SchemaLike, SchemaPath } from "./types.js";

/** Whether a value is a schema object (not `null`, not an array). */
export function isSchemaObject(value: unknown): value is JsonSchema {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Whether a value is a schema: an object or a boolean schema. */
export function isSchema(value: unknown): value is SchemaLike {
  return typeof value === "boolean" || isSchemaObject(value);
}

/** The value as a schema, or a {@link SchemaError} at `path` (relative to the caller's schema). */
export function expectSchema(value: unknown, path: SchemaPath = []): SchemaLike {
  if (isSchema(value)) return value;
  throw new SchemaError(formatPointer(path), `expected a schema, got ${JSON.stringify(value)}`);
}

/** A list keyword (`allOf`, `oneOf`, `anyOf`) as schemas, or undefined when absent. */
export function schemaListOf(schema: JsonSchema, keyword: string): SchemaLike[] | undefined {
  const value = schema[keyword];
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) throw new SchemaError(formatPointer([keyword]), "expected an array");
  return value.map((v, i) => expectSchema(v, [keyword, i]));
}

/** A map keyword (`properties`) as `[name, schema]` pairs in the schema's own order; `[]` when absent. */
export function schemaMapOf(schema: JsonSchema, keyword: string): [string, SchemaLike][] {
  const value = schema[keyword];
  if (value === undefined) return [];
  if (!isSchemaObject(value)) throw new SchemaError(formatPointer([keyword]), "expected an object");
  return Object.entries(value).map(([k, v]) => [k, expectSchema(v, [keyword, k])]);
}

/** `type` as a list (`"string"` → `["string"]`), unchecked, or undefined when absent. */
export function typesOf(schema: JsonSchema): unknown[] | undefined {
  const value = schema["type"];
  if (value === undefined) return undefined;
  return Array.isArray(value) ? value : [value];
}
