/**
 * Static `allOf` merging for the zod emitter.
 *
 * zod's `z.intersection` of two strict objects rejects every key the other one declares, and
 * intersections parse the input twice; so `allOf` (and `$ref`/`oneOf` with sibling keywords)
 * is merged into one schema at generation time when that is exact enough, and only falls back
 * to `z.intersection` when keywords conflict. The TypeScript side keeps real intersections.
 * The merge itself (and its approximations) is `mergeAllOf` in src/json-schema/merge.ts.
 */
import { mergeAllOf } from "../json-schema/index.js";
import type { DefResolver, SchemaLike, Where } from "./schema.js";
import { located } from "./schema.js";

/**
 * `schemas` merged into one, with refs resolved through `resolver` and errors located at
 * `where`; undefined when they conflict or a top-level `$ref` recurses into itself (the
 * caller then emits an intersection).
 */
export function mergeSchemas(schemas: readonly SchemaLike[], resolver: DefResolver, where: Where): SchemaLike | undefined {
  const refs = { resolve: (ref: unknown) => resolver.resolve(ref, where), schema: (name: string) => resolver.schema(name) };
  const result = located(where, () => mergeAllOf(schemas, refs));
  return result.kind === "merged" ? result.schema : undefined;
}
