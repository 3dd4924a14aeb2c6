/**
 * The request pipeline: route → method → IP → rate limit → body → signature → parse → handshake →
 * extract/filter → validate → dedupe → dispatch → respond. Nothing unverified is ever dispatched.
 */
import type { WebhookEvent } from "./event.js";
import { normalizeHeaders } from "./headers.js";
import { createIpMatcher, resolveClientIp, type IpMatcher } from "./guards/ip.js";
import { resolveLogger, type WebhookLogger } from "./log.js";
import { isPromiseLike, type MaybePromise } from "./maybe-promise.js";
import { BodyParseError, parseBody } from "./parse.js";
import type { Processor } from "./processor.js";
import { getWebhookRegistry, type WebhookRegistry } from "./registry.js";
import * as R from "./respond.js";
import { RouteTable, type WebhookRoute } from "./routes.js";
import { readSecrets, type SecretEnv } from "./secrets.js";
import { MemoryDedupeStore } from "./stores/memory-dedupe.js";
import { MemoryRateLimitStore } from "./stores/memory-rate-limit.js";
import type { ClaimResult, DedupeStore, RateLimitDecision, RateLimitStore } from "./stores/types.js";
import {
  BodyTooLargeError,
  RawBodyUnavailableError,
  type ProviderDefinition,
  type ValidationIssue,
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
  /**
   * Throw at start-up when a signing secret env var is unset (refuse to start) instead of logging
   * an error and answering those routes 500 until it is set. Default false.
   */
  readonly requireSecrets?: boolean;
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
  /** Token refill per ms, from `requests_per_minute`. */
  readonly refillPerMs: number;
  readonly subscribed: ReadonlySet<string> | undefined;
  /** The provider's event names. */
  readonly catalog: ReadonlySet<string>;
  /** Log fields naming the route, shared by every log line of its requests. */
  readonly where: { readonly provider: string; readonly webhook: string };
  /** Dedupe keys are `<prefix><event id>`. */
  readonly dedupePrefix: string;
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
/** What a handler answers for paths that are not ours; one shared settled promise. */
const NOT_OURS: Promise<undefined> = Promise.resolve(undefined);

/**
 * Builds the pipeline for `routes`. The returned function never rejects: unexpected errors
 * become a logged 500.
 *
 * Hot-path note: stores, verifiers, `readBody` and handlers may answer synchronously, and every
 * step awaits only when it is handed a thenable (`isPromiseLike`). With in-memory stores and
 * sync handlers a delivery then runs start to finish without suspending.
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
  checkSecretsAtStart(routes, registry, env, log, options.requireSecrets === true);

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
      refillPerMs: config.rateLimit === undefined ? 0 : config.rateLimit.requestsPerMinute / 60_000,
      subscribed: config.events === undefined ? undefined : new Set(config.events),
      catalog: catalogOf(def),
      where: Object.freeze({ provider: def.name, webhook: route.webhook }),
      dedupePrefix: `${def.name}:${route.webhook}:`,
    };
    contexts.set(route, ctx);
    return ctx;
  }

  /** The route's context, or `undefined` (logged) when the route cannot be served as configured. */
  function servableContext(route: WebhookRoute): RouteContext | undefined {
    try {
      return contextOf(route);
    } catch (error) {
      log.error(`webhook route ${route.path} cannot be served: ${errorMessage(error)}`, {
        provider: route.provider,
        webhook: route.webhook,
      });
      return undefined;
    }
  }

  /** The IP allowlist: the peer, or the client behind explicitly trusted proxies. */
  function ipRefused(ctx: RouteContext, req: WebhookRequest): boolean {
    if (ctx.allowlist === undefined) return false;
    const ip = resolveClientIp(req.remoteAddress, req.headers["x-forwarded-for"], trusted);
    if (ctx.allowlist.matches(ip)) return false;
    log.debug("rejected: client IP not in allowlist", { ...ctx.where, ip });
    return true;
  }

  /** Token bucket per provider webhook: a 429, or `undefined` to go on. A broken store fails open, loudly. */
  function rateLimitAnswer(ctx: RouteContext, decision: RateLimitDecision | undefined): WebhookResponse | undefined {
    if (decision === undefined || decision.allowed) return undefined;
    log.debug("rejected: rate limited", ctx.where);
    return R.json(429, { error: "too many requests" }, { "retry-after": R.retryAfterSeconds(decision.retryAfterMs) });
  }

  function rateLimitStoreFailed(ctx: RouteContext, error: unknown): undefined {
    log.warn(`rate-limit store failed, letting the request through: ${errorMessage(error)}`, ctx.where);
    return undefined;
  }

  /** Refuses early on a declared Content-Length over the limit (the read enforces it again). */
  function declaredTooLarge(ctx: RouteContext, req: WebhookRequest): boolean {
    const limit = ctx.config.maxBodyBytes;
    const declared = req.headers["content-length"];
    if (typeof declared !== "string" || !/^\d+$/.test(declared) || Number(declared) <= limit) return false;
    log.debug("rejected: content-length over limit", { ...ctx.where, limit });
    return true;
  }

  /** The answer for a body that could not be read. */
  function unreadableBody(ctx: RouteContext, error: unknown): WebhookResponse {
    if (error instanceof BodyTooLargeError) {
      log.debug("rejected: body over limit", { ...ctx.where, limit: ctx.config.maxBodyBytes });
      return R.TOO_LARGE;
    }
    if (error instanceof RawBodyUnavailableError) {
      log.error(error.message, ctx.where);
      return R.INTERNAL_ERROR;
    }
    log.debug(`rejected: body could not be read: ${errorMessage(error)}`, ctx.where);
    return R.BAD_REQUEST;
  }

  /**
   * Checks the signature over the exact bytes: `undefined` when the delivery may go on, else the
   * answer (401; 500 when a configured secret is missing: fail closed).
   */
  function checkSignature(
    ctx: RouteContext,
    req: WebhookRequest,
    rawBody: Uint8Array,
    receivedAt: number,
  ): MaybePromise<WebhookResponse | undefined> {
    const { def, config, processor, where } = ctx;
    const verifier = processor.verifier ?? (config.verifySignature ? defaultVerifierOf(def) : undefined);
    if (verifier === undefined) return undefined;
    let secrets: readonly string[] = [];
    if (config.secretEnv !== undefined) {
      secrets = readSecrets(env, config.secretEnv);
      if (secrets.length === 0) {
        log.error(
          `environment variable ${config.secretEnv} is not set (or empty): refusing ${def.name}/${where.webhook} deliveries until it is`,
          where,
        );
        return R.MISCONFIGURED;
      }
    } else if (processor.verifier === undefined && def.signature.scheme !== "none") {
      log.error(`${def.name}/${where.webhook} verifies signatures but declares no secret env var (${def.source})`, where);
      return R.MISCONFIGURED;
    }
    let pending: MaybePromise<VerifyResult>;
    try {
      pending = verifier.verify({ rawBody, headers: req.headers, secrets, now: receivedAt });
    } catch (error) {
      return verdict(ctx, verifierThrew(error));
    }
    // Built-in verifiers answer synchronously; only a custom async one costs a suspension.
    if (!isPromiseLike(pending)) return verdict(ctx, pending);
    return Promise.resolve(pending).then(
      (result) => verdict(ctx, result),
      (error: unknown) => verdict(ctx, verifierThrew(error)),
    );
  }

  function verdict(ctx: RouteContext, result: VerifyResult): WebhookResponse | undefined {
    if (result.ok) return undefined;
    log.debug(`rejected: ${result.reason}`, ctx.where);
    return R.INVALID_SIGNATURE;
  }

  /**
   * Parse, handshakes, identity and the subscription filter (all synchronous): the delivery to
   * dispatch, or the answer (400, a handshake reply, 200 `ignored`).
   */
  function identify(
    ctx: RouteContext,
    req: WebhookRequest,
    rawBody: Uint8Array,
    receivedAt: number,
  ): Identified | WebhookResponse {
    const { def, where } = ctx;
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

    const extracted = extractEvent(def.event, headers, payload, rawBody, receivedAt);
    const { catalog } = ctx;
    let type = extracted.type;
    if (type !== undefined && !catalog.has(type) && extracted.baseType !== undefined && catalog.has(extracted.baseType)) {
      type = extracted.baseType; // e.g. GitHub "push" carries no action
    }
    if (type !== undefined && catalog.has(type) && ctx.subscribed !== undefined && !ctx.subscribed.has(type)) {
      log.debug("ignored: event not subscribed", { ...where, type });
      return R.IGNORED;
    }
    // A type outside the catalog still gets an event: the caller keeps it as a dead letter.
    return {
      provider: def.name,
      webhook: where.webhook,
      id: extracted.id,
      type: type ?? "",
      timestamp: extracted.timestamp,
      payload,
      headers,
      rawBody,
    };
  }

  /**
   * A verified delivery nothing will run for (its type is outside the catalog, or no middleware or
   * handler is registered for it): answered 200 `ignored` so the provider does not retry it
   * forever, but kept as a dead letter so it is not dropped without a record.
   */
  async function keepUndispatched(
    ctx: RouteContext,
    event: WebhookEvent,
    reason: "unknown_event_type" | "no_handler",
    receivedAt: number,
  ): Promise<WebhookResponse> {
    const { where } = ctx;
    log.info(`ignored (${reason}); kept as a dead letter`, { ...where, type: event.type, id: event.id });
    await ctx.processor.recordDeadLetter(
      { reason, ...where, id: event.id, type: event.type, receivedAt: new Date(receivedAt), payload: event.payload, rawBody: event.rawBody, issues: [] },
      (error) => log.error(`dead-letter hook failed: ${errorMessage(error)}`, { ...where, id: event.id }),
    );
    return R.IGNORED;
  }

  /** Keeps an invalid payload as a dead letter (never dispatched) and answers 202/422. */
  async function deadLetter(
    ctx: RouteContext,
    event: WebhookEvent,
    issues: readonly ValidationIssue[],
    receivedAt: number,
  ): Promise<WebhookResponse> {
    const { where } = ctx;
    const { id, type, payload, rawBody } = event;
    log.debug("invalid payload: dead-lettered", { ...where, type, id, issues: issues.length });
    await ctx.processor.recordDeadLetter(
      { reason: "invalid_payload", ...where, id, type, receivedAt: new Date(receivedAt), payload, rawBody, issues },
      (error) => log.error(`dead-letter hook failed: ${errorMessage(error)}`, { ...where, id }),
    );
    return R.json(ctx.config.invalidStatus, { status: "invalid" });
  }

  /** The answer for a claim that is not ours to run (duplicate, in flight), else `undefined`. */
  function claimAnswer(ctx: RouteContext, claim: ClaimResult, event: WebhookEvent): WebhookResponse | undefined {
    if (claim === "claimed") return undefined;
    const fields = { ...ctx.where, type: event.type, id: event.id };
    if (claim === "done") {
      log.debug("duplicate delivery", fields);
      return R.DUPLICATE;
    }
    log.debug("delivery still in flight", fields);
    return R.json(409, { error: "delivery in progress" }, { "retry-after": IN_FLIGHT_RETRY_AFTER });
  }

  function dedupeStoreFailed(ctx: RouteContext, error: unknown): WebhookResponse {
    log.error(`dedupe store failed; refusing the delivery so it is retried: ${errorMessage(error)}`, ctx.where);
    return R.json(503, { error: "temporarily unavailable" }, { "retry-after": IN_FLIGHT_RETRY_AFTER });
  }

  /** Marks the delivery done (or releases its claim). Failures are logged, never answered. */
  function settleClaim(ctx: RouteContext, key: string, succeeded: boolean): MaybePromise<void> {
    try {
      const written = succeeded ? dedupe.complete(key, doneTtlMs) : dedupe.release(key);
      if (isPromiseLike(written)) return settleClaimAsync(ctx, written, succeeded);
    } catch (error) {
      settleClaimFailed(ctx, succeeded, error);
    }
    return undefined;
  }

  async function settleClaimAsync(ctx: RouteContext, written: PromiseLike<void>, succeeded: boolean): Promise<void> {
    try {
      await written;
    } catch (error) {
      settleClaimFailed(ctx, succeeded, error);
    }
  }

  function settleClaimFailed(ctx: RouteContext, succeeded: boolean, error: unknown): void {
    log.warn(`dedupe ${succeeded ? "complete" : "release"} failed: ${errorMessage(error)}`, ctx.where);
  }

  /**
   * Runs one delivery through every step. Each step that may do I/O (rate limit, body, custom
   * verifier, dedupe store, handlers) is awaited only when it actually returned a thenable.
   * Never rejects: anything unexpected becomes a logged 500. (The catch lives here rather than
   * in an async wrapper around `await handle()`, which would cost every delivery a promise and a
   * suspension.)
   */
  async function handle(route: WebhookRoute, req: WebhookRequest): Promise<WebhookResponse> {
    try {
      if (req.method.toUpperCase() !== "POST") return R.METHOD_NOT_ALLOWED;
      const ctx = servableContext(route);
      if (ctx === undefined) return R.MISCONFIGURED;
      const { config, processor } = ctx;
      const receivedAt = now();
      if (ipRefused(ctx, req)) return R.FORBIDDEN;

      if (config.rateLimit !== undefined) {
        let decision: RateLimitDecision | undefined;
        try {
          const taken = rateLimit.take(ctx.rateKey, config.rateLimit.burstLimit, ctx.refillPerMs, receivedAt);
          decision = isPromiseLike(taken) ? await taken : taken;
        } catch (error) {
          decision = rateLimitStoreFailed(ctx, error);
        }
        const refused = rateLimitAnswer(ctx, decision);
        if (refused !== undefined) return refused;
      }

      if (declaredTooLarge(ctx, req)) return R.TOO_LARGE;
      let rawBody: Uint8Array;
      try {
        const read = req.readBody(config.maxBodyBytes);
        rawBody = isPromiseLike(read) ? await read : read;
      } catch (error) {
        return unreadableBody(ctx, error);
      }

      const checked = checkSignature(ctx, req, rawBody, receivedAt);
      const unverified = isPromiseLike(checked) ? await checked : checked;
      if (unverified !== undefined) return unverified;

      const event = identify(ctx, req, rawBody, receivedAt);
      if (isResponse(event)) return event;
      if (!ctx.catalog.has(event.type)) return await keepUndispatched(ctx, event, "unknown_event_type", receivedAt);

      const issues = validatePayload(ctx.def, config.validation, event.type, event.payload);
      // Awaited here so that a failure inside still lands in the catch below (500).
      if (issues !== undefined) return await deadLetter(ctx, event, issues, receivedAt);
      if (!ctx.processor.dispatches(event.type)) return await keepUndispatched(ctx, event, "no_handler", receivedAt);

      // Dedupe: claim, run, then complete (or release so the provider's retry runs again).
      const key = ctx.dedupePrefix + event.id;
      let claim: ClaimResult;
      try {
        const claimed = dedupe.claim(key, inFlightTtlMs);
        claim = isPromiseLike(claimed) ? await claimed : claimed;
      } catch (error) {
        return dedupeStoreFailed(ctx, error);
      }
      const notOurs = claimAnswer(ctx, claim, event);
      if (notOurs !== undefined) return notOurs;

      let body: string | undefined;
      try {
        const dispatched = processor.dispatchNow(event);
        const result = isPromiseLike(dispatched) ? await dispatched : dispatched;
        body = result === undefined ? undefined : JSON.stringify(result);
      } catch (error) {
        log.error(`handler failed: ${errorMessage(error)}`, { ...ctx.where, type: event.type, id: event.id, error });
        const released = settleClaim(ctx, key, false);
        if (released !== undefined) await released;
        return R.HANDLER_FAILED;
      }
      const completed = settleClaim(ctx, key, true);
      if (completed !== undefined) await completed;
      log.debug("processed", { provider: event.provider, webhook: event.webhook, type: event.type, id: event.id });
      return body === undefined ? R.PROCESSED : { status: 200, headers: R.PROCESSED.headers, body };
    } catch (error) {
      log.error(`webhook pipeline failed: ${errorMessage(error)}`, { provider: route.provider, webhook: route.webhook, error });
      return R.INTERNAL_ERROR;
    }
  }

  return (req) => {
    const route = table.match(req.path);
    return route === undefined ? NOT_OURS : handle(route, req);
  };
}

