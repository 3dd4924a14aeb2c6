/**
 * The code generator's entry point: ProviderSpec[] → GeneratedFile[], a pure function.
 */
import type { GeneratedFile, ProviderSpec } from "../manifest/types.js";
import { CodegenError } from "./errors.js";
import { barrelFile } from "./files/barrel-file.js";
import { providerFile } from "./files/provider-file.js";
import type { NamedProvider } from "./files/root-index-file.js";
import { rootIndexFile, webhookRoutes } from "./files/root-index-file.js";
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
}

/**
 * Generates every file for `specs`: per provider `<name>/{types,validators,provider,index}.ts`,
 * then `index.ts` and one `routes/<framework>.ts` per template. Paths are relative to the
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
  return files.sort((a, b) => compareStrings(a.path, b.path));
}
