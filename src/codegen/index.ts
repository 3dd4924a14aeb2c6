/**
 * Public API of the code generator (used by the CLI; never imported by the runtime).
 */
export { generate } from "./generate.js";
export type { GenerateOptions } from "./generate.js";
export type { PerRouteTemplate, RouteFileLayout } from "./files/route-files.js";
export { CodegenError } from "./errors.js";
export { camelCase, pascalCase } from "./names.js";
export { renderTemplate } from "./template.js";
export { VALIDATORS_NOCHECK } from "./files/validators-file.js";
