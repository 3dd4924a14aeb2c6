/**
 * The shapes every module of this layer reads. Kept here (not imported from manifest/) so that
 * json-schema/ depends on nothing: manifest/ and codegen/ build on it, never the reverse.
 */

/**
 * A JSON Schema object (draft 2020-12 subset). Structurally the same type as
 * `JsonSchema` in src/manifest/types.ts, so values pass freely between the layers.
 */
export type JsonSchema = { readonly [keyword: string]: unknown };

/** A schema as it may appear anywhere: an object, or the boolean schemas `true`/`false`. */
export type SchemaLike = JsonSchema | boolean;

/** Path segments from a walk's root to a node: keywords, property names and list indices. */
export type SchemaPath = readonly (string | number)[];
