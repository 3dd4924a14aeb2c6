/**
 * `manifest/`: webhook.yaml + event JSON Schemas → validated {@link ProviderSpec}s (generator-side only).
 */
export type { GeneratedFile, JsonSchema, ProviderSchemas, ProviderSpec } from "./types.js";
export { SpecError, SpecErrors } from "./errors.js";
export { loadProviderSpecs, type LoadProviderSpecsOptions } from "./load.js";
export { loadSchemaFolder } from "./schemas.js";
export { joinPath, memorySource, type SpecSource } from "./source.js";
export { pascalCase } from "./naming.js";
export { suggest, editDistance } from "./suggest.js";
export { webhookYamlJsonSchema, webhookFileYaml, DEFAULT_MAX_BODY_BYTES } from "./yaml-schema.js";
