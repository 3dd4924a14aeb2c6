/**
 * Test harness: emit a single schema with the TS/zod emitters and evaluate zod output.
 * Test-only code (imported by *.test.ts files).
 */
import { z } from "zod";
import type { JsonSchema } from "../../manifest/types.js";
import { analyseRecursion } from "../cycles.js";
import { pascalCase } from "../names.js";
import type { SchemaLike } from "../schema.js";
import { defResolver } from "../schema.js";
import { tsType } from "../ts-types.js";
import { zodSchema } from "../zod-schema.js";

const WHERE = { file: "test.json", pointer: "" };

/** The TS type text of `schema` with `defs` (def identifiers are their PascalCase names). */
export function emitTs(schema: SchemaLike, defs: Record<string, JsonSchema> = {}): string {
  return tsType(schema, { resolver: defResolver(defs), defIdentifier: pascalCase }, WHERE);
}

/** The zod expression text of `schema` (as in an event builder) with `defs`. */
export function emitZod(schema: SchemaLike, defs: Record<string, JsonSchema> = {}, currentDef?: string): string {
  const resolver = defResolver(defs);
  return zodSchema(schema, { resolver, defIdentifier: pascalCase, recursion: analyseRecursion(defs, resolver), currentDef }, WHERE);
}

/**
 * Evaluates the zod expression for `schema` in `mode`, with def getters built the way the
 * generated validators file builds them (memoised, lazy refs inside cycles).
 */
export function compileZod(schema: SchemaLike, mode: "strict" | "lenient", defs: Record<string, JsonSchema> = {}): z.ZodType {
  const names = Object.keys(defs);
  const getters = names
    .map((name) => {
      const id = pascalCase(name);
      return `let ${id}$; const ${id} = () => (${id}$ ??= ${emitZod(defs[name]!, defs, name)});`;
    })
    .join("\n");
  const body = `${getters}\nreturn ${emitZod(schema, defs)};`;
  const obj = mode === "strict" ? z.strictObject : z.looseObject;
  const du = z.discriminatedUnion as unknown as (key: string, options: z.ZodType[]) => z.ZodType;
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- evaluating generated code is the point
  return new Function("z", "obj", "du", body)(z, obj, du) as z.ZodType;
}
