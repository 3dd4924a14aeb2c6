/**
 * The subset check: what in a schema the generator would not understand. Loading reports these
 * with file:line:col, because the emitters would otherwise ignore the keyword silently and the
 * generated types and validators would accept more (or other) than the schema says.
 */
import { ANNOTATIONS, LOCAL_DEFINITIONS, SUPPORTED_KEYWORDS } from "./keywords.js";
import { appendPointer } from "./pointer.js";
import type { SchemaLike, SchemaPath } from "./types.js";
import { visitSchemas } from "./walk.js";

/** One thing outside the subset, at the keyword that holds it. */
export interface SchemaIssue {
  /** Path to the keyword (`["properties", "a", "not"]`), prefixed as the walk was. */
  readonly path: SchemaPath;
  /** The same location as a JSON pointer. */
  readonly pointer: string;
  readonly keyword: string;
  /** What is wrong and what to do, without the location. */
  readonly message: string;
}

/**
 * Every unsupported keyword, tuple `items` and local definitions below the root (`$ref`s can
 * only name root ones, so nested ones would be dropped unseen) in `schema`, in walk order.
 */
export function checkKeywords(schema: SchemaLike, path: SchemaPath = []): SchemaIssue[] {
  const issues: SchemaIssue[] = [];
  visitSchemas(
    schema,
    (node) => {
      for (const [keyword, value] of Object.entries(node.schema)) {
        const message = issueOf(keyword, value, node.path.length === path.length);
        if (message !== undefined) issues.push({ path: [...node.path, keyword], pointer: appendPointer(node.pointer, keyword), keyword, message });
      }
    },
    path,
  );
  return issues;
}

function issueOf(keyword: string, value: unknown, atRoot: boolean): string | undefined {
  // Annotations (`examples`, `default`, `deprecated`, …) never change what validates: accepted.
  if (!SUPPORTED_KEYWORDS.has(keyword) && !ANNOTATIONS.has(keyword)) {
    return `keyword "${keyword}" is not supported (docs/CONTRACTS.md lists the JSON Schema subset) — remove it or express it with supported keywords`;
  }
  if (keyword === "items" && Array.isArray(value)) return `tuple "items" (an array of schemas) is not supported — use one schema for every item`;
  if (!atRoot && (LOCAL_DEFINITIONS as readonly string[]).includes(keyword)) {
    return `"${keyword}" is only read at the root of a schema file — move these definitions there`;
  }
  return undefined;
}
