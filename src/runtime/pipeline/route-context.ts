/**
 * What a route resolves to once, on its first request: its provider definition, webhook config,
 * processor, compiled extraction and guards. Resolved lazily because generated route files may
 * be imported before their providers register.
 */
import { compileExtraction, type CompiledExtraction } from "../extract.js";
import { createIpMatcher, type IpMatcher } from "../guards/ip.js";
import type { Processor } from "../processor.js";
import type { WebhookRoute } from "../routes.js";
import type { ProviderDefinition, WebhookConfig } from "../types.js";
import { createVerifier } from "../verifiers/create-verifier.js";
import { signatureCoversBodyPath, signatureCoversHeader } from "../verifiers/schemes/signed-headers.js";
import type { WebhookVerifier } from "../verifiers/verifier.js";
import type { PipelineSettings } from "./options.js";

/** Log fields naming a route. */
export type RouteFields = { readonly provider: string; readonly webhook: string };

/** Everything resolved once per route. */
export interface RouteContext {
  readonly route: WebhookRoute;
  readonly def: ProviderDefinition;
  readonly config: WebhookConfig;
  readonly processor: Processor;
  readonly allowlist: IpMatcher | undefined;
  /** The webhook's token bucket key (spent by verified deliveries only). */
  readonly rateKey: string;
  /** Token refill per ms, from `requests_per_minute`. */
  readonly refillPerMs: number;
  /** Key prefix of failed-verification budgets, one per client address. */
  readonly failureKeyPrefix: string;
  readonly subscribed: ReadonlySet<string> | undefined;
  /** The provider's event names. */
  readonly catalog: ReadonlySet<string>;
  readonly extraction: CompiledExtraction;
  /**
   * True when the provider's event id is covered by its signature (it lies in the signed body, or
   * in a header the scheme signs). When it is not (GitHub's `X-GitHub-Delivery`), a captured
   * delivery could be replayed under a fresh id, so dedupe keys on the verified signature instead.
   */
  readonly idIsSigned: boolean;
  /** Shared by every log line of the route's requests. */
  readonly where: RouteFields;
  /** Dedupe keys are `<prefix><event id or signature digest>`. */
  readonly dedupePrefix: string;
}

const catalogs = new WeakMap<ProviderDefinition, ReadonlySet<string>>();
const extractions = new WeakMap<ProviderDefinition, CompiledExtraction>();
const defaultVerifiers = new WeakMap<ProviderDefinition, WebhookVerifier>();

function memo<V>(cache: WeakMap<ProviderDefinition, V>, def: ProviderDefinition, make: (def: ProviderDefinition) => V): V {
  let value = cache.get(def);
  if (value === undefined) cache.set(def, (value = make(def)));
  return value;
}

/** The verifier webhook.yaml configures for `def` (one instance per definition). */
export function defaultVerifierOf(def: ProviderDefinition): WebhookVerifier {
  return memo(defaultVerifiers, def, (d) => createVerifier(d.signature));
}

/** Whether `def`'s event id is something its signature covers (see {@link RouteContext.idIsSigned}). */
export function idIsSigned(def: ProviderDefinition, config: WebhookConfig): boolean {
  const id = def.event.id;
  if (!config.verifySignature || def.signature.scheme === "none") return true; // nothing is signed: nothing better to key on
  if (id === undefined) return true; // the id is the body's own digest
  // Body paths: covered when the scheme signs the whole body, not only some of its fields (Mailgun).
  if (id.header === undefined) return (id.body ?? []).every((path) => signatureCoversBodyPath(def.signature, path));
  return signatureCoversHeader(def.signature, id.header);
}

/** Resolves `route`; throws when its provider or webhook is not registered. */
export function resolveRouteContext(route: WebhookRoute, settings: PipelineSettings): RouteContext {
  const processor = settings.registry.processorFor(route.provider, route.webhook);
  const def = settings.registry.provider(route.provider)!;
  const config = def.webhooks[route.webhook]!;
  return {
    route,
    def,
    config,
    processor,
    allowlist: config.ipAllowlist !== undefined && config.ipAllowlist.length > 0 ? createIpMatcher(config.ipAllowlist) : undefined,
    rateKey: `${def.name}:${route.webhook}`,
    refillPerMs: config.rateLimit === undefined ? 0 : config.rateLimit.requestsPerMinute / 60_000,
    failureKeyPrefix: `${def.name}:${route.webhook}:unverified:`,
    subscribed: config.events === undefined ? undefined : new Set(config.events),
    catalog: memo(catalogs, def, (d) => new Set(d.events)),
    extraction: memo(extractions, def, (d) => compileExtraction(d.event)),
    idIsSigned: idIsSigned(def, config),
    where: Object.freeze({ provider: def.name, webhook: route.webhook }),
    dedupePrefix: `${def.name}:${route.webhook}:`,
  };
}