/** A verified, parsed, identified delivery: the event handlers receive. */
/** A parsed, identified delivery (its type may lie outside the catalog: see `keepUndispatched`). */
type Identified = WebhookEvent;

function isResponse(value: Identified | WebhookResponse): value is WebhookResponse {
  return typeof (value as WebhookResponse).status === "number";
}

function verifierThrew(error: unknown): VerifyResult {
  return { ok: false, reason: `verifier threw: ${errorMessage(error)}` };
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
 * Says at start-up, not at the first delivery, which routes will refuse every delivery because
 * their signing secret env var is unset. Routes whose provider is not registered yet are checked
 * on their first request instead (the 500 path logs the same cause).
 */
function checkSecretsAtStart(
  routes: readonly WebhookRoute[],
  registry: WebhookRegistry,
  env: SecretEnv,
  log: WebhookLogger,
  require: boolean,
): void {
  const missing: string[] = [];
  for (const route of routes) {
    const config = registry.provider(route.provider)?.webhooks[route.webhook];
    if (config === undefined || !config.verifySignature || config.secretEnv === undefined) continue;
    if (readSecrets(env, config.secretEnv).length === 0) missing.push(`${config.secretEnv} (${route.provider}/${route.webhook} at ${route.path})`);
  }
  if (missing.length === 0) return;
  const message = `signing secret env var not set: ${missing.join(", ")}; these webhooks refuse every delivery with 500 until it is`;
  if (require) throw new Error(message);
  log.error(message);
}

/**
 * Wraps a pipeline for adapters that own all traffic (node:http, fetch): paths that are not ours
 * get a JSON 404 instead of `undefined`.
 */
export function withNotFound(handler: WebhookHandlerFn): (req: WebhookRequest) => Promise<WebhookResponse> {
  return async (req) => (await handler(req)) ?? R.NOT_FOUND;
}
