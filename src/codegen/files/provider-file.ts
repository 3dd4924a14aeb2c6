/**
 * `<provider>/provider.ts`: the ProviderDefinition literal the runtime interprets.
 */
import type { GeneratedFile, ProviderSpec } from "../../manifest/types.js";
import type { ProviderIdentifiers } from "../identifiers.js";
import { fileText, headerLine, jsdoc, sortedKeys } from "../text.js";
import { Code, printValue } from "../value.js";

/** Emits the provider definition file of `spec`. */
export function providerFile(spec: ProviderSpec, ids: ProviderIdentifiers): GeneratedFile {
  const webhooks: Record<string, unknown> = {};
  for (const name of sortedKeys(spec.webhooks)) webhooks[name] = spec.webhooks[name];
  const definition = {
    name: spec.name,
    source: spec.source,
    signature: spec.signature,
    event: spec.event,
    bodyFormat: spec.bodyFormat,
    handshake: spec.handshake,
    delivery: spec.delivery,
    events: sortedKeys(spec.schemas.events),
    validators: new Code(ids.validators),
    webhooks,
  };
  const lines = [
    headerLine(spec.source),
    `import type { ProviderDefinition } from "smart-api-integrations";`,
    `import { ${ids.validators} } from "./validators.js";`,
    "",
    ...jsdoc(`How ${spec.displayName} webhooks are received, generated from ${spec.source}.`, ""),
    `export const ${ids.provider}: ProviderDefinition = ${printValue(definition)};`,
  ];
  return { path: `${spec.name}/provider.ts`, contents: fileText(lines) };
}
