/**
 * One OpenAPI 3.1 Schema Object → the schema folder subset of docs/CONTRACTS.md.
 *
 * Every keyword is either kept (the generator's subset), dropped because it never changes what
 * validates (annotations, `x-*` extensions, OpenAPI's `example`/`xml`/`externalDocs`/`discriminator`),
 * converted (`nullable: true` of OpenAPI 3.0 → a `"null"` type), or reported as an issue at its
 * JSON pointer. Nothing that validates is ever dropped silently: a schema that loses a keyword
 * would accept more than the provider's document says.
 */
import { appendPointer, SCHEMA_LIST_KEYWORDS, SUPPORTED_KEYWORDS, unescapeSegment, VALUE_KEYWORDS } from "../json-schema/index.js";
import { type ImportIssue, isObject, type Json, type JsonObject } from "./types.js";

/** Where `$ref`s to components point in the converted schema; rewritten per file when written. */
export const DEF_REF_PREFIX = "#/defs/";

const COMPONENT_PREFIX = "#/components/schemas/";

/** Dropped: they never change what validates (JSON Schema annotations and OpenAPI-isms). */
const DROPPED = new Set([
  "example",
  "examples",
  "default",
  "deprecated",
  "readOnly",
  "writeOnly",
  "externalDocs",
  "discriminator", // a hint for code generators; oneOf/anyOf alone decide validity
  "xml",
  "$comment",
  "$schema",
  "contentMediaType",
  "contentEncoding",
  "nullable", // converted below
]);

/** Keywords whose value is copied as written (data, not subschemas). */
const VERBATIM: ReadonlySet<string> = new Set(VALUE_KEYWORDS);

/** What conversion needs from its caller. */
export interface ConvertContext {
  /** The def name for a component `$ref` (and queues it for writing), or undefined when there is no such component. */
  readonly defOf: (component: string) => string | undefined;
  /** Issues are appended here; conversion goes on so that one run reports them all. */
  readonly issues: ImportIssue[];
}

/** The component name a `$ref` names, or undefined when it is not `#/components/schemas/<name>`. */
export function componentOf(ref: string): string | undefined {
  if (!ref.startsWith(COMPONENT_PREFIX)) return undefined;
  const rest = ref.slice(COMPONENT_PREFIX.length);
  if (rest === "" || rest.includes("/")) return undefined; // refs point at whole components
  try {
    return unescapeSegment(decodeURIComponent(rest)); // a URI fragment: percent-encoding, then pointer escapes
  } catch {
    return undefined;
  }
}

/** The converted schema of `node`, found at `pointer` in the document. */
export function convertSchema(node: Json, pointer: string, ctx: ConvertContext): Json {
  if (typeof node === "boolean") return node;
  if (!isObject(node)) {
    ctx.issues.push({ pointer, message: "a schema must be an object or a boolean" });
    return {};
  }
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node)) {
    const here = appendPointer(pointer, key);
    if (key === "$ref") {
      const component = typeof value === "string" ? componentOf(value) : undefined;
      const def = component === undefined ? undefined : ctx.defOf(component);
      if (def === undefined) {
        ctx.issues.push({
          pointer: here,
          message:
            component === undefined
              ? `unsupported $ref ${JSON.stringify(value)}: only "#/components/schemas/<name>" (a whole component of this document) is supported`
              : `unresolved $ref ${JSON.stringify(value)}: there is no components.schemas.${component}`,
        });
      } else {
        out.$ref = `${DEF_REF_PREFIX}${def}`;
      }
    } else if (key === "properties") {
      if (!isObject(value)) {
        ctx.issues.push({ pointer: here, message: "properties must map names to schemas" });
        continue;
      }
      const props: JsonObject = {};
      for (const [name, sub] of Object.entries(value)) props[name] = convertSchema(sub, appendPointer(here, name), ctx);
      out.properties = props;
    } else if (key === "items") {
      if (Array.isArray(value)) ctx.issues.push({ pointer: here, message: 'tuple "items" (an array of schemas) is not supported — use one schema for every item' });
      else out.items = convertSchema(value, here, ctx);
    } else if (key === "additionalProperties") {
      out.additionalProperties = convertSchema(value, here, ctx);
    } else if ((SCHEMA_LIST_KEYWORDS as readonly string[]).includes(key)) {
      if (!Array.isArray(value)) ctx.issues.push({ pointer: here, message: `${key} must be a list of schemas` });
      else out[key] = value.map((sub, i) => convertSchema(sub, appendPointer(here, i), ctx));
    } else if (VERBATIM.has(key) && SUPPORTED_KEYWORDS.has(key)) {
      out[key] = value;
    } else if (key.startsWith("x-") || DROPPED.has(key)) {
      // annotation or vendor extension: no validation meaning
    } else {
      ctx.issues.push({
        pointer: here,
        message:
          key === "$defs" || key === "definitions"
            ? `"${key}" inside an OpenAPI document is not supported — move the definitions to components.schemas and $ref them`
            : `keyword "${key}" is not supported (docs/CONTRACTS.md lists the JSON Schema subset) — remove it or express it with supported keywords`,
      });
    }
  }
  if (node["nullable"] === true) makeNullable(out);
  repairNullOnlyComposite(out);
  return out;
}

const COMPOSITES = ["allOf", "anyOf", "oneOf", "$ref"] as const;

/**
 * `type: ["null"]` beside `allOf`/`anyOf`/`oneOf`/`$ref` admits no value at all (null is not the
 * object the composite requires). GitHub's description writes "SimpleUser or null" this way
 * (e.g. `repository-advisory.author`): a nullable composite whose `nullable` was turned into a
 * type array without the composite's own type. Read as the evident intent, `anyOf: [composite, null]`,
 * rather than as a schema no delivery can satisfy.
 */
function repairNullOnlyComposite(out: JsonObject): void {
  const type = out.type;
  const nullOnly = type === "null" || (Array.isArray(type) && type.length === 1 && type[0] === "null");
  if (!nullOnly || !COMPOSITES.some((k) => k in out)) return;
  const inner: JsonObject = {};
  for (const k of Object.keys(out)) {
    if (k === "type" || k === "description" || k === "title") continue;
    inner[k] = out[k]!;
    delete out[k];
  }
  delete out.type;
  out.anyOf = [inner, { type: "null" }];
}

/** OpenAPI 3.0's `nullable: true` (3.1 documents use type arrays; accepted for documents in between). */
function makeNullable(out: JsonObject): void {
  const type = out.type;
  if (typeof type === "string") out.type = [type, "null"];
  else if (Array.isArray(type)) {
    if (!type.includes("null")) out.type = [...type, "null"];
  } else {
    const inner = { ...out };
    for (const k of Object.keys(out)) delete out[k];
    out.anyOf = [inner, { type: "null" }];
  }
  if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
}
