/**
 * The request pipeline: route → method → IP → rate limit → body → signature → parse → handshake →
 * extract/filter → validate → dedupe → dispatch → respond. Nothing unverified is ever dispatched.
 */
import type { WebhookEvent } from "./event.js";
import { normalizeHeaders } from "./headers.js";
import { createIpMatcher, resolveClientIp, type IpMatcher } from "./guards/ip.js";
import { resolveLogger, type WebhookLogger } from "./log.js";
import { BodyParseError, parseBody } from "./parse.js";
import type { Processor } from "./processor.js";
import { getWebhookRegistry, type WebhookRegistry } from "./registry.js";
import * as R from "./respond.js";
import { RouteTable, type WebhookRoute } from "./routes.js";
import { readSecrets, type SecretEnv } from "./secrets.js";
import { MemoryDedupeStore } from "./stores/memory-dedupe.js";
import { MemoryRateLimitStore } from "./stores/memory-rate-limit.js";
import type { DedupeStore, RateLimitStore } from "./stores/types.js";
import {
  BodyTooLargeError,
  RawBodyUnavailableError,
  type ProviderDefinition,
  type WebhookConfig,
  type WebhookRequest,
  type WebhookResponse,
} from "./types.js";
import { extractEvent } from "./extract.js";
import { validatePayload } from "./validation.js";
import { createVerifier } from "./verifiers/create-verifier.js";
import type { VerifyResult, WebhookVerifier } from "./verifiers/verifier.js";

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
  /** Dedupe store. Default: one bounded in-memory store per handler. */
  readonly dedupe?: DedupeStore;
  /** Rate-limit store. Default: in-memory token buckets per handler. */
  readonly rateLimit?: RateLimitStore;
  /** How long a claim blocks redeliveries while its handler runs. Default 60 s. */
  readonly inFlightTtlMs?: number;
  /** How long a processed id is remembered. Default 24 h. */
  readonly doneTtlMs?: number;
  /** Log sink; missing levels fall back to the `debug` logger. */
  readonly logger?: Partial<WebhookLogger>;
}

/** A pipeline entry point: `undefined` when the path is not one of ours (call `next()`). */
export type WebhookHandlerFn = (req: WebhookRequest) => Promise<WebhookResponse | undefined>;

/** Everything resolved once per route, on its first request. */
interface RouteContext {
  readonly def: ProviderDefinition;
  readonly config: WebhookConfig;
  readonly processor: Processor;
  readonly allowlist: IpMatcher | undefined;
  readonly rateKey: string;
  readonly subscribed: ReadonlySet<string> | undefined;
}

const catalogs = new WeakMap<ProviderDefinition, ReadonlySet<string>>();
const defaultVerifiers = new WeakMap<ProviderDefinition, WebhookVerifier>();

function catalogOf(def: ProviderDefinition): ReadonlySet<string> {
  let set = catalogs.get(def);
  if (set === undefined) catalogs.set(def, (set = new Set(def.events)));
  return set;
}

