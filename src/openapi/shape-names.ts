/**
 * Names for hoisted object shapes: readable (from the property that holds the shape), stable
 * (a pure function of the occurrences, never of input key order) and unique.
 */
import { appendPointer } from "../json-schema/index.js";
import { pascalCase } from "../manifest/naming.js";
import { compareText } from "./types.js";

/** Where a shape occurs: the output file, its root's name (event or def) and the path inside it. */
export interface Occurrence {
  readonly file: string;
  readonly rootName: string;
  readonly path: readonly (string | number)[];
}

/** A shape to name: its structural key and every occurrence. */
export interface NamedShape {
  readonly key: string;
  readonly occurrences: readonly Occurrence[];
}

const DEF_NAME = /^[A-Z][A-Za-z0-9]*$/;

/** Sorted-path order: by file, then by JSON pointer inside it. */
export function compareOccurrences(a: Occurrence, b: Occurrence): number {
  return compareText(a.file, b.file) || compareText(appendPointer("", ...a.path), appendPointer("", ...b.path));
}

/**
 * The words that describe where a shape sits: one per property on the way down, `item` for
 * array items and `value` for `additionalProperties`; branches of `oneOf`/`anyOf`/`allOf` add none.
 */
function wordsOf(path: readonly (string | number)[]): { words: string[]; baseStart: number } {
  const words: string[] = [];
  let lastProperty = -1;
  for (let i = 0; i < path.length; i++) {
    const segment = path[i];
    if (segment === "properties" && i + 1 < path.length) {
      lastProperty = words.length;
      words.push(String(path[++i]));
    } else if (segment === "items") words.push("item");
    else if (segment === "additionalProperties") words.push("value");
    else if (segment === "allOf" || segment === "anyOf" || segment === "oneOf") i++; // the index
  }
  return { words, baseStart: Math.max(lastProperty, 0) };
}

/**
 * The names a shape may take at one occurrence, most readable first: the property name
 * (`user` → `User`, `labels[]` → `LabelsItem`), then with more and more parent context
 * (`IssueUser`, `IssuesOpenedIssueUser`, the last one led by the file's root name).
 */
export function nameCandidates(occurrence: Occurrence): string[] {
  const { words, baseStart } = wordsOf(occurrence.path);
  const out: string[] = [];
  for (let start = baseStart; start >= 0; start--) out.push(identifier(words.slice(start).join(" ")));
  out.push(identifier(`${occurrence.rootName} ${words.join(" ")}`));
  return [...new Set(out.filter((n) => n !== ""))];
}

/** pascalCase, made a valid def file name (PascalCase, leading letter) when the words start with a digit. */
function identifier(words: string): string {
  const name = pascalCase(words);
  if (name === "" || DEF_NAME.test(name)) return name;
  return `Shape${name.replace(/^_/, "")}`;
}

/**
 * Assigns every shape a name no other def has. Shapes are served most frequent first (ties: the
 * first occurrence in sorted-path order), each at its most common property name; a taken name
 * falls back to more context, then to a numeric suffix (`User2`). Names are compared
 * case-insensitively, so the files never collide on case-insensitive file systems.
 */
export function assignShapeNames(shapes: readonly NamedShape[], isTaken: (name: string) => boolean): Map<string, string> {
  const taken = new Set<string>();
  const free = (name: string): boolean => !taken.has(name.toLowerCase()) && !isTaken(name);
  const ordered = shapes
    .map((shape) => ({ shape, occurrences: [...shape.occurrences].sort(compareOccurrences) }))
    .sort((a, b) => b.occurrences.length - a.occurrences.length || compareOccurrences(a.occurrences[0]!, b.occurrences[0]!));
  const names = new Map<string, string>();
  for (const { shape, occurrences } of ordered) {
    const candidates = preferredCandidates(occurrences);
    let name = candidates.find(free);
    const base = candidates[0] ?? "Shape";
    for (let n = 2; name === undefined; n++) if (free(`${base}${n}`)) name = `${base}${n}`;
    taken.add(name.toLowerCase());
    names.set(shape.key, name);
  }
  return names;
}

/** The candidates of the occurrence whose property name is the most common one (ties: alphabetical). */
function preferredCandidates(sorted: readonly Occurrence[]): string[] {
  const byBase = new Map<string, { count: number; first: Occurrence }>();
  for (const occurrence of sorted) {
    const base = nameCandidates(occurrence)[0] ?? "";
    const entry = byBase.get(base);
    if (entry === undefined) byBase.set(base, { count: 1, first: occurrence });
    else entry.count++;
  }
  const [best] = [...byBase].sort(([a, x], [b, y]) => y.count - x.count || compareText(a, b));
  return best === undefined ? [] : nameCandidates(best[1].first);
}
