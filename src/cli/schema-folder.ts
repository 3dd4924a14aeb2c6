/**
 * A schema folder (events/*.json, defs/*.json) kept equal to what an importer produced: used by
 * `import-openapi` and by the repository's catalog scripts (scripts/*.ts).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

/** One file `syncSchemaFolder` wrote, would write, or deleted. */
export interface SchemaFolderChange {
  readonly kind: "missing" | "changed" | "deleted";
  readonly path: string;
}

/**
 * Makes `outDir`'s events/ and defs/ hold exactly `files`: writes what differs, deletes `.json`
 * files no longer produced (the folder is the importer's), touches nothing else. With `check`,
 * only reports.
 */
export function syncSchemaFolder(outDir: string, files: ReadonlyMap<string, string>, check: boolean): SchemaFolderChange[] {
  const orphans = new Set<string>();
  for (const sub of ["events", "defs"]) {
    const dir = join(outDir, sub);
    if (existsSync(dir)) for (const f of readdirSync(dir)) if (f.endsWith(".json")) orphans.add(`${sub}/${f}`);
  }
  const changes: SchemaFolderChange[] = [];
  for (const [path, text] of files) {
    orphans.delete(path);
    const target = join(outDir, path);
    const exists = existsSync(target);
    if (exists && readFileSync(target, "utf8") === text) continue;
    changes.push({ kind: exists ? "changed" : "missing", path });
    if (!check) {
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, text);
    }
  }
  for (const path of [...orphans].sort()) {
    changes.push({ kind: "deleted", path });
    if (!check) rmSync(join(outDir, path));
  }
  return changes;
}
