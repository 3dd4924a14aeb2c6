/**
 * OpenAPI 3.1 `webhooks` → schema folder (docs/import-openapi.md). Pure: no fs, env or clock;
 * `src/cli/commands/import-openapi.ts` and `scripts/import-github-schemas.ts` do the I/O.
 */
export { defaultEventName, importOpenApi, operationIdEventName, type ImportOptions, type ImportResult } from "./import.js";
export { DEFAULT_DEDUPE, dedupeShapes, type DedupeOptions, type DedupeResult, type DedupeRoot } from "./dedupe.js";
export { schemaText, sortKeys } from "./json.js";
export { compareText, type ImportIssue, isObject, type Json, type JsonObject, OpenApiImportError } from "./types.js";
export type { WebhookOperation } from "./webhooks.js";
