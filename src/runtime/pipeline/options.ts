/**
 * The pipeline's options, and the settings every step reads once they are resolved.
 */
import type { WebhookLifecycle } from "../lifecycle.js";
import { createIpMatcher, type IpMatcher } from "../guards/ip.js";
import { resolveLogger, type ResolvedLogger, type WebhookLogger } from "../log.js";
import type { WebhookRegistry } from "../registry.js";
import { getWebhookRegistry } from "../registry.js";
import type { SecretEnv } from "../secrets.js";
import { MemoryDedupeStore } from "../stores/memory-dedupe.js";
import { MemoryRateLimitStore } from "../stores/memory-rate-limit.js";
import type { DeadLetterStore } from "../stores/dead-letter-store.js";
import type { DedupeStore, RateLimitStore } from "../stores/types.js";
import { MemoryOrderingStore, type OrderingStore } from "../stores/ordering.js";
import type { DeliveryMode, WebhookQueue } from "../queue/types.js";

/** A token budget: `burst` tokens, refilled at `perMinute`. */
export interface TokenBudget {
  readonly burst: number;
  readonly perMinute: number;
}

/** Queue and auto mode (docs/queue.md): where deliveries are handed off, and which webhooks do. */
export interface QueueOptions {
  /** The durable queue, e.g. `await createWebhookQueue({ connection })` from `smart-api-integrations/queue`. */
  readonly queue: WebhookQueue;
  /**
   * Modes overriding webhook.yaml's `mode`, keyed `"<provider>/<webhook>"`, `"<provider>"` or
   * `"*"` (most specific wins). Default: each webhook's `mode`, else `inline`.
   */
  readonly modes?: Readonly<Record<string, DeliveryMode>>;
  /**
   * `mode: auto` hands a delivery off this long before the provider's acknowledgement budget
   * (`provider.delivery.timeout_seconds`) runs out: room for the hand-off and the answer's trip.
   * Default 1 000 ms.
   */
  readonly ackMarginMs?: number;
  /** The budget for providers that declare none (ms). Default 10 000. */
  readonly defaultBudgetMs?: number;
}

/** Options shared by every adapter. */
export interface PipelineOptions {
  /** Where providers and processors live. Default: the process-wide registry. */
  readonly registry?: WebhookRegistry;
  /**
   * Proxies (addresses or CIDRs) whose `X-Forwarded-For` is believed. Default none: the TCP peer is
   * the client, so nobody can spoof an allowlisted address with a header.
   */
  readonly trustedProxies?: readonly string[];
  /** Clock in ms. Default `Date.now`. */
  readonly now?: () => number;
  /** Where secrets are read from, per request. Default `process.env`. */
  readonly env?: SecretEnv;
  /**
   * Dedupe store. Default: one bounded in-memory store per handler. `false` turns dedupe off
   * (every verified delivery runs, redeliveries and replays included).
   */
  readonly dedupe?: DedupeStore | false;
  /**
   * Graceful shutdown (docs/runtime.md): deliveries are counted in flight, and after
   * `lifecycle.drain()` new ones are answered 503 `shutting down` + `Retry-After` before a byte is read.
   */
  readonly lifecycle?: WebhookLifecycle;
  /**
   * What dedupe keys on when the provider's event id is not covered by its signature (GitHub's
   * `X-GitHub-Delivery`). `"signature"` (default): the verified signature, so a captured delivery
   * replayed under a fresh id is a duplicate — but two distinct events with byte-identical bodies
   * inside the dedupe window are one (GitHub sends some events without any unique field, e.g. an
   * app authorization revoked twice). `"event_id"`: the provider's id, so no such event is merged
   * and replays under a fresh id run again.
   */
  readonly unsignedIdDedupe?: "signature" | "event_id";
  /**
   * Where dead letters (verified deliveries acknowledged but not dispatched) are also kept, e.g.
   * a `RedisDeadLetterStore` so they survive a restart. When its `add` fails, the delivery is
   * answered 503 + Retry-After instead of 2xx. Default: only the processor's in-memory list.
   */
  readonly deadLetters?: DeadLetterStore;
  /**
   * Where webhooks with `ordering: per_object` keep each object's newest admitted event time
   * (docs/ordering.md), e.g. a `RedisOrderingStore` shared by every instance. Default: a bounded
   * in-memory store per handler. A failing store is answered 503 + Retry-After.
   */
  readonly ordering?: OrderingStore;
  /** How long an object's newest event time is remembered. Default 7 days (Stripe retries for 3). */
  readonly orderingTtlMs?: number;
  /**
   * Queue mode and auto mode (docs/queue.md). Without it every webhook runs its handlers inline,
   * and a webhook whose `mode` is `queue` or `auto` is answered 500 misconfigured.
   */
  readonly queue?: QueueOptions;
  /** Rate-limit store (webhook buckets and failed-verification budgets). Default: in-memory token buckets per handler. */
  readonly rateLimit?: RateLimitStore;
  /** How long a claim blocks redeliveries while its handler runs. Default 60 s. */
  readonly inFlightTtlMs?: number;
  /** How long a processed id is remembered. Default 24 h. */
  readonly doneTtlMs?: number;
  /**
   * How long reading a request body may take before it is answered 408. Default 5 s: providers
   * post from data centres, and a slow upload must not hold memory for Node's 300 s default.
   */
  readonly bodyTimeoutMs?: number;
  /**
   * Failed verifications each client may make before its requests are refused 429 unread.
   * Per client address (the peer, or the client behind `trustedProxies`), separate from the
   * webhook's own `rate_limit`, which only verified deliveries spend. Default 20, refilled at
   * 20 a minute; `false` turns it off.
   */
  readonly failedVerificationBudget?: TokenBudget | false;
  /** Log sink; missing levels fall back to the `debug` logger. */
  readonly logger?: Partial<WebhookLogger>;
  /**
   * Throw at start-up when a signing secret env var is unset (refuse to start) instead of logging
   * an error and answering those routes 500 until it is set. Default false.
   */
  readonly requireSecrets?: boolean;
}

