/**
 * `<provider>/validators.ts`: a lazy, per-mode table of zod validators keyed by event name.
 *
 * Shape of the output (see src/codegen/README.md): one memoised getter per def that an
 * event needs, a `switch` from event name to its schema, and a per-mode cache. Getters and the
 * switch are annotated `z.ZodType` so that the user's tsc never infers the schemas' full types.
 */
import type { GeneratedFile, ProviderSpec } from "../../manifest/types.js";
import { analyseRecursion } from "../cycles.js";
import type { ProviderIdentifiers } from "../identifiers.js";
import { schemaSource } from "../identifiers.js";
import type { DefResolver, Where } from "../schema.js";
import { asSchema } from "../schema.js";
import { compareStrings, fileText, headerLine, jsdoc, sortedKeys, stringLiteral } from "../text.js";
import type { ZodContext } from "../zod-schema.js";
import { zodSchema } from "../zod-schema.js";

/**
 * Emitted after `build`. `z.compile` (zod 4.6+) turns a schema into generated code and gives it an
 * assert-only `validate` that the pipeline calls first: on a real 7.7 kB GitHub push, lenient
 * validation drops from ~6 µs (`safeParse`) to ~1.1 µs. It never throws (a schema it cannot model,
 * or a runtime without `new Function`, keeps zod's interpreter). Looked up loosely so that the
 * generated file still compiles and runs against zod 4 releases without it.
 */
const COMPILE_HELPER = [
  "/** zod's ahead-of-time compiler when this zod has one (see the pipeline's use of `validate`). */",
  "const zodCompile = (z as { compile?: (schema: z.ZodType) => z.ZodType }).compile;",
  "const compile = (schema: z.ZodType): z.ZodType => (zodCompile === undefined ? schema : zodCompile(schema));",
];

/**
 * The second line of every validators file. Type-checking these zod builder calls costs a user's
 * tsc about 4× what the payload interfaces do (measured on the GitHub catalog: +126 MB and +1.4 s
 * against +20 MB and +0.3 s for types.ts), while nothing outside the file depends on their inferred
 * types (the export is annotated `ValidatorFactory`). Our own test suite type-checks them
 * without this line, under strict settings, with TypeScript 5.9 and 7.
 */
export const VALIDATORS_NOCHECK =
  "// @ts-nocheck -- type-checked by smart-api-integrations' tests; skipped in yours to keep tsc fast";

/** Emits the validators file of `spec`. */
export function validatorsFile(spec: ProviderSpec, ids: ProviderIdentifiers, resolver: DefResolver): GeneratedFile {
  const recursion = analyseRecursion(spec.schemas.defs, resolver);
  const sourceOf = (key: string): string => schemaSource(spec, key);
  // Getter names → def keys, recorded as expressions reference them: only used defs are emitted,
  // so a user's `noUnusedLocals` never trips over generated code.
  const used = new Map<string, string>();
  const defIds = new Map([...ids.defs].map(([def, id]) => [id, def]));
  const helpers = new Set<string>();
  const context = (currentDef: string | undefined): ZodContext => ({
    resolver,
    useHelper: (helper) => helpers.add(helper),
    recursion,
    currentDef,
    defIdentifier: (def) => {
      const id = ids.defs.get(def)!;
      used.set(id, def);
      return id;
    },
  });

  const cases: string[] = [];
  for (const event of sortedKeys(spec.schemas.events)) {
    const where: Where = { file: sourceOf(event), pointer: "" };
    const expr = zodSchema(asSchema(spec.schemas.events[event], where), context(undefined), where, "        ");
    cases.push(`      case ${stringLiteral(event)}:`, `        return ${expr};`);
  }
  const getters = new Map<string, string[]>();
  for (let pending = [...used.keys()]; pending.length > 0; pending = [...used.keys()].filter((id) => !getters.has(id))) {
    for (const id of pending) {
      const def = defIds.get(id)!;
      const where: Where = { file: sourceOf(`#/defs/${def}`), pointer: "" };
      const expr = zodSchema(asSchema(spec.schemas.defs[def], where), context(def), where, "  ");
      getters.set(id, [`  let ${id}$: z.ZodType | undefined;`, `  const ${id} = (): z.ZodType => (${id}$ ??= ${expr});`]);
    }
  }

  const usesObj = helpers.has("obj");
  const usesDu = helpers.has("du");
  const lines = [
    headerLine(spec.source),
    VALIDATORS_NOCHECK,
    `import { z } from "zod";`,
    `import type { ObjectMode, PayloadValidator, ValidatorFactory } from "smart-api-integrations";`,
    "",
    "type Lookup = (event: string) => PayloadValidator | undefined;",
    "",
    "/** Builds the lookup for one object mode; no schema is constructed before an event asks for it. */",
    `function build(${usesObj ? "mode" : "_mode"}: ObjectMode): Lookup {`,
  ];
  if (usesObj) {
    lines.push(
      "  // Objects without `additionalProperties` follow the mode: strict rejects unknown keys.",
      "  const obj: (shape: Record<string, z.ZodType>) => z.ZodType = mode === \"strict\" ? z.strictObject : z.looseObject;",
    );
  }
  if (usesDu) {
    lines.push(
      "  // Typed loosely on purpose: branches are erased to z.ZodType to keep tsc cheap.",
      "  const du = z.discriminatedUnion as unknown as (key: string, options: z.ZodType[]) => z.ZodType;",
    );
  }
  for (const id of [...getters.keys()].sort(compareStrings)) lines.push(...getters.get(id)!);
  lines.push(
    "  const make = (event: string): z.ZodType | undefined => {",
    "    switch (event) {",
    ...cases,
    "      default:",
    "        return undefined;",
    "    }",
    "  };",
    "  // Only catalog events are cached: unknown names come from the network and must not grow it.",
    "  const built = new Map<string, PayloadValidator>();",
    "  return (event) => {",
    "    let validator = built.get(event);",
    "    if (validator === undefined) {",
    "      const schema = make(event);",
    "      if (schema !== undefined) built.set(event, (validator = compile(schema)));",
    "    }",
    "    return validator;",
    "  };",
    "}",
    "",
    ...COMPILE_HELPER,
    "",
    "const tables = new Map<ObjectMode, Lookup>();",
    "",
    ...jsdoc(`zod validators of every ${spec.displayName} event payload, built lazily and once per mode.`, ""),
    `export const ${ids.validators}: ValidatorFactory = (mode) => {`,
    "  let table = tables.get(mode);",
    "  if (table === undefined) {",
    "    table = build(mode);",
    "    tables.set(mode, table);",
    "  }",
    "  return table;",
    "};",
  );
  return { path: `${spec.name}/validators.ts`, contents: fileText(lines) };
}
