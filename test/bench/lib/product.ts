/**
 * Paths of the product under test and loose interfaces over its runtime. The suites that TIME the
 * runtime load it from dist/ (lib/dist.ts); the generated code loaded here through tsx (validation
 * suite) is only used for its validators.
 *
 * The local interfaces mirror docs/CONTRACTS.md and src/runtime/types.ts; they are deliberately
 * loose (string event names, options as a record) because the bench drives many providers
 * generically and must keep compiling while the pipeline's options evolve.
 */
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { ProviderDefinition, WebhookRequest, WebhookResponse } from "../../../src/runtime/types.js";

export const ROOT = fileURLToPath(new URL("../../../", import.meta.url)).replace(/\/$/, "");

export const PATHS = {
  runtime: join(ROOT, "src/runtime/index.ts"),
  cli: join(ROOT, "src/cli/main.ts"),
  providers: join(ROOT, "providers"),
  schemas: join(ROOT, "schemas"),
  generated: join(ROOT, "generated"),
  adapters: join(ROOT, "src/adapters"),
} as const;

export interface BenchProcessor {
  on(name: string, handler: (event: unknown) => unknown): unknown;
}

export interface BenchRegistry {
  register(def: ProviderDefinition): unknown;
  createProcessor(provider: string, webhook?: string): BenchProcessor;
}

export interface BenchRoute {
  readonly provider: string;
  readonly webhook: string;
  readonly path: string;
}

export interface RuntimeApi {
  getWebhookRegistry(): BenchRegistry;
  createWebhookHandler(
    routes: readonly BenchRoute[],
    options?: Record<string, unknown>,
  ): (req: WebhookRequest) => Promise<WebhookResponse | undefined>;
}

async function importTs<T>(file: string): Promise<T> {
  return (await import(pathToFileURL(file).href)) as T;
}

export function generatedProviderFile(provider: string): string {
  return join(PATHS.generated, provider, "provider.ts");
}

/** The `<provider>Provider` export of generated/<provider>/provider.ts, or undefined. */
export function generatedDir(): string {
  return process.env["SAI_BENCH_GENERATED"] || PATHS.generated;
}

/** Set `SAI_BENCH_GENERATED=<dir>` (or `--generated <dir>`) to bench generated code written elsewhere. */
export async function loadGeneratedProvider(provider: string, dir: string = generatedDir()): Promise<ProviderDefinition | undefined> {
  const file = join(dir, provider, "provider.ts");
  if (!existsSync(file)) return undefined;
  const mod = await importTs<Record<string, unknown>>(file);
  for (const [key, value] of Object.entries(mod)) {
    if (!key.endsWith("Provider") || typeof value !== "object" || value === null) continue;
    const def = value as Partial<ProviderDefinition>;
    if (def.name === provider && def.webhooks && def.signature) return value as ProviderDefinition;
  }
  return undefined;
}

/** Built-in providers (folders of providers/ with a webhook.yaml). */
export function builtInProviders(): string[] {
  if (!existsSync(PATHS.providers)) return [];
  return readdirSync(PATHS.providers, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(PATHS.providers, d.name, "webhook.yaml")))
    .map((d) => d.name)
    .sort();
}
