/**
 * Loads a provider's schema folder (`events/*.json`, `defs/*.json`) into {@link ProviderSchemas},
 * normalising every `$ref` to `#/defs/<Name>`.
 *
 * Local definitions (`#/$defs/X` or `#/definitions/X`, at a file's root) are hoisted into `defs`
 * as `PascalCase(<file base>) + PascalCase(X)`, e.g. `$defs.plan` of `defs/SimpleUser.json` →
 * `SimpleUserPlan`, `$defs.item` of `events/issues.opened.json` → `IssuesOpenedItem`. A hoisted
 * name equal to another def's name is an error naming both sources (never a numeric suffix).
 */
import { posix } from "node:path";
import {
  checkKeywords,
  defRef,
  isSchema,
  isSchemaObject,
  LOCAL_DEFINITIONS,
  mapSchemas,
  omit,
  parseRef,
  type SchemaNode,
  type SchemaPath,
} from "../json-schema/index.js";
import type { JsonSchema, ProviderSchemas } from "./types.js";
import { SpecError } from "./errors.js";
import { pascalCase } from "./naming.js";
import { parseJsonFile, type ParsedFile } from "./positions.js";
import { joinPath, type SpecSource } from "./source.js";

const DEF_NAME = /^[A-Z][A-Za-z0-9]*$/;

interface SchemaFile {
  readonly parsed: ParsedFile;
  readonly root: JsonSchema;
  /** Event name, or def name for files in defs/. */
  readonly name: string;
  readonly kind: "event" | "def";
}

/** The empty catalog (providers without a `schemas:` folder). */
export const EMPTY_SCHEMAS: ProviderSchemas = { events: {}, defs: {}, sources: {} };

/**
 * Reads and normalises one schema folder. `dir` is a posix path relative to cwd. Returns the
 * schemas together with every error found (the schemas are only meaningful when there are none).
 */
export function loadSchemaFolder(source: SpecSource, dir: string): { schemas: ProviderSchemas; errors: SpecError[] } {
  const errors: SpecError[] = [];
  const files: SchemaFile[] = [];
  for (const kind of ["event", "def"] as const) {
    const sub = joinPath(dir, kind === "event" ? "events" : "defs");
    for (const entry of kind === "event" ? listEventFiles(source, sub) : [...(source.listDir(sub) ?? [])].filter((e) => e.endsWith(".json")).sort()) {
      const path = joinPath(sub, entry);
      const text = source.readFile(path);
      if (text === undefined) continue;
      const parsed = parseJsonFile(path, text);
      if (Array.isArray(parsed)) {
        errors.push(...parsed);
        continue;
      }
      const name = entry.slice(0, -".json".length);
      if (!isSchemaObject(parsed.value)) {
        errors.push(new SpecError(path, 1, 1, "a schema file must hold a JSON object (a JSON Schema)"));
        continue;
      }
      if (kind === "def" && !DEF_NAME.test(name)) {
        errors.push(new SpecError(path, 1, 1, `def file names must be PascalCase — rename it to ${pascalCase(name) || "Def"}.json`));
        continue;
      }
      files.push({ parsed, root: parsed.value, name, kind });
    }
  }

  // Pass 1: every def name (files, then hoisted local defs), so refs resolve in any order.
  const defFiles = new Map<string, SchemaFile>(); // path → def file
  const defSource = new Map<string, string>(); // def name → where it came from (for collisions)
  const hoisted = new Map<string, string>(); // `${path}#${X}` → def name
  const defs: Record<string, JsonSchema> = {};
  const sources: Record<string, string> = {};
  for (const f of files) {
    if (f.kind === "def") {
      defFiles.set(f.parsed.file, f);
      defSource.set(f.name, f.parsed.file);
    }
  }
  for (const f of files) {
    for (const kw of LOCAL_DEFINITIONS) {
      const local = f.root[kw];
      if (local === undefined) continue;
      if (!isSchemaObject(local)) {
        errors.push(at(f.parsed, [kw], `${kw} must be a map of name → schema`));
        continue;
      }
      for (const x of Object.keys(local)) {
        const name = pascalCase(f.kind === "def" ? f.name : pascalCase(f.name)) + pascalCase(x);
        const here = `${f.parsed.file}#/${kw}/${x}`;
        const other = defSource.get(name);
        if (other !== undefined) {
          errors.push(at(f.parsed, [kw, x], `local definition "${x}" would become def "${name}", which ${other} already defines — rename one of them`));
          continue;
        }
        defSource.set(name, here);
        hoisted.set(`${f.parsed.file}#${x}`, name);
      }
    }
  }

  // Pass 2: report what is outside the subset, and rewrite refs.
  const events: Record<string, JsonSchema> = {};
  for (const f of files) {
    for (const issue of checkKeywords(f.root)) errors.push(at(f.parsed, issue.path, issue.message, "key"));
    const rewrite = (schema: unknown, path: SchemaPath): JsonSchema => {
      if (!isSchema(schema)) return schema as JsonSchema; // a malformed local def; codegen reports it
      const normalise = ({ schema: node, path: here }: SchemaNode): JsonSchema => {
        // A file's root $defs are hoisted into defs (below), not kept inside the file's schema.
        const kept = here.length === 0 ? omit(node, LOCAL_DEFINITIONS) : node;
        const ref = kept["$ref"];
        if (typeof ref !== "string") return kept;
        const r = resolveRef(ref, f, defFiles, hoisted, dir);
        if (typeof r === "string") return { ...kept, $ref: r };
        errors.push(at(f.parsed, [...here, "$ref"], r.error));
        return kept;
      };
      return mapSchemas(schema, normalise, path) as JsonSchema;
    };
    const rewritten = rewrite(f.root, []);
    if (f.kind === "event") {
      events[f.name] = rewritten;
      sources[f.name] = f.parsed.file;
    } else {
      defs[f.name] = rewritten;
      sources[defRef(f.name)] = f.parsed.file;
    }
    for (const kw of LOCAL_DEFINITIONS) {
      const local = f.root[kw];
      if (!isSchemaObject(local)) continue;
      for (const [x, schema] of Object.entries(local)) {
        const name = hoisted.get(`${f.parsed.file}#${x}`);
        if (name === undefined) continue;
        defs[name] = rewrite(schema, [kw, x]);
        sources[defRef(name)] = f.parsed.file;
      }
    }
  }
  return { schemas: { events: sortKeys(events), defs: sortKeys(defs), sources: sortKeys(sources) }, errors };
}

