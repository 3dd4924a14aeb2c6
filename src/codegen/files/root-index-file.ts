/**
 * `index.ts`: registers every provider with the runtime registry, lists the webhook routes and
 * augments `WebhookProviders` so that `createProcessor(provider, webhook).on(name)` is typed.
 */
import type { GeneratedFile, ProviderSpec } from "../../manifest/types.js";
import type { ProviderIdentifiers } from "../identifiers.js";
import { ALL_PROVIDERS_SOURCE, fileText, headerLine, sortedKeys, typeKey } from "../text.js";
import { Code, printValue } from "../value.js";

/** One provider with its identifiers, in output order (sorted by name). */
export interface NamedProvider {
  readonly spec: ProviderSpec;
  readonly ids: ProviderIdentifiers;
}

/** The route list exported as `webhookRoutes`: every webhook, sorted by provider then webhook. */
export function webhookRoutes(providers: readonly NamedProvider[]): { provider: string; webhook: string; path: string }[] {
  return providers.flatMap(({ spec }) =>
    sortedKeys(spec.webhooks).map((webhook) => ({ provider: spec.name, webhook, path: spec.webhooks[webhook]!.path })),
  );
}

/** Emits generated/index.ts. */
export function rootIndexFile(providers: readonly NamedProvider[]): GeneratedFile {
  const lines = [
    headerLine(ALL_PROVIDERS_SOURCE),
    `import { getWebhookRegistry } from "smart-api-integrations";`,
    `import type { ProviderDefinition, WebhookRoute } from "smart-api-integrations";`,
  ];
  for (const { spec, ids } of providers) {
    const types = [...ids.webhooks.values()].map((t) => `type ${t}`);
    lines.push(`import { ${[ids.provider, ...types].join(", ")} } from "./${spec.name}/index.js";`);
  }
  lines.push(
    "",
    "/** Every generated provider, sorted by name. */",
    `export const providers: readonly ProviderDefinition[] = ${printValue(providers.map(({ ids }) => new Code(ids.provider)))};`,
    "",
    "/** Every webhook route, sorted by provider then webhook; the route files register these. */",
    `export const webhookRoutes: readonly WebhookRoute[] = ${printValue(webhookRoutes(providers))};`,
    "",
    "// Registering here means importing this file (or a route file, which imports it) is enough.",
    ...providers.map(({ ids }) => `getWebhookRegistry().register(${ids.provider});`),
    "",
    `declare module "smart-api-integrations" {`,
    "  interface WebhookProviders {",
    ...providers.map(({ spec, ids }) => {
      const maps = sortedKeys(spec.webhooks).map((w) => `${typeKey(w)}: ${ids.webhooks.get(w)!}`);
      return `    ${typeKey(spec.name)}: { ${maps.join("; ")} };`;
    }),
    "  }",
    "}",
  );
  return { path: "index.ts", contents: fileText(lines) };
}
