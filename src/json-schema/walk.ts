/**
 * The one traversal of subschemas: which keyword values hold schemas (keywords.ts), in the
 * schema's own key order, each node with its path and JSON pointer from the walk's root.
 *
 * Lenient on purpose: a keyword value of the wrong shape is passed over, not an error, so the
 * keyword check and ref rewriting can run over input that strict readers (read.ts) would reject.
 * Values of other keywords (`enum`, `const`, unknown keywords) are data, never walked: a `const`
 * object with a `$ref` key is not a ref.
 */
import { SCHEMA_KEYWORDS, SCHEMA_LIST_KEYWORDS, SCHEMA_MAP_KEYWORDS } from "./keywords.js";
import { escapeSegment, formatPointer } from "./pointer.js";
import { isSchema, isSchemaObject } from "./read.js";
import type { JsonSchema, SchemaLike, SchemaPath } from "./types.js";

/** A schema object met by a walk. */
export interface SchemaNode {
  readonly schema: JsonSchema;
  /** Segments from the walk's root (`["properties", "a", "items"]`). */
  readonly path: SchemaPath;
  /** The same location as a JSON pointer (`/properties/a/items`; `""` for the root). */
  readonly pointer: string;
}

/** What a walk does at each schema object; `rebuild` false only visits, so nothing is copied. */
interface Walker {
  readonly map: (node: SchemaNode) => JsonSchema;
  readonly rebuild: boolean;
}

/**
 * Calls `visit` on `root` and every subschema object below it, depth first, a node before its
 * children. `path` prefixes every node's path (for walks that start inside a file).
 */
export function visitSchemas(root: SchemaLike, visit: (node: SchemaNode) => void, path: SchemaPath = []): void {
  const map = (node: SchemaNode): JsonSchema => {
    visit(node);
    return node.schema;
  };
  step(root, path, formatPointer(path), { map, rebuild: false });
}

/**
 * A copy of `root` in which every schema object is replaced by `map(node)`, applied
 * top-down: the children of what `map` returns are mapped next (so `map` can drop a keyword
 * and its subschemas are then never visited). Key order is kept.
 */
export function mapSchemas(root: SchemaLike, map: (node: SchemaNode) => JsonSchema, path: SchemaPath = []): SchemaLike {
  return step(root, path, formatPointer(path), { map, rebuild: true });
}

// Plain loops and no closures per node: catalogs have tens of thousands of subschemas.
function step(schema: SchemaLike, at: SchemaPath, pointer: string, walker: Walker): SchemaLike {
  if (typeof schema === "boolean") return schema;
  const mapped = walker.map({ schema, path: at, pointer });
  const out: [string, unknown][] = [];
  for (const key of Object.keys(mapped)) {
    const value = mapped[key];
    const path = [...at, key];
    const here = `${pointer}/${escapeSegment(key)}`;
    let next = value;
    // The only place that knows where subschemas sit (keywords.ts names the keywords).
    if ((SCHEMA_KEYWORDS as readonly string[]).includes(key)) {
      if (isSchema(value)) next = step(value, path, here, walker);
      // Tuple `items` is unsupported, but walked, so the keyword check sees inside and refs resolve.
      else if (key === "items" && Array.isArray(value)) next = stepList(value, path, here, walker);
    } else if ((SCHEMA_LIST_KEYWORDS as readonly string[]).includes(key)) {
      if (Array.isArray(value)) next = stepList(value, path, here, walker);
    } else if ((SCHEMA_MAP_KEYWORDS as readonly string[]).includes(key)) {
      if (isSchemaObject(value)) next = stepMap(value, path, here, walker);
    }
    if (walker.rebuild) out.push([key, next]);
  }
  return walker.rebuild ? (Object.fromEntries(out) as JsonSchema) : mapped;
}

function stepList(list: readonly unknown[], at: SchemaPath, pointer: string, walker: Walker): unknown[] {
  const out: unknown[] = [];
  for (let i = 0; i < list.length; i++) {
    const v = list[i];
    const next = isSchema(v) ? step(v, [...at, i], `${pointer}/${i}`, walker) : v;
    if (walker.rebuild) out.push(next);
  }
  return out;
}

function stepMap(map: JsonSchema, at: SchemaPath, pointer: string, walker: Walker): JsonSchema {
  const out: [string, unknown][] = [];
  for (const k of Object.keys(map)) {
    const v = map[k];
    const next = isSchema(v) ? step(v, [...at, k], `${pointer}/${escapeSegment(k)}`, walker) : v;
    if (walker.rebuild) out.push([k, next]);
  }
  // fromEntries, not assignment: a property named `__proto__` must stay a key.
  return Object.fromEntries(out) as JsonSchema;
}
