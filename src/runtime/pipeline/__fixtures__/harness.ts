/**
 * A tiny harness for testing pipeline steps one at a time: resolved settings over a fresh
 * registry, a route's {@link RouteContext}, and a {@link Delivery} built from a body, headers and a
 * remote address. The request's `readBody` hands the bytes over synchronously unless told otherwise.
 */
import { fixtureEnv } from "../../../../test/fixtures/definitions.js";
import type { LogFields, WebhookLogger } from "../../log.js";
import type { Processor } from "../../processor.js";
import { WebhookRegistry } from "../../registry.js";
import type { HeaderBag, ProviderDefinition, WebhookRequest } from "../../types.js";
import { Delivery, DeliveryEvent } from "../delivery.js";
import { resolveSettings, type PipelineOptions, type PipelineSettings } from "../options.js";
import { resolveRouteContext, type RouteContext } from "../route-context.js";

/** The fixed time of receipt of every harness delivery (ms since the epoch). */
export const NOW = 1_700_000_000_000;

/** One line a {@link RecordingLogger} received. */
export interface LogLine {
  readonly level: "debug" | "info" | "warn" | "error";
  readonly message: string;
  readonly fields: LogFields | undefined;
}

/** A logger that keeps every line (and so enables debug lines). */
export interface RecordingLogger extends WebhookLogger {
  readonly lines: LogLine[];
  /** The messages logged at `level`. */
  messages(level: LogLine["level"]): string[];
}

/** A logger that records instead of printing. */
export function recordingLogger(): RecordingLogger {
  const lines: LogLine[] = [];
  const at = (level: LogLine["level"]) => (message: string, fields?: LogFields) => void lines.push({ level, message, fields });
  return {
    lines,
    debug: at("debug"),
    info: at("info"),
    warn: at("warn"),
    error: at("error"),
    messages: (level) => lines.filter((l) => l.level === level).map((l) => l.message),
  };
}

/**
 * `resolveSettings` over a fresh registry (or `options.registry`) holding `defs`, the fixtures'
 * env, a fixed clock and a recording logger; `options` override all but the logger.
 */
export function settingsFor(
  defs: ProviderDefinition | readonly ProviderDefinition[],
  options: Omit<PipelineOptions, "logger"> = {},
): PipelineSettings & { readonly logger: RecordingLogger } {
  const registry = options.registry ?? new WebhookRegistry();
  for (const def of Array.isArray(defs) ? (defs as readonly ProviderDefinition[]) : [defs as ProviderDefinition]) registry.register(def);
  const logger = recordingLogger();
  const settings = resolveSettings({ env: fixtureEnv, logger, now: () => NOW, ...options, registry });
  return { ...settings, logger };
}

/** The route context of `provider`'s `webhook` (at the path webhook.yaml gives it). */
export function contextFor(settings: PipelineSettings, provider: string, webhook = "default"): RouteContext {
  const def = settings.registry.provider(provider);
  if (def === undefined) throw new Error(`harness: provider ${provider} is not registered`);
  const config = def.webhooks[webhook];
  if (config === undefined) throw new Error(`harness: ${provider} has no webhook ${webhook}`);
  return resolveRouteContext({ provider, webhook, path: config.path }, settings);
}

/** What a harness request is made of; everything optional. */
export interface DeliveryInit {
  readonly body?: string | Uint8Array;
  readonly headers?: HeaderBag;
  /** Default `127.0.0.1`; pass `undefined` explicitly for a request without a peer address. */
  readonly remoteAddress?: string | undefined;
  readonly method?: string;
  /** Replaces the default reader (which returns the body's bytes synchronously). */
  readBody?(limit: number, timeoutMs: number): Uint8Array | PromiseLike<Uint8Array>;
  readonly receivedAt?: number;
}

/** The bytes of `body` (UTF-8 for text). */
export function bytesOf(body: string | Uint8Array | undefined): Uint8Array {
  if (body === undefined) return new Uint8Array(0);
  return typeof body === "string" ? new TextEncoder().encode(body) : body;
}

/** A {@link WebhookRequest} for `ctx`'s path. */
export function requestFor(ctx: RouteContext, init: DeliveryInit = {}): WebhookRequest {
  const bytes = bytesOf(init.body);
  const readBody = init.readBody ?? (() => bytes);
  return {
    method: init.method ?? "POST",
    path: ctx.route.path,
    headers: init.headers ?? {},
    remoteAddress: "remoteAddress" in init ? init.remoteAddress : "127.0.0.1",
    readBody: (limit, timeoutMs) => readBody(limit, timeoutMs),
  };
}

/** A delivery of `init` on `ctx`, received at {@link NOW} unless told otherwise. */
export function deliveryFor(ctx: RouteContext, init: DeliveryInit = {}): Delivery {
  return new Delivery(requestFor(ctx, init), ctx, init.receivedAt ?? NOW);
}

/**
 * A delivery that has already been read (its `rawBody` is the body) — for the steps after `read`.
 */
export function readDelivery(ctx: RouteContext, init: DeliveryInit = {}): Delivery {
  const d = deliveryFor(ctx, init);
  d.rawBody = bytesOf(init.body);
  return d;
}

/** Gives `d` an identified event, as `identify` would, and returns it. */
export function withEvent(d: Delivery, event: { readonly type: string; readonly id?: string; readonly payload?: unknown }): DeliveryEvent {
  if (event.payload !== undefined) d.payload = event.payload;
  d.event = new DeliveryEvent(
    d.ctx.def.name,
    d.ctx.route.webhook,
    event.id ?? "evt_1",
    event.type,
    d.receivedAt,
    d.payload,
    d.rawBody,
    d.req.headers,
    d.ctx.catalog.has(event.type),
  );
  return d.event;
}

/** Everything a step test usually needs for one provider webhook. */
export interface Harness {
  readonly settings: PipelineSettings;
  readonly logger: RecordingLogger;
  readonly ctx: RouteContext;
  readonly processor: Processor;
  /** A fresh delivery on this webhook. */
  delivery(init?: DeliveryInit): Delivery;
  /** A fresh delivery whose body was already read. */
  readDelivery(init?: DeliveryInit): Delivery;
}

/** Settings, context and delivery factory for `def`'s `webhook` in one call. */
export function harness(def: ProviderDefinition, options: Omit<PipelineOptions, "logger"> = {}, webhook = "default"): Harness {
  const settings = settingsFor(def, options);
  const ctx = contextFor(settings, def.name, webhook);
  return {
    settings,
    logger: settings.logger,
    ctx,
    processor: ctx.processor,
    delivery: (init) => deliveryFor(ctx, init),
    readDelivery: (init) => readDelivery(ctx, init),
  };
}
