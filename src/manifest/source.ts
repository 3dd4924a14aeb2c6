/**
 * The read-only file access that spec loading needs, so that `manifest/` stays pure and testable.
 */
import { posix } from "node:path";

/** Files as the loader sees them: posix paths relative to a cwd. */
export interface SpecSource {
  /** The file's text, or `undefined` when it does not exist. */
  readFile(path: string): string | undefined;
  /** Entry names (not paths) of a directory, or `undefined` when it does not exist. */
  listDir(path: string): readonly string[] | undefined;
}

/** Joins and normalises posix path segments (`a/b`, `../c` → `a/c`); never yields a trailing `/`. */
export function joinPath(...parts: string[]): string {
  const joined = posix.normalize(posix.join(...parts));
  return joined.length > 1 && joined.endsWith("/") ? joined.slice(0, -1) : joined;
}

/** A {@link SpecSource} over an in-memory map of path → text (tests, and callers that pre-read). */
export function memorySource(files: Readonly<Record<string, string>>): SpecSource {
  const norm = new Map(Object.entries(files).map(([p, t]) => [joinPath(p), t] as const));
  return {
    readFile: (path) => norm.get(joinPath(path)),
    listDir: (path) => {
      const dir = joinPath(path);
      const prefix = dir === "." ? "" : `${dir}/`;
      const names = new Set<string>();
      for (const p of norm.keys()) {
        if (p.startsWith(prefix)) names.add(p.slice(prefix.length).split("/")[0] ?? "");
      }
      names.delete("");
      return names.size === 0 ? undefined : [...names].sort();
    },
  };
}
