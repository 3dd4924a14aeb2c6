import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

/**
 * Makes `outDir`'s `events/` and `defs/` hold exactly `files` (relative path → text): writes
 * files whose bytes differ, deletes `.json` files no longer produced. With `check`, changes
 * nothing. Returns the relative paths that were (or, with `check`, would be) changed.
 */
export function syncSchemaFolder(outDir: string, files: ReadonlyMap<string, string>, check: boolean): string[] {
  const existing = new Set<string>();
  for (const sub of ["events", "defs"]) {
    const dir = join(outDir, sub);
    if (existsSync(dir)) for (const f of readdirSync(dir)) if (f.endsWith(".json")) existing.add(`${sub}/${f}`);
  }
  const stale: string[] = [];
  for (const [rel, text] of files) {
    const target = join(outDir, rel);
    existing.delete(rel);
    if (existsSync(target) && readFileSync(target, "utf8") === text) continue;
    stale.push(rel);
    if (!check) {
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, text);
    }
  }
  for (const rel of existing) {
    stale.push(rel);
    if (!check) rmSync(join(outDir, rel));
  }
  return stale;
}
