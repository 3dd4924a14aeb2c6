/**
 * Parsing YAML (and JSON) text while keeping node positions, so errors can name line and column.
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document } from "yaml";
import { SpecError } from "./errors.js";

/** A parsed file: its value plus what is needed to point at any node of it. */
export interface ParsedFile {
  readonly file: string;
  readonly value: unknown;
  /** 1-based line/column of the node at `path`; see {@link locate}. */
  readonly at: (path: readonly PropertyKey[], target?: "key" | "value") => { line: number; column: number };
}

/**
 * Parses YAML text. Syntax errors (and alias bombs) come back as {@link SpecError}s instead of a value.
 */
export function parseYamlFile(file: string, text: string): ParsedFile | SpecError[] {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return doc.errors.map((e) => {
      const [line, column] = startOf(lineCounter, e.pos[0]);
      return new SpecError(file, line, column, `YAML syntax: ${firstLine(e.message)}`);
    });
  }
  let value: unknown;
  try {
    // toJS throws on excessive alias expansion ("billion laughs"); that is a user error too.
    value = doc.toJS({ maxAliasCount: 1000 });
  } catch (e) {
    return [new SpecError(file, 1, 1, `YAML: ${firstLine(e instanceof Error ? e.message : String(e))}`)];
  }
  return { file, value, at: (path, target) => locate(doc, lineCounter, path, target) };
}

/**
 * Parses a JSON file. The value comes from `JSON.parse` (exact JSON semantics); positions come
 * from a YAML parse of the same text (JSON is YAML), done only when an error needs one.
 */
export function parseJsonFile(file: string, text: string): ParsedFile | SpecError[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    const pos = /position (\d+)/.exec(msg);
    const before = pos ? text.slice(0, Number(pos[1])) : "";
    const line = before.split("\n").length;
    const column = before.length - before.lastIndexOf("\n");
    return [new SpecError(file, line, column, `invalid JSON: ${firstLine(msg)}`)];
  }
  let cached: { doc: Document; lc: LineCounter } | undefined;
  return {
    file,
    value,
    at: (path, target) => {
      if (!cached) {
        const lc = new LineCounter();
        cached = { doc: parseDocument(text, { lineCounter: lc, uniqueKeys: false }), lc };
      }
      return locate(cached.doc, cached.lc, path, target);
    },
  };
}

/**
 * Position of the node at `path`: with `target: "key"` the key of the last map entry (what an
 * "unknown key" or "duplicate path" error should point at), else its value. A path that does
 * not exist (e.g. a missing required key) points at the deepest existing ancestor's key.
 */
export function locate(
  doc: Document,
  lineCounter: LineCounter,
  path: readonly PropertyKey[],
  target: "key" | "value" = "value",
): { line: number; column: number } {
  let node: unknown = doc.contents;
  let key: unknown;
  const pos = (n: unknown): { line: number; column: number } => {
    const range = (n as { range?: [number, number, number] } | null | undefined)?.range;
    const [line, column] = startOf(lineCounter, range?.[0] ?? 0);
    return { line, column };
  };
  for (const seg of path) {
    let found = false;
    if (isMap(node)) {
      const pair = node.items.find((p) => String(isScalar(p.key) ? p.key.value : p.key) === String(seg));
      if (pair) {
        found = true;
        node = pair.value;
        key = pair.key;
      }
    } else if (isSeq(node) && typeof seg === "number" && seg < node.items.length) {
      found = true;
      node = node.items[seg];
      key = undefined;
    }
    if (!found) return pos(key ?? node);
  }
  if (target === "key" && key !== undefined) return pos(key);
  // A key with an empty value (`default:`) has an empty null scalar; point at its key instead.
  const empty = isScalar(node) && node.value === null && node.range?.[0] === node.range?.[1];
  return pos(empty || node == null ? key ?? node : node);
}

function startOf(lc: LineCounter, offset: number): [number, number] {
  const { line, col } = lc.linePos(offset);
  return [Math.max(1, line), Math.max(1, col)];
}

const firstLine = (s: string): string => s.split("\n")[0] ?? s;
