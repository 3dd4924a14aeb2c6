/**
 * Test helper for the package's built-in providers (providers/<name>/webhook.yaml): their specs
 * through the real manifest loader, their signature configs, and runtime definitions for
 * in-process pipelines. Verification itself goes through ../schemes/harness.ts (`verify`,
 * `accepts`), which runs both crypto backends and requires them to agree.
 */
import { fsSpecSource } from "../../../src/cli/fs-source.js";
import { loadProviderSpecs, type ProviderSpec } from "../../../src/manifest/index.js";
import type { ProviderDefinition, SignatureConfig } from "../../../src/runtime/types.js";
import { repoRoot } from "../schema-folder.js";

let cache: ReadonlyMap<string, ProviderSpec> | undefined;

/** Every built-in provider spec, by name, loaded from the repository's providers/ folder. */
export function builtinSpecs(): ReadonlyMap<string, ProviderSpec> {
  cache ??= new Map(
    loadProviderSpecs({ source: fsSpecSource(repoRoot), providersDir: "providers", builtinDir: "providers" }).map((s) => [s.name, s]),
  );
  return cache;
}

/** The built-in spec `name`; throws when there is none. */
export function builtinSpec(name: string): ProviderSpec {
  const spec = builtinSpecs().get(name);
  if (spec === undefined) throw new Error(`no built-in provider ${name} (have: ${[...builtinSpecs().keys()].join(", ")})`);
  return spec;
}

/** The signature config of the built-in provider `name`. */
export function builtinScheme(name: string): SignatureConfig {
  return builtinSpec(name).signature;
}

/**
 * The built-in provider `name` as a runtime definition with its catalog but without validators
 * (for in-process pipelines; the generated code in generated/ adds the validators).
 */
export function builtinDefinition(name: string): ProviderDefinition {
  const s = builtinSpec(name);
  return {
    name: s.name,
    source: s.source,
    signature: s.signature,
    event: s.event,
    bodyFormat: s.bodyFormat,
    ...(s.handshake === undefined ? {} : { handshake: s.handshake }),
    ...(s.delivery === undefined ? {} : { delivery: s.delivery }),
    events: Object.keys(s.schemas.events).sort(),
    webhooks: s.webhooks,
  };
}
