/**
 * Serialisation of the schema files: one text per value whatever the input key order.
 */
import { compareText, type Json, type JsonObject } from "./types.js";

/** A deep copy with object keys sorted at every level (arrays keep their order: it is meaningful). */
export function sortKeys(value: Json): Json {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === "object") {
    const out: JsonObject = {};
    for (const key of Object.keys(value).sort(compareText)) out[key] = sortKeys(value[key]!);
    return out;
  }
  return value;
}

/** The file text of a schema: sorted keys, 2-space JSON, `\n` at the end. */
export function schemaText(value: Json): string {
  return `${JSON.stringify(sortKeys(value), null, 2)}\n`;
}
