/**
 * JSON pointers (RFC 6901): the location format of every error and walk in this layer.
 */
import type { SchemaPath } from "./types.js";

/** One segment as it appears in a pointer: `~` → `~0`, then `/` → `~1`. */
export function escapeSegment(segment: string | number): string {
  const s = String(segment);
  // Most segments need no escaping; walks over large catalogs call this once per node.
  return s.includes("~") || s.includes("/") ? s.replace(/~/g, "~0").replace(/\//g, "~1") : s;
}

/** The inverse of {@link escapeSegment}. `~1` is replaced first so that `~01` stays `~1`. */
export function unescapeSegment(segment: string): string {
  return segment.replace(/~1/g, "/").replace(/~0/g, "~");
}

/** The pointer of a path: `["properties", "a/b"]` → `/properties/a~1b`; `[]` → `""` (the root). */
export function formatPointer(path: SchemaPath): string {
  return path.map((s) => `/${escapeSegment(s)}`).join("");
}

/** `pointer` extended by `segments` (each escaped). */
export function appendPointer(pointer: string, ...segments: (string | number)[]): string {
  return pointer + formatPointer(segments);
}

/**
 * The unescaped segments of a pointer (`""` → `[]`), or undefined when the text is not a JSON
 * pointer (it must be empty or start with `/`; `#foo` anchors are not pointers).
 */
export function parsePointer(pointer: string): string[] | undefined {
  if (pointer === "") return [];
  if (!pointer.startsWith("/")) return undefined;
  return pointer.slice(1).split("/").map(unescapeSegment);
}
