/**
 * Entry point of `manifest/`: reads every providers/<name>/webhook.yaml (merged over the built-in
 * spec of the same name) into validated, deterministic {@link ProviderSpec}s.
 */
import { buildProvider, errorAt } from "./build.js";
import { SpecError, SpecErrors } from "./errors.js";
import { issuesToErrors } from "./issues.js";
import { mergeProviderFiles, type LoadedFile, type Located } from "./merge.js";
import { parseYamlFile } from "./positions.js";
import { joinPath, type SpecSource } from "./source.js";
import type { ProviderSpec } from "./types.js";
import { webhookFileYaml } from "./yaml-schema.js";

/** Options of {@link loadProviderSpecs}. */
export interface LoadProviderSpecsOptions {
  readonly source: SpecSource;
  /** Folder holding `<name>/webhook.yaml`, e.g. `providers`. */
  readonly providersDir: string;
  /** The package's own `providers/` folder: bases that user files override key by key. */
  readonly builtinDir?: string;
  /**
   * Provider folders of `providersDir` to load (default: every one). A name with no folder is an
   * error, so a typo cannot silently drop a provider.
   */
  readonly include?: readonly string[];
}

/**
 * Loads, merges and validates every provider of `providersDir`, sorted by name (webhooks by
 * name). A missing `providersDir` yields `[]`. Throws {@link SpecErrors} with every problem
 * found across all files; never anything else for bad input.
 */
export function loadProviderSpecs(options: LoadProviderSpecsOptions): ProviderSpec[] {
  const { source, providersDir } = options;
  const builtinDir = options.builtinDir === undefined ? undefined : joinPath(options.builtinDir);
  // When generating the package's own providers, the built-ins are the user files: no merge.
  const mergeBuiltins = builtinDir !== undefined && builtinDir !== joinPath(providersDir);
  const errors: SpecError[] = [];
  const specs: ProviderSpec[] = [];
  const paths: { provider: string; webhook: string; path: Located<string> }[] = [];
  const names = new Map<string, string>(); // provider name → file

  const folders = [...(source.listDir(providersDir) ?? [])].sort();
  const include = options.include === undefined ? undefined : new Set(options.include);
  for (const name of include ?? []) {
    if (!folders.includes(name) || source.readFile(joinPath(providersDir, name, "webhook.yaml")) === undefined) {
      errors.push(new SpecError(joinPath(providersDir), 1, 1, `include names "${name}", but there is no ${joinPath(providersDir, name, "webhook.yaml")} — have: ${folders.join(", ") || "none"}`));
    }
  }
  for (const folder of folders) {
    if (include !== undefined && !include.has(folder)) continue;
    const user = readWebhookFile(source, joinPath(providersDir, folder, "webhook.yaml"), errors);
    if (user === null) continue; // not a provider folder
    const builtin = mergeBuiltins ? readWebhookFile(source, joinPath(builtinDir, folder, "webhook.yaml"), errors) : null;
    if (user === undefined || builtin === undefined) continue; // errors already collected
    const built = buildProvider(mergeProviderFiles(folder, builtin ?? undefined, user), source);
    errors.push(...built.errors);
    if (built.spec === undefined) continue;
    const other = names.get(built.spec.name);
    if (other !== undefined) {
      errors.push(errorAt({ file: user.parsed, path: ["provider", "name"] }, `provider name "${built.spec.name}" is already used by ${other} — names must be unique`));
      continue;
    }
    names.set(built.spec.name, user.parsed.file);
    specs.push(built.spec);
    for (const p of built.paths) paths.push({ provider: built.spec.name, ...p });
  }

  // Requests match with or without a trailing slash, so `/a` and `/a/` are the same route.
  const seen = new Map<string, string>();
  for (const { provider, webhook, path } of paths) {
    const key = path.value.length > 1 ? path.value.replace(/\/+$/, "") : path.value;
    const prior = seen.get(key);
    if (prior !== undefined) {
      errors.push(errorAt(path, `path "${path.value}" is already used by ${prior} — every webhook needs its own path`));
    } else {
      seen.set(key, `${provider}.${webhook}`);
    }
  }

  if (errors.length > 0) throw new SpecErrors(sortErrors(errors));
  return specs.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/**
 * Reads and shape-checks one webhook.yaml: `null` when the file does not exist, `undefined`
 * when it has errors (pushed onto `errors`). An empty file is an empty map.
 */
export function readWebhookFile(source: SpecSource, file: string, errors: SpecError[]): LoadedFile | null | undefined {
  const text = source.readFile(file);
  if (text === undefined) return null;
  const parsed = parseYamlFile(file, text);
  if (Array.isArray(parsed)) {
    errors.push(...parsed);
    return undefined;
  }
  const value = parsed.value ?? {};
  const result = webhookFileYaml.safeParse(value);
  if (!result.success) {
    errors.push(...issuesToErrors({ ...parsed, value }, webhookFileYaml, result.error.issues));
    return undefined;
  }
  return { parsed, yaml: result.data };
}

function sortErrors(errors: readonly SpecError[]): SpecError[] {
  // Stable by file, then position, so the report reads top to bottom whatever the listing order.
  return [...errors].sort((a, b) =>
    a.file !== b.file ? (a.file < b.file ? -1 : 1) : a.line - b.line || a.column - b.column); // stable: same-position errors keep their order
}
