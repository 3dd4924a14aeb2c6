/**
 * Structural dedupe: every object shape that occurs several times across a provider's schema
 * files becomes one def, referenced from each place it occurred. Provider descriptions (GitHub's
 * above all) inline the same objects hundreds of times; generated types and validators, and the
 * user's tsc time, then grow with the distinct shapes instead of with the occurrences.
 *
 * Identity is structural: the canonical JSON of the subschema with keys sorted, `title` and
 * `description` ignored. The def keeps the annotations of the first occurrence in sorted-path
 * order (file, then JSON pointer); each replaced occurrence keeps its own `title`/`description`
 * next to the `$ref`, so property docs survive. A shape equal to an existing def's root becomes
 * a `$ref` to that def.
 */
import { appendPointer } from "../json-schema/index.js";
import { DEF_REF_PREFIX } from "./convert.js";
import { assignShapeNames, compareOccurrences, type NamedShape, type Occurrence } from "./shape-names.js";
import { compareText, isObject, type Json, type JsonObject } from "./types.js";

/** One schema file before dedupe. */
export interface DedupeRoot {
  /** `events/<name>.json` or `defs/<Name>.json`. */
  readonly file: string;
  /** The event or def name (context for shape names). */
  readonly name: string;
  /** For files in defs/: the def name, so equal shapes elsewhere can reference it. */
  readonly def?: string;
  readonly schema: Json;
}

/** Which shapes are worth a def. */
export interface DedupeOptions {
  /** An object shape needs at least this many properties (smaller ones cost less inline than as a ref). */
  readonly minProperties: number;
  /** …and must occur at least this often (after hoisting the shapes that contain it). */
  readonly minOccurrences: number;
  /** Names a new def must not take (besides existing defs): e.g. generated event interface names. */
  readonly isReserved: (name: string) => boolean;
}

/** The defaults: objects with ≥ 3 properties occurring ≥ 2 times. */
export const DEFAULT_DEDUPE: Omit<DedupeOptions, "isReserved"> = { minProperties: 3, minOccurrences: 2 };

/** The rewritten files and the new defs (name → schema, refs as `#/defs/<Name>`). */
export interface DedupeResult {
  readonly roots: ReadonlyMap<string, Json>;
  readonly hoisted: ReadonlyMap<string, Json>;
}

type Path = (string | number)[];

/** Hoists repeated object shapes out of `roots`. Output is independent of the order of `roots` and of keys. */
export function dedupeShapes(roots: readonly DedupeRoot[], options: DedupeOptions): DedupeResult {
  const sortedRoots = [...roots].sort((a, b) => compareText(a.file, b.file));
  const keys = new ShapeKeys(options.minProperties);

  // Existing defs own their shape: equal shapes elsewhere reference them (first def name in order).
  const defOfKey = new Map<string, string>();
  for (const root of sortedRoots) {
    if (root.def !== undefined && keys.qualifies(root.schema)) {
      const key = keys.keyOf(root.schema);
      if (!defOfKey.has(key)) defOfKey.set(key, root.def);
    }
  }

  // Naive counts say which shapes could be hoisted at all.
  const naive = new Map<string, number>();
  for (const root of sortedRoots) {
    eachChild(root.schema, [], (node) => {
      if (!keys.qualifies(node)) return true;
      const key = keys.keyOf(node);
      naive.set(key, (naive.get(key) ?? 0) + 1);
      return true;
    });
  }
  const candidate = (key: string): boolean => defOfKey.has(key) || (naive.get(key) ?? 0) >= options.minOccurrences;

  // Effective counts: a hoisted shape's insides are written once, so they count once. Walking
  // into a candidate only at its first occurrence gives exactly that (every occurrence of a key
  // has the same insides, so which one comes first does not change the counts).
  const seen = new Map<string, { occurrences: Occurrence[]; first: Json }>();
  for (const root of sortedRoots) {
    eachChild(root.schema, [], (node, path) => {
      if (!keys.qualifies(node)) return true;
      const key = keys.keyOf(node);
      if (!candidate(key)) return true;
      if (defOfKey.has(key)) return false; // becomes a $ref to the def; its insides are the def's
      const occurrence: Occurrence = { file: root.file, rootName: root.name, path: [...path] };
      const entry = seen.get(key);
      if (entry === undefined) {
        seen.set(key, { occurrences: [occurrence], first: node });
        return true;
      }
      entry.occurrences.push(occurrence);
      return false;
    });
  }
  const shapes: NamedShape[] = [];
  for (const [key, entry] of seen) if (entry.occurrences.length >= options.minOccurrences) shapes.push({ key, occurrences: entry.occurrences });
  const existing = new Set([...roots].flatMap((r) => (r.def === undefined ? [] : [r.def.toLowerCase()])));
  const names = assignShapeNames(shapes, (name) => existing.has(name.toLowerCase()) || options.isReserved(name));
  const refOf = (key: string): string | undefined => defOfKey.get(key) ?? names.get(key);

  const rewrite = (node: Json, isRoot: boolean): Json => {
    if (!isObject(node)) return node;
    if (!isRoot && keys.qualifies(node)) {
      const def = refOf(keys.keyOf(node));
      if (def !== undefined) return withAnnotations({ $ref: `${DEF_REF_PREFIX}${def}` }, node);
    }
    const out: JsonObject = {};
    for (const [k, v] of Object.entries(node)) out[k] = mapChildren(k, v, (child) => rewrite(child, false));
    return out;
  };

  const outRoots = new Map<string, Json>();
  for (const root of sortedRoots) outRoots.set(root.file, rewrite(root.schema, true));
  const hoisted = new Map<string, Json>();
  for (const shape of shapes) {
    const entry = seen.get(shape.key)!;
    // The first occurrence in sorted-path order decides the def's annotations.
    const first = [...entry.occurrences].sort(compareOccurrences)[0]!;
    const root = sortedRoots.find((r) => r.file === first.file)!;
    hoisted.set(names.get(shape.key)!, rewrite(at(root.schema, first.path), true));
  }
  return { roots: outRoots, hoisted: new Map([...hoisted].sort(([a], [b]) => compareText(a, b))) };
}

