/**
 * Builds an in-process instance of our full pipeline (verify → parse → validate → dedupe →
 * dispatch → respond) for one provider and validation mode, from the generated provider definition.
 */
import type { ProviderDefinition, ValidationMode, WebhookConfig, WebhookRequest, WebhookResponse } from "../../../src/runtime/types.js";
import type { DedupeStore } from "../../../src/runtime/stores/types.js";
import { idHeader, SECRET, signedHeaders, type BenchPayload } from "./payloads.js";
import { loadGeneratedProvider, loadRuntime, type RuntimeApi } from "./product.js";

export const MODES: readonly ValidationMode[] = ["off", "lenient", "strict"];

export const BENCH_SECRET_ENV = "SAI_BENCH_SECRET";

/**
 * For providers whose dedupe id lives in the signed body (Stripe's `evt_…`), varying it per
 * iteration would mean re-signing per iteration; we pass this store instead, which claims every
 * id. Providers whose id is a header (GitHub's X-GitHub-Delivery) get a fresh id per iteration
 * and go through the default in-memory store.
 */
export class NeverDuplicateStore implements DedupeStore {
  // Synchronous, like the in-memory store it stands in for.
  claim(): "claimed" {
    return "claimed";
  }
  complete(): void {}
  release(): void {}
}

/** Option name under which createWebhookHandler accepts a dedupe store (see src/runtime). */
export const DEDUPE_OPTION = "dedupe";

export interface OurPipeline {
  readonly def: ProviderDefinition;
  readonly handler: (req: WebhookRequest) => Promise<WebhookResponse | undefined>;
  readonly pathFor: (mode: ValidationMode) => string;
  readonly idFromHeader: boolean;
}

const cache = new Map<string, Promise<OurPipeline | string>>();

export function benchWebhook(base: WebhookConfig, mode: ValidationMode, path: string): WebhookConfig {
  // Drop guards that would throttle or filter a benchmark (rate limit, IP allowlist, events filter).
  const { events: _e, rateLimit: _r, ipAllowlist: _i, ...rest } = base;
  return { ...rest, path, validation: mode, verifySignature: true, secretEnv: BENCH_SECRET_ENV, maxBodyBytes: 4 * 1024 * 1024 };
}

async function build(provider: string, nowMs: number): Promise<OurPipeline | string> {
  const runtime: RuntimeApi | undefined = await loadRuntime();
  if (!runtime) return "src/runtime/index.ts not available";
  const def = await loadGeneratedProvider(provider);
  if (!def) return `generated/${provider}/provider.ts not available`;
  const first = Object.values(def.webhooks)[0];
  if (!first) return `${provider} has no webhook`;
  const name = `bench_${provider}`;
  const pathFor = (mode: ValidationMode) => `/bench/${provider}/${mode}`;
  const clone: ProviderDefinition = {
    ...def,
    name,
    webhooks: Object.fromEntries(MODES.map((m) => [m, benchWebhook(first, m, pathFor(m))])),
  };
  const registry = runtime.getWebhookRegistry();
  registry.register(clone);
  for (const mode of MODES) registry.createProcessor(name, mode).on("*", () => undefined);
  const idFromHeader = idHeader(def) !== undefined;
  const handler = runtime.createWebhookHandler(
    MODES.map((m) => ({ provider: name, webhook: m, path: pathFor(m) })),
    {
      env: { [BENCH_SECRET_ENV]: SECRET },
      now: () => nowMs,
      ...(idFromHeader ? {} : { [DEDUPE_OPTION]: new NeverDuplicateStore() }),
    },
  );
  return { def, handler, pathFor, idFromHeader };
}

export function ourPipeline(provider: string, nowMs: number): Promise<OurPipeline | string> {
  let p = cache.get(provider);
  if (!p) {
    p = build(provider, nowMs).catch((err: unknown) => `failed to build pipeline: ${err instanceof Error ? err.message : String(err)}`);
    cache.set(provider, p);
  }
  return p;
}

/** A request factory: each call returns a fresh, correctly signed request (new delivery id when the id is a header). */
/** Delivery ids are unique across every cell of a run: the pipelines (and their dedupe stores) are shared. */
let deliveries = 0;

export function requestFactory(pipe: OurPipeline, payload: BenchPayload, mode: ValidationMode, nowSec: number): () => WebhookRequest {
  const path = pipe.pathFor(mode);
  const base = signedHeaders(pipe.def, { body: payload.bytes, event: payload.event, id: "bench-0", timestampSec: nowSec });
  const idH = idHeader(pipe.def);
  const bytes = payload.bytes;
  // The bytes are in hand, as an adapter holding a buffered body has them (octokit likewise gets its
  // payload string in hand): answered synchronously, which the WebhookRequest contract allows.
  const readBody = () => bytes;
  return () => ({
    method: "POST",
    path,
    headers: idH === undefined ? base : { ...base, [idH]: `bench-${mode}-${++deliveries}` },
    remoteAddress: "127.0.0.1",
    readBody,
  });
}
