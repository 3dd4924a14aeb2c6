/**
 * Provider definitions built from the YAML-only scheme fixtures (test/conformance/schemes/fixtures)
 * through the real manifest loader, shared by the parent test and the child without node:crypto.
 */
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { loadProviderSpecs, memorySource } from "../../../src/manifest/index.js";
import { WebhookRegistry } from "../../../src/runtime/registry.js";
import type { WebhookRoute } from "../../../src/runtime/routes.js";
import type { ProviderDefinition } from "../../../src/runtime/types.js";

const fixtures = fileURLToPath(new URL("../../conformance/schemes/fixtures/", import.meta.url));

/** The fixtures whose deliveries the wire test sends. */
export const WIRE_PROVIDERS = ["standard-webhooks", "discord", "sendgrid", "paddle", "hubspot", "linear"] as const;

/** Every fixture as a runtime definition (no catalog: every event reaches the `*` handler). */
export function fixtureDefinitions(): ProviderDefinition[] {
  const files: Record<string, string> = {};
  for (const name of readdirSync(fixtures)) files[`providers/${name}/webhook.yaml`] = readFileSync(`${fixtures}${name}/webhook.yaml`, "utf8");
  return loadProviderSpecs({ source: memorySource(files), providersDir: "providers" }).map((s) => ({
    name: s.name,
    source: s.source,
    signature: s.signature,
    event: s.event,
    bodyFormat: s.bodyFormat,
    ...(s.handshake === undefined ? {} : { handshake: s.handshake }),
    events: [],
    webhooks: s.webhooks,
  }));
}

/** A registry of the wire providers with a `*` handler each, and their routes. */
export function wireRegistry(): { registry: WebhookRegistry; routes: WebhookRoute[] } {
  const registry = new WebhookRegistry();
  const routes: WebhookRoute[] = [];
  for (const def of fixtureDefinitions()) {
    if (!(WIRE_PROVIDERS as readonly string[]).includes(def.name)) continue;
    registry.register(def);
    registry.processorFor(def.name, "default").on("*", (event) => ({ handled: event.type }));
    routes.push({ provider: def.name, webhook: "default", path: def.webhooks["default"]!.path });
  }
  return { registry, routes };
}
