/**
 * Checks a loaded config value against {@link SmartApiConfig}. Pure: the CLI reads the file and
 * passes its name, so every message can say where to fix it.
 */
import type { ImportExtension, SmartApiConfig } from "./types.js";

/** A config value of the wrong shape; `key` is the offending key, `file` where it was read. */
export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly key: string | undefined,
    detail: string,
  ) {
    super(`${file}${key === undefined ? "" : `: ${key}`}: ${detail}`);
    this.name = "ConfigError";
  }
}

const STRING_KEYS = ["providersDir", "schemasDir", "outDir", "nextAppDir", "nextPagesDir", "templatesDir", "handlersFile"] as const;
const KNOWN = new Set<string>([...STRING_KEYS, "include", "frameworks", "importExtension", "prettier", "$schema"]);
const EXTENSIONS: readonly ImportExtension[] = [".js", ".ts", "none"];

/**
 * Returns `value` as a {@link SmartApiConfig}, or throws {@link ConfigError} naming the first
 * bad key and what it should hold. Unknown keys are errors: a typo must not be silently ignored.
 */
export function validateConfig(value: unknown, file: string): SmartApiConfig {
  if (value === undefined || value === null) return {};
  if (typeof value !== "object" || Array.isArray(value)) {
    throw new ConfigError(file, undefined, "must be an object, e.g. export default defineConfig({ outDir: \"generated\" })");
  }
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!KNOWN.has(key)) {
      const hint = nearest(key, [...KNOWN]);
      throw new ConfigError(file, key, `unknown option${hint === undefined ? "" : ` — did you mean "${hint}"?`} (see docs/config.md)`);
    }
  }
  const config: Record<string, unknown> = {};
  for (const key of STRING_KEYS) {
    const v = record[key];
    if (v === undefined) continue;
    if (typeof v !== "string" || v === "") throw new ConfigError(file, key, `must be a non-empty folder path, got ${JSON.stringify(v)}`);
    config[key] = v;
  }
  const { frameworks, importExtension, prettier, include } = record;
  if (include !== undefined) {
    if (!Array.isArray(include) || !include.every((f) => typeof f === "string" && /^[a-z][a-z0-9_-]*$/.test(f))) {
      throw new ConfigError(file, "include", 'must be an array of provider folder names, e.g. ["stripe", "github"]');
    }
    config["include"] = [...new Set(include as string[])].sort();
  }
  if (frameworks !== undefined) {
    if (!Array.isArray(frameworks) || !frameworks.every((f) => typeof f === "string" && f !== "")) {
      throw new ConfigError(file, "frameworks", 'must be an array of framework names, e.g. ["express", "next-app"]');
    }
    config["frameworks"] = [...new Set(frameworks as string[])];
  }
  if (importExtension !== undefined) {
    if (!EXTENSIONS.includes(importExtension as ImportExtension)) {
      throw new ConfigError(file, "importExtension", `must be one of ${EXTENSIONS.map((e) => JSON.stringify(e)).join(", ")}, got ${JSON.stringify(importExtension)}`);
    }
    config["importExtension"] = importExtension;
  }
  if (prettier !== undefined) {
    if (typeof prettier !== "boolean") throw new ConfigError(file, "prettier", `must be true or false, got ${JSON.stringify(prettier)}`);
    config["prettier"] = prettier;
  }
  return config as SmartApiConfig;
}

/** The known key closest to `key` by edit distance, when it is close enough to be a typo. */
function nearest(key: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(key.length / 3)) + 1;
  for (const candidate of known) {
    const d = distance(key.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return best;
}

function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}
