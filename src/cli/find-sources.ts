/** The project's own TypeScript/JavaScript files that may register handlers (for `doctor`). */
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";

const SKIP = new Set(["node_modules", "dist", "build", "coverage", ".next", ".git", ".turbo", ".vercel", "out"]);
const SOURCE = /\.(?:[cm]?[jt]s|tsx|jsx)$/;

/**
 * Source files below `root` that mention `createProcessor` (a cheap text test before parsing),
 * skipping dependency, build and output folders and anything under `exclude`.
 */
export function handlerSourceFiles(root: string, exclude: readonly string[]): string[] {
  const excluded = exclude.map((dir) => resolve(dir));
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!SKIP.has(entry.name) && !entry.name.startsWith(".") && !excluded.includes(full)) walk(full);
      } else if (SOURCE.test(entry.name) && !entry.name.endsWith(".d.ts") && readFileSync(full, "utf8").includes("createProcessor")) {
        found.push(full);
      }
    }
  };
  walk(root);
  return found;
}
