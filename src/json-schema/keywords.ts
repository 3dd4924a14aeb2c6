/**
 * The JSON Schema subset of docs/CONTRACTS.md, as data: which keywords exist, which of them hold
 * subschemas, and which never affect validation. Every other module reads these lists instead
 * of spelling keywords again.
 */

/** Keywords whose value is one subschema. `items` as an array (a tuple) is not supported. */
export const SCHEMA_KEYWORDS = ["items", "additionalProperties"] as const;

/** Keywords whose value is a list of subschemas. */
export const SCHEMA_LIST_KEYWORDS = ["allOf", "anyOf", "oneOf"] as const;

/** Local definitions (at a file's root), which loading hoists into the provider's defs. */
export const LOCAL_DEFINITIONS = ["$defs", "definitions"] as const;

/** Keywords whose value maps names to subschemas. */
export const SCHEMA_MAP_KEYWORDS = ["properties", ...LOCAL_DEFINITIONS] as const;

/** Keywords whose value is data (not subschemas): copied as written by importers. */
export const VALUE_KEYWORDS: readonly string[] = [
  "type",
  "required",
  "enum",
  "const",
  "format",
  "description",
  "title",
  "minimum",
  "maximum",
  "minLength",
  "maxLength",
  "minItems",
  "maxItems",
  "pattern",
];

/** Every keyword the generator understands (docs/CONTRACTS.md); anything else is reported at load. */
export const SUPPORTED_KEYWORDS: ReadonlySet<string> = new Set([
  ...SCHEMA_KEYWORDS,
  ...SCHEMA_LIST_KEYWORDS,
  ...SCHEMA_MAP_KEYWORDS,
  "$ref",
  ...VALUE_KEYWORDS,
]);

/** The values `type` may take. */
export const SCHEMA_TYPES: ReadonlySet<string> = new Set(["string", "number", "integer", "boolean", "null", "array", "object"]);

/**
 * Keywords that never affect validation, so merging drops them. The list is wider than the
 * supported subset on purpose: codegen also takes specs that did not come through the loader.
 */
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