function defaultVerifierOf(def: ProviderDefinition): WebhookVerifier {
  let verifier = defaultVerifiers.get(def);
  if (verifier === undefined) defaultVerifiers.set(def, (verifier = createVerifier(def.signature)));
  return verifier;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

const DEFAULT_IN_FLIGHT_TTL_MS = 60_000;
const DEFAULT_DONE_TTL_MS = 24 * 60 * 60_000;
const IN_FLIGHT_RETRY_AFTER = "5";

/**
 * Builds the pipeline for `routes`. The returned function never rejects: unexpected errors
 * become a logged 500.
 */
export function createWebhookHandler(routes: readonly WebhookRoute[], options: PipelineOptions = {}): WebhookHandlerFn {
  const table = new RouteTable(routes);
  const registry = options.registry ?? getWebhookRegistry();
  const log = resolveLogger(options.logger);
  const now = options.now ?? Date.now;
  const env: SecretEnv = options.env ?? process.env;
  const dedupe = options.dedupe ?? new MemoryDedupeStore();
  const rateLimit = options.rateLimit ?? new MemoryRateLimitStore();
  const inFlightTtlMs = options.inFlightTtlMs ?? DEFAULT_IN_FLIGHT_TTL_MS;
  const doneTtlMs = options.doneTtlMs ?? DEFAULT_DONE_TTL_MS;
  const trusted =
    options.trustedProxies !== undefined && options.trustedProxies.length > 0
      ? createIpMatcher(options.trustedProxies)
      : undefined;
  const contexts = new Map<WebhookRoute, RouteContext>();

  // Resolved lazily: generated route files may be imported before the providers register.
  function contextOf(route: WebhookRoute): RouteContext {
    let ctx = contexts.get(route);
    if (ctx !== undefined) return ctx;
    const processor = registry.processorFor(route.provider, route.webhook);
    const def = registry.provider(route.provider)!;
    const config = def.webhooks[route.webhook]!;
    ctx = {
      def,
      config,
      processor,
      allowlist:
        config.ipAllowlist !== undefined && config.ipAllowlist.length > 0 ? createIpMatcher(config.ipAllowlist) : undefined,
      rateKey: `${def.name}:${route.webhook}`,
      subscribed: config.events === undefined ? undefined : new Set(config.events),
    };
    contexts.set(route, ctx);
    return ctx;
  }

  async function handle(route: WebhookRoute, req: WebhookRequest): Promise<WebhookResponse> {
    if (req.method.toUpperCase() !== "POST") return R.METHOD_NOT_ALLOWED;
    let ctx: RouteContext;
    try {
      ctx = contextOf(route);
    } catch (error) {
      log.error(`webhook route ${route.path} cannot be served: ${errorMessage(error)}`, {
        provider: route.provider,
        webhook: route.webhook,
      });
      return R.MISCONFIGURED;
    }
    const { def, config, processor } = ctx;
    const where = { provider: def.name, webhook: route.webhook };
    const receivedAt = now();

    // IP allowlist: the peer, or the client behind explicitly trusted proxies.
    if (ctx.allowlist !== undefined) {
      const ip = resolveClientIp(req.remoteAddress, req.headers["x-forwarded-for"], trusted);
      if (!ctx.allowlist.matches(ip)) {
        log.debug("rejected: client IP not in allowlist", { ...where, ip });
        return R.FORBIDDEN;
      }
    }

    // Rate limit (token bucket per provider webhook). A broken store fails open, loudly.
    if (config.rateLimit !== undefined) {
      const { burstLimit, requestsPerMinute } = config.rateLimit;
      try {
        const decision = await rateLimit.take(ctx.rateKey, burstLimit, requestsPerMinute / 60_000, receivedAt);
        if (!decision.allowed) {
          log.debug("rejected: rate limited", where);
          return R.json(429, { error: "too many requests" }, { "retry-after": R.retryAfterSeconds(decision.retryAfterMs) });
        }
      } catch (error) {
        log.warn(`rate-limit store failed, letting the request through: ${errorMessage(error)}`, where);
      }
    }

    // Body size: refuse early on Content-Length, then enforce while reading.
    const limit = config.maxBodyBytes;
    const declared = req.headers["content-length"];
    if (typeof declared === "string" && /^\d+$/.test(declared) && Number(declared) > limit) {
      log.debug("rejected: content-length over limit", { ...where, limit });
      return R.TOO_LARGE;
    }
    let rawBody: Uint8Array;
    try {
      rawBody = await req.readBody(limit);
    } catch (error) {
      if (error instanceof BodyTooLargeError) {
        log.debug("rejected: body over limit", { ...where, limit });
        return R.TOO_LARGE;
      }
      if (error instanceof RawBodyUnavailableError) {
        log.error(error.message, where);
        return R.INTERNAL_ERROR;
      }
      log.debug(`rejected: body could not be read: ${errorMessage(error)}`, where);
      return R.BAD_REQUEST;
    }

    // Signature over the exact bytes; a configured but missing secret fails closed.
    const verifier = processor.verifier ?? (config.verifySignature ? defaultVerifierOf(def) : undefined);
    if (verifier !== undefined) {
      let secrets: readonly string[] = [];
      if (config.secretEnv !== undefined) {
        secrets = readSecrets(env, config.secretEnv);
        if (secrets.length === 0) {
          log.error(
            `environment variable ${config.secretEnv} is not set (or empty): refusing ${def.name}/${route.webhook} deliveries until it is`,
            where,
          );
          return R.MISCONFIGURED;
        }
      } else if (processor.verifier === undefined && def.signature.scheme !== "none") {
        log.error(`${def.name}/${route.webhook} verifies signatures but declares no secret env var (${def.source})`, where);
        return R.MISCONFIGURED;
      }
      let result: VerifyResult;
      try {
        const pending = verifier.verify({ rawBody, headers: req.headers, secrets, now: receivedAt });
        // Built-in verifiers answer synchronously; awaiting a plain value would still cost a microtask turn.
        result = pending instanceof Promise ? await pending : pending;
      } catch (error) {
        result = { ok: false, reason: `verifier threw: ${errorMessage(error)}` };
      }
      if (!result.ok) {
        log.debug(`rejected: ${result.reason}`, where);
        return R.INVALID_SIGNATURE;
      }
    }

    // Parse.
    const headers = normalizeHeaders(req.headers);
    let payload: unknown;
    try {
      payload = parseBody(rawBody, def.bodyFormat, headers["content-type"]);
    } catch (error) {
      if (!(error instanceof BodyParseError)) throw error;
      log.debug("rejected: body does not parse", where);
      return R.BAD_REQUEST;
    }

    // Handshakes the provider expects the endpoint itself to answer.
    if (def.handshake === "slack_url_verification" && isUrlVerification(payload)) {
      return R.json(200, { challenge: payload.challenge });
    }

    // Identity and subscription filter.
    const extracted = extractEvent(def.event, headers, payload, rawBody, receivedAt);
    const catalog = catalogOf(def);
    let type = extracted.type;
    if (type !== undefined && !catalog.has(type) && extracted.baseType !== undefined && catalog.has(extracted.baseType)) {
      type = extracted.baseType; // e.g. GitHub "push" carries no action
    }
    if (type === undefined || !catalog.has(type)) {
      log.debug("ignored: unknown event type", { ...where, type });
      return R.IGNORED;
    }
    if (ctx.subscribed !== undefined && !ctx.subscribed.has(type)) {
      log.debug("ignored: event not subscribed", { ...where, type });
      return R.IGNORED;
    }
    const { id, timestamp } = extracted;

    // Validation: an invalid payload is dead-lettered, never dispatched.
    const issues = validatePayload(def, config.validation, type, payload);
    if (issues !== undefined) {
      log.debug("invalid payload: dead-lettered", { ...where, type, id, issues: issues.length });
      await processor.recordDeadLetter(
        { ...where, id, type, receivedAt: new Date(receivedAt), payload, rawBody, issues },
        (error) => log.error(`dead-letter hook failed: ${errorMessage(error)}`, { ...where, id }),
      );
      return R.json(config.invalidStatus, { status: "invalid" });
    }

    // Dedupe: claim, run, then complete (or release so the provider's retry runs again).
    const key = `${def.name}:${route.webhook}:${id}`;
    let claim: Awaited<ReturnType<DedupeStore["claim"]>>;
    try {
      claim = await dedupe.claim(key, inFlightTtlMs);
    } catch (error) {
      log.error(`dedupe store failed; refusing the delivery so it is retried: ${errorMessage(error)}`, where);
      return R.json(503, { error: "temporarily unavailable" }, { "retry-after": IN_FLIGHT_RETRY_AFTER });
    }
    if (claim === "done") {
      log.debug("duplicate delivery", { ...where, type, id });
      return R.DUPLICATE;
    }
    if (claim === "in_flight") {
      log.debug("delivery still in flight", { ...where, type, id });
      return R.json(409, { error: "delivery in progress" }, { "retry-after": IN_FLIGHT_RETRY_AFTER });
    }

    const event: WebhookEvent = { ...where, id, type, timestamp, payload, headers, rawBody };
    let body: string | undefined;
    try {
      const result = await processor.dispatch(event);
      body = result === undefined ? undefined : JSON.stringify(result);
    } catch (error) {
      log.error(`handler failed: ${errorMessage(error)}`, { ...where, type, id, error });
      await dedupe.release(key).catch((e: unknown) => log.warn(`dedupe release failed: ${errorMessage(e)}`, where));
      return R.HANDLER_FAILED;
    }
    await dedupe.complete(key, doneTtlMs).catch((e: unknown) => log.warn(`dedupe complete failed: ${errorMessage(e)}`, where));
    log.debug("processed", { ...where, type, id });
    return body === undefined ? R.PROCESSED : { status: 200, headers: R.PROCESSED.headers, body };
  }

  return async (req) => {
    const route = table.match(req.path);
    if (route === undefined) return undefined;
    try {
      return await handle(route, req);
    } catch (error) {
      log.error(`webhook pipeline failed: ${errorMessage(error)}`, { provider: route.provider, webhook: route.webhook, error });
      return R.INTERNAL_ERROR;
    }
  };
}

function isUrlVerification(payload: unknown): payload is { type: "url_verification"; challenge: string } {
  return (
    typeof payload === "object" &&
    payload !== null &&
    (payload as { type?: unknown }).type === "url_verification" &&
    typeof (payload as { challenge?: unknown }).challenge === "string"
  );
}

/**
 * Wraps a pipeline for adapters that own all traffic (node:http, fetch): paths that are not ours
 * get a JSON 404 instead of `undefined`.
 */
export function withNotFound(handler: WebhookHandlerFn): (req: WebhookRequest) => Promise<WebhookResponse> {
  return async (req) => (await handler(req)) ?? R.NOT_FOUND;
}
