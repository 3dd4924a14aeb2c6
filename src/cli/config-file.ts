/**
 * Finding and reading `smart-api-integrations.config.*`. Discovery walks up from the starting
 * folder like git does; reading is c12's (it compiles TypeScript configs through jiti).
 */
import { existsSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { ConfigError, validateConfig } from "../config/validate.js";
import type { SmartApiConfig } from "../config/types.js";

/** Base name of the config file, without extension. */
export const CONFIG_NAME = "smart-api-integrations.config";

/** Extensions tried in every folder, in this order (the first one found wins). */
export const CONFIG_EXTENSIONS = [".ts", ".mts", ".js", ".mjs", ".cjs", ".json", ".yaml", ".yml"] as const;

/** The nearest config file in `from` or a folder above it, if any. */
export function findConfigFile(from: string): string | undefined {
  for (let dir = resolve(from); ; dir = dirname(dir)) {
    for (const ext of CONFIG_EXTENSIONS) {
      const file = join(dir, `${CONFIG_NAME}${ext}`);
      if (existsSync(file)) return file;
    }
    if (dirname(dir) === dir) return undefined;
  }
}

/**
 * Loads and validates one config file. Everything c12 could do beyond reading this one file
 * (rc files, .env, `extends` layers fetched from git hosts) is switched off: the CLI never
 * touches the network and never reads files the user did not name.
 * @throws ConfigError naming the file and what is wrong in it.
 */
export async function loadConfigFile(file: string): Promise<SmartApiConfig> {
  if (!existsSync(file)) throw new ConfigError(file, undefined, "no such file (given by --config)");
  const { loadConfig } = await import("c12");
  let raw: unknown;
  try {
    const result = await loadConfig({
      cwd: dirname(file),
      configFile: basename(file),
      rcFile: false,
      globalRc: false,
      dotenv: false,
      packageJson: false,
      extend: false,
      giget: false,
      envName: false,
    });
    raw = result.config;
  } catch (error) {
    const detail = error instanceof Error ? error.message.split("\n")[0] : String(error);
    throw new ConfigError(file, undefined, `cannot be loaded: ${detail}`);
  }
  return validateConfig(raw, file);
}
