/**
 * `smart-api-integrations/config`: {@link defineConfig} for a typed
 * `smart-api-integrations.config.ts`. Imported only by the config file and the CLI, never by the
 * runtime, so it adds nothing to a server bundle.
 */
import type { SmartApiConfig } from "./types.js";

export type { BuiltinFramework, ImportExtension, SmartApiConfig } from "./types.js";
export { ConfigError, validateConfig } from "./validate.js";

/**
 * Returns `config` unchanged; it exists so that editors check and complete the config file.
 *
 * @example
 * // smart-api-integrations.config.ts
 * import { defineConfig } from "smart-api-integrations/config";
 * export default defineConfig({ outDir: "src/generated", frameworks: ["fastify"] });
 */
export function defineConfig(config: SmartApiConfig): SmartApiConfig {
  return config;
}