/** {@link PipelineOptions} with every default applied: what the steps read. */
export interface PipelineSettings {
  readonly registry: WebhookRegistry;
  /** Check `log.debugEnabled` before building debug fields: most deliveries log nothing. */
  readonly log: ResolvedLogger;
  readonly now: () => number;
  readonly env: SecretEnv;
  readonly dedupe: DedupeStore | undefined;
  readonly unsignedIdDedupe: "signature" | "event_id";
  readonly deadLetters: DeadLetterStore | undefined;
  readonly ordering: OrderingStore;
  readonly orderingTtlMs: number;
  readonly queue: QueueOptions | undefined;
  readonly rateLimit: RateLimitStore;
  readonly inFlightTtlMs: number;
  readonly doneTtlMs: number;
  readonly bodyTimeoutMs: number;
  readonly failureBudget: { readonly burst: number; readonly refillPerMs: number } | undefined;
  readonly trustedProxies: IpMatcher | undefined;
}

const DEFAULT_IN_FLIGHT_TTL_MS = 60_000;
const DEFAULT_DONE_TTL_MS = 24 * 60 * 60_000;
const DEFAULT_BODY_TIMEOUT_MS = 5_000;
const DEFAULT_ORDERING_TTL_MS = 7 * 24 * 60 * 60_000;
const DEFAULT_FAILURE_BUDGET: TokenBudget = { burst: 20, perMinute: 20 };

/** Applies the defaults. */
export function resolveSettings(options: PipelineOptions): PipelineSettings {
  const log = resolveLogger(options.logger);
  const budget = options.failedVerificationBudget ?? DEFAULT_FAILURE_BUDGET;
  return {
    registry: options.registry ?? getWebhookRegistry(),
    log,
    now: options.now ?? Date.now,
    // `process` is absent on Workers; secrets then come only from `options.env`.
    env: options.env ?? globalThis.process?.env ?? {},
    dedupe: options.dedupe === false ? undefined : (options.dedupe ?? new MemoryDedupeStore()),
    unsignedIdDedupe: options.unsignedIdDedupe ?? "signature",
    deadLetters: options.deadLetters,
    ordering: options.ordering ?? new MemoryOrderingStore(),
    orderingTtlMs: options.orderingTtlMs ?? DEFAULT_ORDERING_TTL_MS,
    queue: options.queue,
    rateLimit: options.rateLimit ?? new MemoryRateLimitStore(),
    inFlightTtlMs: options.inFlightTtlMs ?? DEFAULT_IN_FLIGHT_TTL_MS,
    doneTtlMs: options.doneTtlMs ?? DEFAULT_DONE_TTL_MS,
    bodyTimeoutMs: options.bodyTimeoutMs ?? DEFAULT_BODY_TIMEOUT_MS,
    failureBudget: budget === false ? undefined : { burst: budget.burst, refillPerMs: budget.perMinute / 60_000 },
    trustedProxies:
      options.trustedProxies !== undefined && options.trustedProxies.length > 0 ? createIpMatcher(options.trustedProxies) : undefined,
  };
}
