/**
 * JSON Schema → TypeScript type text. Hand-written instead of json-schema-to-typescript so it
 * is synchronous, formatter-free and order-independent (see DESIGN.md).
 *
 * Mapping: `{}`/`true` → `unknown` (never `any`), `false` → `never`; `type` lists → unions
 * (`"null"` → `| null`, integer → number); enum/const → literal unions; oneOf/anyOf → unions;
 * allOf and siblings of `$ref` → intersections; `required` decides `?:` (never `| undefined`,
 * for exactOptionalPropertyTypes); descriptions → JSDoc.
 */
import { CodegenError } from "./errors.js";
import type { DefResolver, SchemaLike, Where } from "./schema.js";
import {
  asSchema,
  at,
  isObjectLike,
  literalValues,
  primitiveLiteral,
  propertiesOf,
  requiredOf,
  schemaList,
  typeList,
} from "./schema.js";
import { jsdoc, typeKey } from "./text.js";

/** What the emitter needs besides the schema. */
export interface TsContext {
  readonly resolver: DefResolver;
  /** The emitted identifier of a def (already collision-checked). */
  readonly defIdentifier: (def: string) => string;
}

/** Type text plus how tightly it binds, so that composites are parenthesised only when needed. */
interface Typed {
  readonly text: string;
  readonly kind: "atom" | "union" | "intersection";
}

const atom = (text: string): Typed => ({ text, kind: "atom" });
const UNKNOWN = atom("unknown");

/** The TypeScript type of `schema`, formatted for a position indented by `indent`. */
export function tsType(schema: SchemaLike, ctx: TsContext, where: Where, indent = ""): string {
  return typed(schema, ctx, where, indent).text;
}

/**
 * Whether a top-level schema can be an `interface` (a plain object shape) rather than a `type`.
 */
export function isInterfaceShape(schema: SchemaLike, where: Where): boolean {
  if (typeof schema === "boolean") return false;
  const types = typeList(schema, where);
  const composite = ["$ref", "allOf", "oneOf", "anyOf", "enum", "const"].some((k) => schema[k] !== undefined);
  return !composite && (types === undefined ? isObjectLike(schema, types) : types.length === 1 && types[0] === "object");
}

/** The member lines of an object shape (for an interface body or a type literal), indented by `indent`. */
export function tsObjectMembers(schema: SchemaLike, ctx: TsContext, where: Where, indent: string): string[] {
  if (typeof schema === "boolean") return [];
  const required = requiredOf(schema);
  const lines: string[] = [];
  const properties = propertiesOf(schema, where);
  for (const [name, sub] of properties) {
    const subWhere = at(where, "properties", name);
    const description = typeof sub === "object" ? sub["description"] : undefined;
    lines.push(...jsdoc(typeof description === "string" ? description : undefined, indent));
    const optional = required.has(name) ? "" : "?";
    lines.push(`${indent}${typeKey(name)}${optional}: ${tsType(sub, ctx, subWhere, indent)};`);
  }
  const extra = schema["additionalProperties"];
  if (properties.length === 0) {
    // No declared keys: an open map. `false` means "no keys at all".
    const value =
      extra === false
        ? "never"
        : extra === undefined || extra === true
          ? "unknown"
          : tsType(asSchema(extra, at(where, "additionalProperties")), ctx, at(where, "additionalProperties"), indent);
    lines.push(`${indent}[key: string]: ${value};`);
  }
  // With declared keys, an index signature is only sound when every property type is
  // assignable to it; rather than approximate, the declared keys alone are typed.
  return lines;
}

function typed(schema: SchemaLike, ctx: TsContext, where: Where, indent: string): Typed {
  if (schema === true) return UNKNOWN;
  if (schema === false) return atom("never");
  const parts: Typed[] = [];
  if (schema["$ref"] !== undefined) parts.push(atom(ctx.defIdentifier(ctx.resolver.resolve(schema["$ref"], where))));
  const base = baseType(schema, ctx, where, indent);
  if (base !== undefined) parts.push(base);
  const allOf = schemaList(schema, "allOf", where);
  allOf?.forEach((s, i) => parts.push(typed(s, ctx, at(where, "allOf", i), indent)));
  for (const keyword of ["oneOf", "anyOf"]) {
    const branches = schemaList(schema, keyword, where);
    if (branches !== undefined) parts.push(union(branches.map((s, i) => typed(s, ctx, at(where, keyword, i), indent))));
  }
  return intersection(parts);
}

/** The part of a schema described by enum/const or `type` (and untyped object/array keywords). */
function baseType(schema: Record<string, unknown>, ctx: TsContext, where: Where, indent: string): Typed | undefined {
  const literals = literalValues(schema, where);
  if (literals !== undefined) return union(literals.map((v) => atom(primitiveLiteral(v))));
  const types = typeList(schema, where);
  if (types === undefined) {
    if (isObjectLike(schema, types)) return objectType(schema, ctx, where, indent);
    if (schema["items"] !== undefined) return arrayType(schema, ctx, where, indent);
    return undefined;
  }
  return union(
    types.map((t) => {
      switch (t) {
        case "string":
          return atom("string");
        case "number":
        case "integer":
          return atom("number");
        case "boolean":
          return atom("boolean");
        case "null":
          return atom("null");
        case "array":
          return arrayType(schema, ctx, where, indent);
        case "object":
          return objectType(schema, ctx, where, indent);
        default:
          throw new CodegenError(`unsupported type ${t}`);
      }
    }),
  );
}

function objectType(schema: Record<string, unknown>, ctx: TsContext, where: Where, indent: string): Typed {
  const members = tsObjectMembers(schema, ctx, where, `${indent}  `);
  return atom(`{\n${members.join("\n")}\n${indent}}`);
}

function arrayType(schema: Record<string, unknown>, ctx: TsContext, where: Where, indent: string): Typed {
  const items = schema["items"];
  if (items === undefined) return atom("unknown[]");
  const element = typed(asSchema(items, at(where, "items")), ctx, at(where, "items"), indent);
  return atom(element.kind === "atom" ? `${element.text}[]` : `(${element.text})[]`);
}

function union(members: readonly Typed[]): Typed {
  if (members.length === 0) return atom("never");
  if (members.some((m) => m.text === "unknown")) return UNKNOWN;
  const texts = [...new Set(members.filter((m) => m.text !== "never").map((m) => m.text))];
  if (texts.length === 0) return atom("never");
  if (texts.length === 1) return members.find((m) => m.text === texts[0])!;
  return { text: texts.join(" | "), kind: "union" };
}

function intersection(members: readonly Typed[]): Typed {
  // `unknown` is the identity of `&`: drop it unless it is all there is.
  const kept = members.filter((m) => m.text !== "unknown");
  const unique = kept.filter((m, i) => kept.findIndex((o) => o.text === m.text) === i);
  if (unique.length === 0) return UNKNOWN;
  if (unique.length === 1) return unique[0]!;
  return { text: unique.map((m) => (m.kind === "union" ? `(${m.text})` : m.text)).join(" & "), kind: "intersection" };
}
