/** Ajv (JSON Schema 2020-12) compiled from the same schema folder our generator reads. */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import Ajv2020Module from "ajv/dist/2020.js";
import { PATHS } from "./product.js";

type JsonObject = Record<string, unknown>;
type AjvCtor = typeof Ajv2020Module.default;
const Ajv2020: AjvCtor = (Ajv2020Module as unknown as { default: AjvCtor }).default ?? (Ajv2020Module as unknown as AjvCtor);

const BASE = "https://sai.bench/schemas";

export interface SchemaFolder {
  readonly provider: string;
  readonly events: Record<string, JsonObject>;
  readonly defs: Record<string, JsonObject>;
}

export function readSchemaFolder(provider: string, root: string = PATHS.schemas): SchemaFolder | undefined {
  const dir = join(root, provider);
  if (!existsSync(join(dir, "events"))) return undefined;
  const read = (sub: string) =>
    Object.fromEntries(
      (existsSync(join(dir, sub)) ? readdirSync(join(dir, sub)) : [])
        .filter((f) => f.endsWith(".json"))
        .map((f) => [f.slice(0, -5), JSON.parse(readFileSync(join(dir, sub, f), "utf8")) as JsonObject]),
    );
  return { provider, events: read("events"), defs: read("defs") };
}

/**
 * Our `strict` mode rejects unknown keys; the closest Ajv equivalent is `additionalProperties:
 * false` on every object schema that lists `properties` and says nothing about extra keys
 * (schemas combined with allOf are left alone, where it would reject the sibling's keys).
 */
function closeObjects(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(closeObjects);
  if (typeof schema !== "object" || schema === null) return schema;
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(schema as JsonObject)) out[k] = k === "enum" || k === "const" ? v : closeObjects(v);
  if ("properties" in out && !("additionalProperties" in out) && !("allOf" in out)) out["additionalProperties"] = false;
  return out;
}

export type AjvMode = "default" | "closed";

/** Compiles the event's schema with every def registered; returns the validate function. */
export function compileAjv(folder: SchemaFolder, event: string, mode: AjvMode): (data: unknown) => boolean {
  const ajv = new Ajv2020({ strict: false, validateFormats: false, allErrors: false });
  const tr = (s: JsonObject) => (mode === "closed" ? (closeObjects(s) as JsonObject) : s);
  for (const [name, schema] of Object.entries(folder.defs)) ajv.addSchema({ ...tr(schema), $id: `${BASE}/${folder.provider}/defs/${name}.json` });
  const schema = folder.events[event];
  if (!schema) throw new Error(`no schema for ${folder.provider} ${event}`);
  const validate = ajv.compile({ ...tr(schema), $id: `${BASE}/${folder.provider}/events/${event}.json` });
  return (data) => validate(data) as boolean;
}
