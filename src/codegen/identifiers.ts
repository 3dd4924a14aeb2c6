/**
 * Every identifier generated for one provider, derived with {@link pascalCase} and claimed in
 * name tables so that a collision fails with both inputs named (CONTRACTS.md § Generated files).
 */
import type { ProviderSpec } from "../manifest/types.js";
import { CodegenError } from "./errors.js";
import { camelCase, NameTable, pascalCase } from "./names.js";
import { sortedKeys } from "./text.js";

/** The generated names of one provider. */
export interface ProviderIdentifiers {
  /** `stripeProvider`: the ProviderDefinition constant. */
  readonly provider: string;
  /** `stripeValidators`: the ValidatorFactory constant. */
  readonly validators: string;
  /** `StripeEvents`: the event name → payload map. */
  readonly events: string;
  /** Def key → interface name (`simple-user` → `SimpleUser`). */
  readonly defs: ReadonlyMap<string, string>;
  /** Event name → payload interface name (`issues.opened` → `IssuesOpenedEvent`). */
  readonly eventTypes: ReadonlyMap<string, string>;
  /** Webhook name → its event map type (`default` → `StripeDefaultEvents`). */
  readonly webhooks: ReadonlyMap<string, string>;
}

/** The file an event (`key` = its name) or def (`#/defs/<Name>`) came from, else the webhook.yaml. */
export function schemaSource(spec: ProviderSpec, key: string): string {
  return Object.hasOwn(spec.schemas.sources, key) ? spec.schemas.sources[key]! : spec.source;
}

/** Names the types file itself uses; a def of that name would shadow it. */
const TYPES_RESERVED = { Pick: "the TypeScript utility type Pick (used for webhook event filters)" };

/** Names generated/index.ts declares or imports besides the providers' own. */
export const INDEX_RESERVED: Readonly<Record<string, string>> = {
  getWebhookRegistry: "the runtime import getWebhookRegistry",
  ProviderDefinition: "the runtime type ProviderDefinition",
  providers: "the generated export providers",
  webhookRoutes: "the generated export webhookRoutes",
  WebhookRoute: "the runtime type WebhookRoute",
};

/**
 * Derives and collision-checks the identifiers of `spec`. `global` is the scope of
 * generated/index.ts, which imports every provider's constant and webhook types together.
 * Inputs are visited in sorted order so that the error for a collision is itself deterministic.
 */
export function providerIdentifiers(spec: ProviderSpec, global: NameTable): ProviderIdentifiers {
  const where = `provider ${JSON.stringify(spec.name)} (${spec.source})`;
  const local = new NameTable(TYPES_RESERVED);
  const sourceOf = (key: string): string => schemaSource(spec, key);

  const value = camelCase(spec.name);
  const provider = global.claim(local.claim(`${value}Provider`, where), where);
  const validators = local.claim(`${value}Validators`, where);
  const display = pascalCase(spec.displayName);
  const events = local.claim(`${display}Events`, `the event map of ${where}`);

  const defs = new Map<string, string>();
  for (const def of sortedKeys(spec.schemas.defs)) {
    defs.set(def, local.claim(pascalCase(def), `def ${JSON.stringify(def)} (${sourceOf(`#/defs/${def}`)})`));
  }
  const eventTypes = new Map<string, string>();
  for (const event of sortedKeys(spec.schemas.events)) {
    const id = `${pascalCase(event)}Event`;
    eventTypes.set(event, local.claim(id, `event ${JSON.stringify(event)} (${sourceOf(event)})`));
  }
  const webhooks = new Map<string, string>();
  for (const webhook of sortedKeys(spec.webhooks)) {
    const source = `webhook ${JSON.stringify(webhook)} of ${where}`;
    const id = `${display}${pascalCase(webhook)}Events`;
    webhooks.set(webhook, global.claim(local.claim(id, source), source));
    for (const event of spec.webhooks[webhook]?.events ?? []) {
      if (!Object.hasOwn(spec.schemas.events, event)) {
        throw new CodegenError(`${source} subscribes to ${JSON.stringify(event)}, which has no event schema`);
      }
    }
  }
  return { provider, validators, events, defs, eventTypes, webhooks };
}

/** Checks a provider name is usable as a folder of the output (and is not one we use). */
export function checkProviderName(spec: ProviderSpec): void {
  if (!/^[A-Za-z0-9][A-Za-z0-9_-]*$/.test(spec.name) || spec.name === "routes") {
    throw new CodegenError(
      `provider name ${JSON.stringify(spec.name)} (${spec.source}) must be letters, digits, "-" or "_" and not "routes"`,
    );
  }
}