/** A replaced occurrence keeps what documents it at that place. */
function withAnnotations(ref: JsonObject, node: JsonObject): JsonObject {
  for (const k of ["description", "title"]) if (node[k] !== undefined) ref[k] = node[k]!;
  return ref;
}

/** The subschema at `path` below `schema`. */
function at(schema: Json, path: readonly (string | number)[]): Json {
  let node: Json | undefined = schema;
  for (const segment of path) {
    node = Array.isArray(node) ? node[segment as number] : isObject(node) ? node[String(segment)] : undefined;
  }
  if (node === undefined) throw new Error(`internal: no subschema at ${appendPointer("", ...path)}`);
  return node;
}

/** A keyword's value with `map` applied to each subschema it holds (other values as they are). */
function mapChildren(keyword: string, value: Json, map: (child: Json) => Json): Json {
  if (keyword === "properties" && isObject(value)) {
    const out: JsonObject = {};
    for (const [name, sub] of Object.entries(value)) out[name] = map(sub);
    return out;
  }
  if (keyword === "items" || keyword === "additionalProperties") return map(value);
  if ((keyword === "allOf" || keyword === "anyOf" || keyword === "oneOf") && Array.isArray(value)) return value.map(map);
  return value;
}

/**
 * Calls `visit` on every subschema below `schema` (not `schema` itself), depth first in sorted
 * key order; `visit` returning false skips that node's insides.
 */
function eachChild(schema: Json, path: Path, visit: (node: Json, path: Path) => boolean): void {
  if (!isObject(schema)) return;
  const go = (node: Json, p: Path): void => {
    if (visit(node, p)) eachChild(node, p, visit);
  };
  for (const keyword of Object.keys(schema).sort(compareText)) {
    const value = schema[keyword]!;
    if (keyword === "properties" && isObject(value)) {
      for (const name of Object.keys(value).sort(compareText)) go(value[name]!, [...path, keyword, name]);
    } else if (keyword === "items" || keyword === "additionalProperties") go(value, [...path, keyword]);
    else if ((keyword === "allOf" || keyword === "anyOf" || keyword === "oneOf") && Array.isArray(value)) {
      value.forEach((sub, i) => go(sub, [...path, keyword, i]));
    }
  }
}

/**
 * Structural keys, computed once per node: canonical JSON with keys sorted and annotations left
 * out, in which every nested object shape stands as a short interned id (so keys stay small and
 * computing them is linear in the size of the schemas).
 */
class ShapeKeys {
  readonly #memo = new WeakMap<object, string>();
  readonly #ids = new Map<string, number>();

  constructor(readonly minProperties: number) {}

  /** Whether a node is an object shape worth a def. */
  qualifies(node: Json): node is JsonObject {
    return isObject(node) && isObject(node["properties"]) && Object.keys(node["properties"]).length >= this.minProperties;
  }

  keyOf(node: Json): string {
    if (!isObject(node)) return JSON.stringify(node);
    const memo = this.#memo.get(node);
    if (memo !== undefined) return memo;
    const parts: string[] = [];
    for (const keyword of Object.keys(node).sort(compareText)) {
      if (keyword === "title" || keyword === "description") continue;
      const value = node[keyword]!;
      let text: string;
      if (keyword === "properties" && isObject(value)) {
        text = `{${Object.keys(value)
          .sort(compareText)
          .map((name) => `${JSON.stringify(name)}:${this.#child(value[name]!)}`)
          .join(",")}}`;
      } else if (keyword === "items" || keyword === "additionalProperties") text = this.#child(value);
      else if ((keyword === "allOf" || keyword === "anyOf" || keyword === "oneOf") && Array.isArray(value)) {
        text = `[${value.map((v) => this.#child(v)).join(",")}]`;
      } else if (keyword === "required" || keyword === "type") {
        // Order inside these lists never changes what validates.
        text = Array.isArray(value) ? canonicalData([...value].sort((a, b) => compareText(JSON.stringify(a), JSON.stringify(b)))) : canonicalData(value);
      } else text = canonicalData(value);
      parts.push(`${JSON.stringify(keyword)}:${text}`);
    }
    const key = `{${parts.join(",")}}`;
    this.#memo.set(node, key);
    return key;
  }

  #child(node: Json): string {
    const key = this.keyOf(node);
    if (!this.qualifies(node)) return key;
    let id = this.#ids.get(key);
    if (id === undefined) this.#ids.set(key, (id = this.#ids.size));
    return `@${id}`;
  }
}

/** Canonical JSON of a data value (enum, const, required, …): keys sorted, arrays in order. */
function canonicalData(value: Json): string {
  if (Array.isArray(value)) return `[${value.map(canonicalData).join(",")}]`;
  if (isObject(value)) {
    return `{${Object.keys(value)
      .sort(compareText)
      .map((k) => `${JSON.stringify(k)}:${canonicalData(value[k]!)}`)
      .join(",")}}`;
  }
  return JSON.stringify(value);
}
