/**
 * Our pipeline as the bench drives it: the generated provider definition (from dist-bound staged
 * code), cloned with one webhook per validation mode, a counting no-op handler, and
 * `createWebhookHandler` from dist with its REAL default dedupe store (or `dedupe: false`).
 */
import type { ProviderDefinition, ValidationMode, WebhookConfig, WebhookRequest, WebhookResponse } from "../../../src/runtime/types.js";
import type { DistProduct } from "./dist.js";
import type { Delivery } from "./pool.js";
import { SECRET, signedHeaders } from "./payloads.js";
import { stripeSignature } from "./sign.js";

export const MODES: readonly ValidationMode[] = ["off", "lenient", "strict"];
export const BENCH_SECRET_ENV = "SAI_BENCH_SECRET";
export const PROCESSED_BODY = '{"status":"processed"}';
export const DUPLICATE_BODY = '{"status":"duplicate"}';

export type Handler = (req: WebhookRequest) => Promise<WebhookResponse | undefined>;

/** A webhook config for the bench: guards that would throttle or filter removed, our secret env. */
export function benchWebhook(base: WebhookConfig, mode: ValidationMode, path: string): WebhookConfig {
  const { events: _e, rateLimit: _r, ipAllowlist: _i, ...rest } = base;
  return { ...rest, path, validation: mode, verifySignature: true, secretEnv: BENCH_SECRET_ENV, maxBodyBytes: 4 * 1024 * 1024 };
}

export interface OurProvider {
  readonly def: ProviderDefinition;
  /** Registered clone's name (`bench_<provider>`). */
  readonly name: string;
  readonly pathFor: (mode: ValidationMode) => string;
  /** Deliveries dispatched to the no-op handler so far, per mode (checked after every block). */
  readonly dispatched: Record<ValidationMode, number>;
  /** A fresh pipeline (fresh in-memory dedupe store) for one mode. */
  handler(mode: ValidationMode, opts?: { dedupe?: false; logger?: Record<string, (...a: unknown[]) => void> }): Handler;
}

const registered = new Map<string, Promise<OurProvider>>();

/** Registers `bench_<provider>` once per process in dist's registry. */
export function ourProvider(product: DistProduct, provider: string, nowMs: number): Promise<OurProvider> {
  let p = registered.get(provider);
  if (!p) {
    p = (async () => {
      const def = await product.provider(provider);
      const first = Object.values(def.webhooks)[0];
      if (!first) throw new Error(`${provider} has no webhook`);
      const name = `bench_${provider}`;
      const pathFor = (mode: ValidationMode) => `/bench/${provider}/${mode}`;
      const clone: ProviderDefinition = { ...def, name, webhooks: Object.fromEntries(MODES.map((m) => [m, benchWebhook(first, m, pathFor(m))])) };
      const registry = product.runtime.getWebhookRegistry();
      registry.register(clone);
      const dispatched: Record<ValidationMode, number> = { off: 0, lenient: 0, strict: 0 };
      for (const mode of MODES) registry.createProcessor(name, mode).on("*", () => void dispatched[mode]++);
      const handler = (mode: ValidationMode, opts: { dedupe?: false; logger?: Record<string, (...a: unknown[]) => void> } = {}): Handler =>
        product.runtime.createWebhookHandler([{ provider: name, webhook: mode, path: pathFor(mode) }], {
          env: { [BENCH_SECRET_ENV]: SECRET },
          // A fixed clock at signing time: timestamped schemes (Stripe) stay inside their tolerance.
          now: () => nowMs,
          ...opts,
        });
      return { def, name, pathFor, dispatched, handler };
    })();
    registered.set(provider, p);
  }
  return p;
}

/**
 * Headers of a correctly signed delivery for our provider (scheme from its definition; Stripe's
 * header from stripe's own helper, so we are not only checked against our own signer).
 */
export function ourHeaders(ours: OurProvider, d: Delivery, event: string, nowSec: number, secret = SECRET): Record<string, string> {
  const h = signedHeaders(ours.def, { body: d.bytes, event, id: d.id, timestampSec: nowSec, secret });
  const sig = ours.def.signature;
  if (sig.scheme === "stripe") h[sig.header] = stripeSignature(d.text, nowSec, secret);
  return h;
}

/** A request whose body is already in hand (as `express.raw()` leaves it): `readBody` answers synchronously. */
export function request(path: string, headers: Record<string, string>, bytes: Uint8Array): WebhookRequest {
  return { method: "POST", path, headers, remoteAddress: "127.0.0.1", readBody: () => bytes };
}

/** `status body` of an answer, for reports. */
export const describe = (r: WebhookResponse | undefined): string => (r === undefined ? "undefined (not routed)" : `${r.status} ${r.body.slice(0, 80)}`);
