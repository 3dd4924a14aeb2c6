/**
 * The process-wide registry of provider definitions and their processors.
 */
import type { EventMap, WebhookProviders } from "./event.js";
import { Processor } from "./processor.js";
import type { ProviderDefinition } from "./types.js";

type KnownProvider = keyof WebhookProviders & string;

/**
 * Provider names `createProcessor` accepts: the generated ones, or any string before
 * `generated/index.ts` augments {@link WebhookProviders} (untyped mode).
 */
export type ProviderName = [KnownProvider] extends [never] ? string : KnownProvider;

/** Webhook names of provider `P`. */
export type WebhookName<P extends string> = P extends KnownProvider ? keyof WebhookProviders[P] & string : string;

/** The event map of webhook `W` of provider `P` (`Record<string, unknown>` when untyped). */
export type WebhookEventMap<P extends string, W extends string> = P extends KnownProvider
  ? W extends keyof WebhookProviders[P]
    ? WebhookProviders[P][W] extends EventMap
      ? WebhookProviders[P][W]
      : never
    : never
  : Record<string, unknown>;

/** Holds provider definitions and hands out one processor per (provider, webhook). */
export class WebhookRegistry {
  readonly #providers = new Map<string, ProviderDefinition>();
  readonly #processors = new Map<string, Processor>();

  /**
   * Registers a provider. Registering the same object again is a no-op. A definition from the
   * same source file replaces the registered one: bundlers evaluate a module once per bundle
   * (Next.js gives every route and `instrumentation.ts` its own), and dev servers re-evaluate it
   * after an edit. A definition from another source under a taken name throws, since routes
   * would be ambiguous.
   */
  register(def: ProviderDefinition): this {
    const existing = this.#providers.get(def.name);
    if (existing === def) return this;
    if (existing !== undefined && existing.source !== def.source) {
      throw new Error(
        `provider ${JSON.stringify(def.name)} is already registered (from ${existing.source}); ` +
          `refusing a second definition from ${def.source}`,
      );
    }
    this.#providers.set(def.name, def);
    return this;
  }

  /** The definition registered under `name`, if any. */
  provider(name: string): ProviderDefinition | undefined {
    return this.#providers.get(name);
  }

  /** Every registered definition, in registration order. */
  providers(): readonly ProviderDefinition[] {
    return [...this.#providers.values()];
  }

  /**
   * The processor of `provider`'s `webhook` (default `"default"`): the same object on every call,
   * so route registration and handler registration meet whatever the import order.
   * Throws when the provider or webhook is unknown.
   */
  createProcessor<P extends ProviderName, W extends WebhookName<P> = Extract<"default", WebhookName<P>>>(
    provider: P,
    webhook?: W,
  ): Processor<WebhookEventMap<P, W>> {
    return this.processorFor(provider, webhook ?? "default") as unknown as Processor<WebhookEventMap<P, W>>;
  }

  /** Untyped {@link createProcessor} for code that only knows names at run time (routes, tools). */
  processorFor(provider: string, name: string): Processor {
    const def = this.#providers.get(provider);
    if (def === undefined) {
      const known = [...this.#providers.keys()].join(", ") || "none";
      throw new Error(
        `unknown webhook provider ${JSON.stringify(provider)} (registered: ${known}); ` +
          `import your generated index (e.g. "./generated/index.js") before creating processors`,
      );
    }
    if (!Object.hasOwn(def.webhooks, name)) {
      throw new Error(
        `provider ${JSON.stringify(provider)} has no webhook ${JSON.stringify(name)} ` +
          `(declared in ${def.source}: ${Object.keys(def.webhooks).join(", ")})`,
      );
    }
    const key = `${provider}\u0000${name}`;
    let processor = this.#processors.get(key);
    if (processor === undefined) {
      processor = new Processor(provider, name);
      this.#processors.set(key, processor);
    }
    return processor;
  }
}

const REGISTRY_KEY = Symbol.for("smart-api-integrations.registry");

/**
 * The process-wide registry, kept on `globalThis` so two copies of this package (e.g. a
 * dual install) still share providers and handlers.
 */
export function getWebhookRegistry(): WebhookRegistry {
  const holder = globalThis as { [REGISTRY_KEY]?: WebhookRegistry };
  return (holder[REGISTRY_KEY] ??= new WebhookRegistry());
}
