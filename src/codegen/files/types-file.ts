/**
 * `<provider>/types.ts`: payload interfaces, the provider's event map and one map per webhook.
 */
import type { GeneratedFile, ProviderSpec } from "../../manifest/types.js";
import type { ProviderIdentifiers } from "../identifiers.js";
import { schemaSource } from "../identifiers.js";
import type { DefResolver, SchemaLike, Where } from "../schema.js";
import { asSchema } from "../schema.js";
import { fileText, headerLine, jsdoc, sortedKeys, stringLiteral, typeKey } from "../text.js";
import type { TsContext } from "../ts-types.js";
import { isInterfaceShape, tsObjectMembers, tsType } from "../ts-types.js";

/** Emits the types file of `spec`. */
export function typesFile(spec: ProviderSpec, ids: ProviderIdentifiers, resolver: DefResolver): GeneratedFile {
  const ctx: TsContext = { resolver, defIdentifier: (def) => ids.defs.get(def)! };
  const lines = [headerLine(spec.source)];
  const sourceOf = (key: string): string => schemaSource(spec, key);

  for (const def of sortedKeys(spec.schemas.defs)) {
    const where: Where = { file: sourceOf(`#/defs/${def}`), pointer: "" };
    lines.push("", ...declaration(ids.defs.get(def)!, asSchema(spec.schemas.defs[def], where), ctx, where, undefined));
  }
  for (const event of sortedKeys(spec.schemas.events)) {
    const where: Where = { file: sourceOf(event), pointer: "" };
    const fallback = `Payload of the \`${event}\` event.`;
    lines.push("", ...declaration(ids.eventTypes.get(event)!, asSchema(spec.schemas.events[event], where), ctx, where, fallback));
  }

  lines.push("", ...jsdoc(`Every ${spec.displayName} event name → its payload type.`, ""), `export interface ${ids.events} {`);
  for (const event of sortedKeys(spec.schemas.events)) {
    lines.push(`  ${typeKey(event)}: ${ids.eventTypes.get(event)!};`);
  }
  lines.push("}");

  for (const webhook of sortedKeys(spec.webhooks)) {
    const config = spec.webhooks[webhook]!;
    lines.push("", ...jsdoc(`The events the \`${webhook}\` webhook (\`${config.path}\`) receives.`, ""));
    const filter = config.events === undefined ? undefined : [...new Set(config.events)].sort();
    const type =
      filter === undefined
        ? ids.events
        : filter.length === 0
          ? `Pick<${ids.events}, never>`
          : `Pick<${ids.events}, ${filter.map(stringLiteral).join(" | ")}>`;
    lines.push(`export type ${ids.webhooks.get(webhook)!} = ${type};`);
  }
  return { path: `${spec.name}/types.ts`, contents: fileText(lines) };
}

function declaration(name: string, schema: SchemaLike, ctx: TsContext, where: Where, fallbackDoc: string | undefined): string[] {
  const doc = typeof schema === "object" ? (schema["description"] ?? schema["title"]) : undefined;
  const lines = jsdoc(typeof doc === "string" ? doc : fallbackDoc, "");
  if (isInterfaceShape(schema, where)) {
    lines.push(`export interface ${name} {`, ...tsObjectMembers(schema, ctx, where, "  "), "}");
  } else {
    lines.push(`export type ${name} = ${tsType(schema, ctx, where)};`);
  }
  return lines;
}