/**
 * The `.json` files under `events/`, as posix paths relative to it, sorted. A subfolder is part of
 * the event name: `events/orders/create.json` is `orders/create` (Shopify's topics), since a file
 * name cannot hold a `/`.
 */
function listEventFiles(source: SpecSource, dir: string, prefix = "", depth = 0): string[] {
  const out: string[] = [];
  for (const entry of [...(source.listDir(dir) ?? [])].sort()) {
    if (entry.endsWith(".json")) out.push(prefix + entry);
    else if (depth < 4 && !entry.startsWith(".")) out.push(...listEventFiles(source, joinPath(dir, entry), `${prefix}${entry}/`, depth + 1));
  }
  return out.sort();
}

/** `#/defs/<Name>` for a ref, or an error message naming the file and the ref. */
function resolveRef(
  ref: string,
  from: SchemaFile,
  defFiles: ReadonlyMap<string, SchemaFile>,
  hoisted: ReadonlyMap<string, string>,
  dir: string,
): string | { error: string } {
  const unresolved = (why: string): { error: string } => ({ error: `unresolved $ref "${ref}" in ${from.parsed.file}: ${why}` });
  const { file, remote, pointer } = parseRef(ref);
  if (remote) {
    return unresolved("remote refs are not supported — copy the schema into defs/ and use a relative ref");
  }
  const target = file === "" ? from.parsed.file : joinPath(posix.dirname(from.parsed.file), file);
  const targetDef = defFiles.get(target);
  if (file !== "" && targetDef === undefined) {
    return target.startsWith(`${joinPath(dir, "events")}/`)
      ? unresolved("refs must point at files in defs/, not at events — move the shared part to defs/")
      : unresolved(`no def file ${target} — add it or fix the ref`);
  }
  if (pointer?.length === 0) {
    if (targetDef !== undefined) return defRef(targetDef.name);
    if (from.kind === "def") return defRef(from.name);
    return unresolved("an event schema cannot reference itself — move the recursive part to defs/");
  }
  const [kw, x] = pointer ?? [];
  if (pointer?.length !== 2 || !(LOCAL_DEFINITIONS as readonly string[]).includes(kw!)) {
    return unresolved("refs must point at a whole file or at #/$defs/<Name> — move the referenced part to defs/");
  }
  const name = hoisted.get(`${target}#${x}`);
  return name !== undefined ? defRef(name) : unresolved(`${target} has no ${kw}/${x}`);
}

function at(parsed: ParsedFile, path: readonly PropertyKey[], detail: string, target: "key" | "value" = "value"): SpecError {
  const { line, column } = parsed.at(path, target);
  return new SpecError(parsed.file, line, column, detail);
}

function sortKeys<T>(rec: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(rec).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
