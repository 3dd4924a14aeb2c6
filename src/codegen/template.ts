/**
 * Route-file templates: plain text with `{{ name }}` placeholders (syntax in docs/templates.md).
 */
import { CodegenError } from "./errors.js";

const PLACEHOLDER = /\{\{\s*([A-Za-z][A-Za-z0-9]*)\s*\}\}/g;

/**
 * Replaces every `{{ name }}` in `template` with `values[name]`. An unknown name is an error
 * (a typo must not ship as literal text); `{{` not followed by `name }}` is left as written.
 */
export function renderTemplate(template: string, values: Readonly<Record<string, string>>, label: string): string {
  return template.replace(/\r\n?/g, "\n").replace(PLACEHOLDER, (_match, name: string) => {
    if (!Object.hasOwn(values, name)) {
      const known = Object.keys(values).sort().join(", ");
      throw new CodegenError(`template ${label}: unknown placeholder {{ ${name} }} (known: ${known})`);
    }
    return values[name]!;
  });
}
