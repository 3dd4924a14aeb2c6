/**
 * Test helper: loads a `schemas/<provider>/` folder (docs/CONTRACTS.md format) into Ajv 2020.
 *
 * Every file gets an absolute `$id` that mirrors its relative path, so the folder's relative file
 * refs (`../defs/X.json` from an event, `./X.json` from a def) resolve exactly as written; an
 * unresolved ref makes Ajv throw at compile time.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";

export const repoRoot = fileURLToPath(new URL("../../", import.meta.url));

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type SchemaObject = { [key: string]: Json };

/** The keywords docs/CONTRACTS.md allows. */
export const ALLOWED_KEYWORDS: ReadonlySet<string> = new Set([
  "type", "properties", "required", "additionalProperties", "items", "enum", "const", "oneOf",
  "anyOf", "allOf", "$ref", "format", "description", "title", "minimum", "maximum", "minLength",
  "maxLength", "minItems", "maxItems", "pattern", "$defs",
]);

export interface SchemaFolder {
  provider: string;
  events: Map<string, SchemaObject>; // event name → schema
  defs: Map<string, SchemaObject>; // PascalName → schema
}

export function readSchemaFolder(provider: string): SchemaFolder {
  const dir = join(repoRoot, "schemas", provider);
  const read = (sub: string): Map<string, SchemaObject> =>
    new Map(
      readdirSync(join(dir, sub))
        .filter((f) => f.endsWith(".json"))
        .sort()
        .map((f) => [f.slice(0, -".json".length), JSON.parse(readFileSync(join(dir, sub, f), "utf8")) as SchemaObject]),
    );
  return { provider, events: read("events"), defs: read("defs") };
}

/** Returns a deep copy where every object schema that does not set `additionalProperties` gets `false`. */
export function forceStrict(node: Json): Json {
  if (Array.isArray(node)) return node.map(forceStrict);
  if (node === null || typeof node !== "object") return node;
  const out: SchemaObject = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === "properties" || key === "$defs") {
      out[key] = Object.fromEntries(Object.entries(value as SchemaObject).map(([k, v]) => [k, forceStrict(v)]));
    } else if (key === "enum" || key === "const" || key === "required") {
      out[key] = value;
    } else {
      out[key] = forceStrict(value);
    }
  }
  const type = out.type;
  const isObject = type === "object" || (Array.isArray(type) && type.includes("object")) || "properties" in out;
  if (isObject && !("additionalProperties" in out)) out.additionalProperties = false;
  return out;
}

/** Every keyword used anywhere in a schema (property names excluded), for the subset check. */
export function keywordsOf(node: Json, into = new Set<string>()): Set<string> {
  if (Array.isArray(node)) {
    for (const n of node) keywordsOf(n, into);
  } else if (node !== null && typeof node === "object") {
    for (const [key, value] of Object.entries(node)) {
      into.add(key);
      if (key === "properties" || key === "$defs") for (const v of Object.values(value as SchemaObject)) keywordsOf(v, into);
      else if (key !== "enum" && key !== "const" && key !== "required") keywordsOf(value, into);
    }
  }
  return into;
}

/** Every `$ref` string in a schema. */
export function refsOf(node: Json, into: string[] = []): string[] {
  if (Array.isArray(node)) {
    for (const n of node) refsOf(n, into);
  } else if (node !== null && typeof node === "object") {
    for (const [key, value] of Object.entries(node)) {
      if (key === "$ref" && typeof value === "string") into.push(value);
      else if (key !== "enum" && key !== "const") refsOf(value, into);
    }
  }
  return into;
}

export interface CompiledFolder {
  validator(event: string): ValidateFunction;
}

/**
 * Compiles a folder with Ajv 2020 (strict mode, union types allowed; GitHub places some array keywords inside `items`, which strictTypes only logs). Formats are registered as
 * annotations only (no ajv-formats installed; the runtime's validators decide how far to check them).
 */
export function compileFolder(folder: SchemaFolder, options: { strict?: boolean } = {}): CompiledFolder {
  const base = `https://schemas.invalid/${folder.provider}/`;
  const ajv = new Ajv2020({ strict: true, strictTypes: "log", allowUnionTypes: true, allErrors: true, validateFormats: false });
  const prepare = (schema: SchemaObject): SchemaObject => (options.strict ? (forceStrict(schema) as SchemaObject) : schema);
  for (const [name, schema] of folder.defs) ajv.addSchema({ ...prepare(schema), $id: `${base}defs/${name}.json` });
  for (const [name, schema] of folder.events) ajv.addSchema({ ...prepare(schema), $id: `${base}events/${name}.json` });
  return {
    validator(event: string): ValidateFunction {
      const validate = ajv.getSchema(`${base}events/${event}.json`);
      if (!validate) throw new Error(`no schema for ${folder.provider} event ${event}`);
      return validate;
    },
  };
}

/** Compact, stable error signatures: `<keyword>:<missing/extra property>@<instance path>`. */
export function errorSignatures(validate: ValidateFunction): string[] {
  const out = new Set<string>();
  for (const e of validate.errors ?? []) {
    const params = e.params as { missingProperty?: string; additionalProperty?: string };
    out.add(`${e.keyword}:${params.missingProperty ?? params.additionalProperty ?? ""}@${e.instancePath}`);
  }
  return [...out].sort();
}

/** Checks the folder against the format contract: keyword subset and relative whole-file refs that exist. */
export function contractProblems(folder: SchemaFolder): string[] {
  const problems: string[] = [];
  const check = (where: string, schema: SchemaObject, refPrefix: string): void => {
    for (const kw of keywordsOf(schema)) if (!ALLOWED_KEYWORDS.has(kw)) problems.push(`${where}: keyword ${kw}`);
    for (const ref of refsOf(schema)) {
      if (ref.startsWith("#/$defs/")) continue;
      const m = ref.startsWith(refPrefix) ? /^([A-Z][A-Za-z0-9]*)\.json$/.exec(ref.slice(refPrefix.length)) : null;
      if (!m) problems.push(`${where}: bad $ref ${ref}`);
      else if (!folder.defs.has(m[1]!)) problems.push(`${where}: unresolved $ref ${ref}`);
    }
  };
  for (const [name, schema] of folder.events) check(`events/${name}.json`, schema, "../defs/");
  for (const [name, schema] of folder.defs) check(`defs/${name}.json`, schema, "./");
  return problems;
}
