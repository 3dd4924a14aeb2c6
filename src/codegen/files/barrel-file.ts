/**
 * `<provider>/index.ts`: an explicit barrel (named exports only, so conflicts are visible).
 */
import type { GeneratedFile, ProviderSpec } from "../../manifest/types.js";
import type { ProviderIdentifiers } from "../identifiers.js";
import { compareStrings, fileText, headerLine } from "../text.js";

/** Emits the barrel of `spec`. */
export function barrelFile(spec: ProviderSpec, ids: ProviderIdentifiers): GeneratedFile {
  const types = [...ids.defs.values(), ...ids.eventTypes.values(), ids.events, ...ids.webhooks.values()].sort(compareStrings);
  const lines = [
    headerLine(spec.source),
    `export type {\n${types.map((t) => `  ${t},\n`).join("")}} from "./types.js";`,
    `export { ${ids.provider} } from "./provider.js";`,
    `export { ${ids.validators} } from "./validators.js";`,
  ];
  return { path: `${spec.name}/index.ts`, contents: fileText(lines) };
}
