/**
 * Reading the JSON Schema subset of CONTRACTS.md for the emitters: keyword access, `$ref`
 * resolution and error locations. Shared by the TypeScript and zod emitters so that both read
 * schemas alike. The reading itself is src/json-schema/; this module binds it to codegen's
 * error type and to locations that name the file ({@link Where}).
 */
import {
  appendPointer,
  expectSchema,
  resolveDefRef,
  SCHEMA_TYPES,
  SchemaError,
  schemaListOf,
  schemaMapOf,
  typesOf,
  visitSchemas,
  type JsonSchema,
  type SchemaLike,
} from "../json-schema/index.js";
import { CodegenError } from "./errors.js";

export type { SchemaLike } from "../json-schema/index.js";

/** Where a sub-schema sits, for error messages: the file and a JSON pointer inside it. */
export interface Where {
  readonly file: string;
  readonly pointer: string;
}

/** The location of a child keyword/index under `where`. */
export function at(where: Where, ...segments: (string | number)[]): Where {
  return { file: where.file, pointer: appendPointer(where.pointer, ...segments) };
}

/** `file#/pointer`, as printed in errors. */
export function describeWhere(where: Where): string {
  return `${where.file}#${where.pointer}`;
}

/**
 * Runs a src/json-schema reader on the schema at `where`: its {@link SchemaError} (located
 * relative to that schema) becomes a {@link CodegenError} naming the file and full pointer.
 */
export function located<T>(where: Where, read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof SchemaError) throw new CodegenError(`${describeWhere(where)}${error.pointer}: ${error.detail}`);
    throw error;
  }
}

/** Narrows an unknown keyword value to a schema, failing with its location otherwise. */
export function asSchema(value: unknown, where: Where): SchemaLike {
  return located(where, () => expectSchema(value));
}

/** A list of schemas (`oneOf`, `anyOf`, `allOf`), or undefined when the keyword is absent. */
export function schemaList(schema: JsonSchema, keyword: string, where: Where): SchemaLike[] | undefined {
  return located(where, () => schemaListOf(schema, keyword));
}

/** The `type` keyword as a list (`["string", "null"]`), or undefined when absent. */
export function typeList(schema: JsonSchema, where: Where): string[] | undefined {
  const list = typesOf(schema);
  for (const t of list ?? []) {
    if (typeof t !== "string" || !SCHEMA_TYPES.has(t)) {
      throw new CodegenError(`${describeWhere(at(where, "type"))}: unsupported type ${JSON.stringify(t)}`);
    }
  }
  return list as string[] | undefined;
}

/** The `properties` keyword, in the schema's own order (that order is input, so it is kept). */
export function propertiesOf(schema: JsonSchema, where: Where): [string, SchemaLike][] {
  return located(where, () => schemaMapOf(schema, "properties"));
}

/** The `required` keyword as a set. */
export function requiredOf(schema: JsonSchema): ReadonlySet<string> {
  const value = schema["required"];
  return new Set(Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : []);
}

/** Whether the schema describes an object (explicit type, or object keywords without a type). */
export function isObjectLike(schema: JsonSchema, types: readonly string[] | undefined): boolean {
  if (types !== undefined) return types.includes("object");
  return schema["properties"] !== undefined || schema["additionalProperties"] !== undefined;
}

/** A JSON primitive allowed in `enum`/`const`. */
export type Primitive = string | number | boolean | null;

/**
 * The literal values of `enum`/`const`, or undefined when neither is present. When `type`
 * allows `null` but `enum` omits it, `null` is added: that is what such schemas mean in practice
 * (OpenAPI `nullable` + `enum`), and the TS and zod emitters must agree.
 */
export function literalValues(schema: JsonSchema, where: Where): Primitive[] | undefined {
  let values: unknown[];
  if (schema["const"] !== undefined) values = [schema["const"]];
  else if (Array.isArray(schema["enum"])) values = [...(schema["enum"] as unknown[])];
  else return undefined;
  for (const v of values) {
    if (v !== null && typeof v === "object") {
      throw new CodegenError(`${describeWhere(where)}: enum/const values must be strings, numbers, booleans or null`);
    }
  }
  const types = typeList(schema, where);
  if (types?.includes("null") && !values.includes(null)) values.push(null);
  return [...new Set(values)] as Primitive[];
}

/** A primitive as a TS literal type / JS literal value (both spell them the same way). */
export function primitiveLiteral(value: Primitive): string {
  if (typeof value === "number" && !Number.isFinite(value)) throw new CodegenError(`non-finite number ${value}`);
  return value === null ? "null" : JSON.stringify(value);
}

/** Resolves the target definitions of a provider's `$ref`s. */
export interface DefResolver {
  /** The def name a `$ref` points at; an unresolved `$ref` is an error (never a silent `any`). */
  resolve(ref: unknown, where: Where): string;
  /** The schema of a def (the name came from {@link DefResolver.resolve}). */
  schema(name: string): SchemaLike;
}

/** A {@link DefResolver} over `spec.schemas.defs` (refs are normalised to `#/defs/<Name>`). */
export function defResolver(defs: Readonly<Record<string, unknown>>): DefResolver {
  return {
    resolve(ref, where) {
      const name = resolveDefRef(ref, defs);
      if (name === undefined) {
        throw new CodegenError(`${describeWhere(at(where, "$ref"))}: unresolved $ref ${JSON.stringify(ref)}`);
      }
      return name;
    },
    schema(name) {
      return asSchema(defs[name], { file: `#/defs/${name}`, pointer: "" });
    },
  };
}

/** Every def a schema references, anywhere inside it (for the recursion analysis). */
export function collectRefs(schema: SchemaLike, resolver: DefResolver, where: Where, into: Set<string>): Set<string> {
  visitSchemas(schema, (node) => {
    const ref = node.schema["$ref"];
    if (ref !== undefined) into.add(resolver.resolve(ref, { file: where.file, pointer: where.pointer + node.pointer }));
  });
  return into;
}
