/**
 * The code generator's entry point: ProviderSpec[] → GeneratedFile[], a pure function.
 */
import type { GeneratedFile, ProviderSpec } from "../manifest/types.js";
import { CodegenError } from "./errors.js";
import { barrelFile } from "./files/barrel-file.js";
import { providerFile } from "./files/provider-file.js";
import type { NamedProvider } from "./files/root-index-file.js";
import { rootIndexFile, webhookRoutes } from "./files/root-index-file.js";
import { type PerRouteTemplate, perRouteFiles } from "./files/route-files.js";
import { routesFile } from "./files/routes-file.js";
import { typesFile } from "./files/types-file.js";
import { validatorsFile } from "./files/validators-file.js";
import { checkProviderName, INDEX_RESERVED, providerIdentifiers } from "./identifiers.js";
import { NameTable } from "./names.js";
import { defResolver } from "./schema.js";
import { compareStrings, sortedKeys } from "./text.js";

/** Options of {@link generate}. */
export interface GenerateOptions {
  /** Framework name → route template text; each yields `routes/<framework>.ts`. */
  readonly templates: Readonly<Record<string, string>>;
  /**
   * Framework name → per-route template; each yields one file per webhook route, placed by
   * the template's `dir` and `layout` (e.g. Next.js `app/<path>/route.ts`).
   */
  readonly perRoute?: Readonly<Record<string, PerRouteTemplate>>;
}

/**
 * Generates every file for `specs`: per provider `<name>/{types,validators,provider,index}.ts`,
 * then `index.ts`, one `routes/<framework>.ts` per template and one file per route for each
 * per-route template. Paths are relative to the
 * output folder; the result is sorted by path and is byte-identical for the same input in any
 * order (no clock, environment or filesystem is read).
 *
 * @throws CodegenError naming the inputs at fault: identifier collisions, unresolved `$ref`s,
 *   unknown template placeholders, duplicate provider names.
 */
export function generate(specs: readonly ProviderSpec[], options: GenerateOptions): GeneratedFile[] {
  const sorted = [...specs].sort((a, b) => compareStrings(a.name, b.name));
  const global = new NameTable(INDEX_RESERVED);
  const named: NamedProvider[] = [];
  const files: GeneratedFile[] = [];
  sorted.forEach((spec, i) => {
    const previous = sorted[i - 1];
    if (previous?.name === spec.name) {
      throw new CodegenError(`provider ${JSON.stringify(spec.name)} is defined twice: ${previous.source} and ${spec.source}`);
    }
    checkProviderName(spec);
    const ids = providerIdentifiers(spec, global);
    const resolver = defResolver(spec.schemas.defs);
    files.push(typesFile(spec, ids, resolver), validatorsFile(spec, ids, resolver), providerFile(spec, ids), barrelFile(spec, ids));
    named.push({ spec, ids });
  });
  files.push(rootIndexFile(named));
  const routes = webhookRoutes(named);
  for (const framework of sortedKeys(options.templates)) {
    files.push(routesFile(framework, options.templates[framework]!, routes));
  }
  const perRoute = options.perRoute ?? {};
  for (const framework of sortedKeys(perRoute)) {
    files.push(...perRouteFiles(framework, perRoute[framework]!, routes));
  }
  const seen = new Set<string>();
  for (const file of files) {
    if (seen.has(file.path)) throw new CodegenError(`two generated files would be written to ${file.path}`);
    seen.add(file.path);
  }
  return files.sort((a, b) => compareStrings(a.path, b.path));
}
