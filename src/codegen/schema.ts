/**
 * Reading the JSON Schema subset of CONTRACTS.md: keyword access, `$ref` resolution and
 * error locations. Shared by the TypeScript and zod emitters so that both read schemas alike.
 */
import type { JsonSchema } from "../manifest/types.js";
import { CodegenError } from "./errors.js";

/** A schema as it may appear anywhere: an object, or the boolean schemas `true`/`false`. */
export type SchemaLike = JsonSchema | boolean;

/** Where a sub-schema sits, for error messages: the file and a JSON pointer inside it. */
export interface Where {
  readonly file: string;
  readonly pointer: string;
}

/** The location of a child keyword/index under `where`. */
export function at(where: Where, ...segments: (string | number)[]): Where {
  const escaped = segments.map((s) => String(s).replace(/~/g, "~0").replace(/\//g, "~1"));
  return { file: where.file, pointer: `${where.pointer}/${escaped.join("/")}` };
}

/** `file#/pointer`, as printed in errors. */
export function describeWhere(where: Where): string {
  return `${where.file}#${where.pointer}`;
}

/** Narrows an unknown keyword value to a schema, failing with its location otherwise. */
export function asSchema(value: unknown, where: Where): SchemaLike {
  if (typeof value === "boolean") return value;
  if (typeof value === "object" && value !== null && !Array.isArray(value)) return value as JsonSchema;
  throw new CodegenError(`${describeWhere(where)}: expected a schema, got ${JSON.stringify(value)}`);
}

/** A list of schemas (`oneOf`, `anyOf`, `allOf`), or undefined when the keyword is absent. */
export function schemaList(schema: JsonSchema, keyword: string, where: Where): SchemaLike[] | undefined {
  const value = schema[keyword];
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) throw new CodegenError(`${describeWhere(at(where, keyword))}: expected an array`);
  return value.map((v, i) => asSchema(v, at(where, keyword, i)));
}

/** The `type` keyword as a list (`["string", "null"]`), or undefined when absent. */
export function typeList(schema: JsonSchema, where: Where): string[] | undefined {
  const value = schema["type"];
  if (value === undefined) return undefined;
  const list = Array.isArray(value) ? value : [value];
  for (const t of list) {
    if (!["string", "number", "integer", "boolean", "null", "array", "object"].includes(t as string)) {
      throw new CodegenError(`${describeWhere(at(where, "type"))}: unsupported type ${JSON.stringify(t)}`);
    }
  }
  return list as string[];
}

/** The `properties` keyword, in the schema's own order (that order is input, so it is kept). */
export function propertiesOf(schema: JsonSchema, where: Where): [string, SchemaLike][] {
  const value = schema["properties"];
  if (value === undefined) return [];
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new CodegenError(`${describeWhere(at(where, "properties"))}: expected an object`);
  }
  return Object.entries(value).map(([k, v]) => [k, asSchema(v, at(where, "properties", k))]);
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
      const match = typeof ref === "string" ? /^#\/defs\/(.+)$/.exec(ref) : null;
      const name = match?.[1]?.replace(/~1/g, "/").replace(/~0/g, "~");
      if (name === undefined || !Object.hasOwn(defs, name)) {
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
  if (typeof schema === "boolean") return into;
  if (schema["$ref"] !== undefined) into.add(resolver.resolve(schema["$ref"], where));
  for (const [name, sub] of propertiesOf(schema, where)) collectRefs(sub, resolver, at(where, "properties", name), into);
  for (const keyword of ["additionalProperties", "items"]) {
    const sub = schema[keyword];
    if (sub !== undefined) collectRefs(asSchema(sub, at(where, keyword)), resolver, at(where, keyword), into);
  }
  for (const keyword of ["oneOf", "anyOf", "allOf"]) {
    schemaList(schema, keyword, where)?.forEach((sub, i) => collectRefs(sub, resolver, at(where, keyword, i), into));
  }
  return into;
}
