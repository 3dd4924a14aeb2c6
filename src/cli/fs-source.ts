import { readdirSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { SpecSource } from "../manifest/index.js";

/** A {@link SpecSource} over the real filesystem; paths are resolved against `cwd`. */
export function fsSpecSource(cwd: string): SpecSource {
  return {
    readFile(path) {
      try {
        return readFileSync(resolve(cwd, path), "utf8");
      } catch {
        return undefined;
      }
    },
    listDir(path) {
      try {
        // Sorted so that nothing downstream depends on the filesystem's listing order.
        return readdirSync(resolve(cwd, path)).sort();
      } catch {
        return undefined;
      }
    },
  };
}
