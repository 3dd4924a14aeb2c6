/**
 * The JSON Schema layer: the supported subset, `$ref`s and JSON pointers, reading, walking,
 * `allOf` merging and sample values. Pure (no fs, process, clock or randomness); used by
 * manifest/ (loading), codegen/ (emitters) and cli/ (test-webhook), never by the runtime.
 */
export type { JsonSchema, SchemaLike, SchemaPath } from "./types.js";
export { SchemaError } from "./errors.js";
export { ANNOTATIONS, LOCAL_DEFINITIONS, SCHEMA_KEYWORDS, SCHEMA_LIST_KEYWORDS, SCHEMA_MAP_KEYWORDS, SCHEMA_TYPES, SUPPORTED_KEYWORDS, VALUE_KEYWORDS } from "./keywords.js";
export { checkKeywords, type SchemaIssue } from "./check.js";
export { appendPointer, escapeSegment, formatPointer, parsePointer, unescapeSegment } from "./pointer.js";
export { defNameOf, defRef, parseRef, resolveDefRef, type ParsedRef } from "./ref.js";
export { expectSchema, isSchema, isSchemaObject, schemaListOf, schemaMapOf, typesOf } from "./read.js";
export { mapSchemas, visitSchemas, type SchemaNode } from "./walk.js";
export { canonical } from "./canonical.js";
export { hasConstraints, mergeAllOf, omit, type MergeFailure, type MergeOptions, type MergeResult, type RefResolver } from "./merge.js";
export { patternPrefix, SamplePayloadError, samplePayload, schemaAtPath, stringMatches } from "./sample.js";
