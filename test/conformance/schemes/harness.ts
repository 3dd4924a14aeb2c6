/**
 * Loads the YAML-only scheme fixtures through the real manifest loader and verifies deliveries
 * with the runtime's verifiers on both crypto backends, which must agree.
 */
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { expect } from "vitest";
import { loadProviderSpecs, memorySource, type ProviderSpec } from "../../../src/manifest/index.js";
import { createCrypto } from "../../../src/runtime/crypto/index.js";
import type { HeaderBag, SignatureConfig } from "../../../src/runtime/types.js";
import { createVerifier } from "../../../src/runtime/verifiers/create-verifier.js";
import type { VerifyResult } from "../../../src/runtime/verifiers/verifier.js";

const fixtures = fileURLToPath(new URL("./fixtures/", import.meta.url));

/** The Node backend and the Web Crypto one (node:crypto hidden from it). */
export const BACKENDS = { node: createCrypto(), webcrypto: createCrypto({ node: undefined }) } as const;

/** Every fixture provider, loaded from its webhook.yaml alone. */
export function loadFixtures(): ReadonlyMap<string, ProviderSpec> {
  const files: Record<string, string> = {};
  for (const name of readdirSync(fixtures)) files[`providers/${name}/webhook.yaml`] = readFileSync(`${fixtures}${name}/webhook.yaml`, "utf8");
  return new Map(loadProviderSpecs({ source: memorySource(files), providersDir: "providers" }).map((s) => [s.name, s]));
}

const specs = loadFixtures();

/** The signature config the YAML fixture `name` declares. */
export function schemeOf(name: string): SignatureConfig {
  const spec = specs.get(name);
  if (spec === undefined) throw new Error(`no fixture ${name}`);
  return spec.signature;
}

/** What a delivery looks like to a verifier. */
export interface Delivery {
  readonly body: string | Uint8Array;
  readonly headers: Readonly<Record<string, string>>;
  readonly secrets: readonly string[];
  readonly now?: number;
  readonly method?: string;
  readonly path?: string;
  /** The raw query string after `?` (Twilio signs the URL with it). */
  readonly query?: string | undefined;
}

/** Lower-cases header names, as adapters hand them over. */
export function lower(headers: Readonly<Record<string, string>>): HeaderBag {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
}

/** Verifies on both backends; they must agree. Answers the Node backend's result. */
export async function verify(signature: SignatureConfig, d: Delivery): Promise<VerifyResult> {
  const input = {
    rawBody: typeof d.body === "string" ? new TextEncoder().encode(d.body) : d.body,
    headers: lower(d.headers),
    secrets: d.secrets,
    now: d.now ?? Date.now(),
    method: d.method ?? "POST",
    path: d.path,
    query: d.query,
  };
  const node = await createVerifier(signature, { crypto: BACKENDS.node }).verify(input);
  const web = await createVerifier(signature, { crypto: BACKENDS.webcrypto }).verify(input);
  expect({ ok: web.ok, reason: web.ok ? undefined : web.reason }).toEqual({ ok: node.ok, reason: node.ok ? undefined : node.reason });
  return node;
}

/** True when `d` verifies under `signature` (on both backends). */
export async function accepts(signature: SignatureConfig, d: Delivery): Promise<boolean> {
  return (await verify(signature, d)).ok;
}

/**
 * Secret rotation: with all of `secrets` configured, a delivery signed with any one of them
 * verifies and one signed with `stranger` does not (on both backends). `signedWith(secret)` is the
 * delivery as the provider sends it signed with `secret`; its own `secrets`, if any, are replaced.
 */
export async function expectRotation(
  signature: SignatureConfig,
  secrets: readonly string[],
  stranger: string,
  signedWith: (secret: string) => Omit<Delivery, "secrets">,
): Promise<void> {
  for (const secret of secrets) expect(await accepts(signature, { ...signedWith(secret), secrets }), `signed with ${secret}`).toBe(true);
  expect(await accepts(signature, { ...signedWith(stranger), secrets }), `signed with ${stranger}`).toBe(false);
}
