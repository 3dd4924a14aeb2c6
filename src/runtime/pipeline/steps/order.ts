/**
 * Order: for webhooks with `ordering: per_object`, refuse to dispatch a delivery older than the
 * newest one already admitted for the same object (docs/ordering.md). Providers do not promise
 * order (Stripe, Shopify and Discord say so), and a late `payment_intent.processing` must not
 * overwrite the `succeeded` state a handler already wrote.
 *
 * It runs after claim and before dispatch:
 * - before dispatch, so a stale delivery never runs;
 * - after claim, so a redelivery of an event already processed stays a plain `duplicate` (no
 *   stale dead letter for it), copies in flight elsewhere get 409 without touching the ordering
 *   state, and only the instance holding the claim raises the object's time.
 *
 * The object's time is raised when the delivery is admitted, not when its handler succeeds: the
 * check and the raise are one atomic step (one Lua script on Redis), so of two instances racing
 * with an older and a newer delivery exactly one order wins and the newer is never refused. A
 * handler that then fails leaves the time raised; the provider's retry carries the same time and
 * ties are admitted, so it runs again.
 */
import { errorMessage } from "../../errors.js";
import { compileObjectExtraction, type CompiledObjectExtraction } from "../../extract.js";
import type { MaybePromise } from "../../maybe-promise.js";
import type { ProviderDefinition } from "../../types.js";
import type { Delivery } from "../delivery.js";
import type { PipelineSettings } from "../options.js";
import type { Outcome } from "../outcomes.js";
import { whenReady } from "../run-steps.js";

/** Compiled once per definition; `null` when the provider declares no object to order by. */
const objectExtractions = new WeakMap<ProviderDefinition, CompiledObjectExtraction | null>();

function objectExtractionOf(def: ProviderDefinition): CompiledObjectExtraction | null {
  let compiled = objectExtractions.get(def);
  if (compiled === undefined) objectExtractions.set(def, (compiled = compileObjectExtraction(def.event) ?? null));
  return compiled;
}

/** Builds the order step: a no-op for webhooks without `ordering: per_object`. */
export function createOrder(settings: PipelineSettings) {
  const { log, ordering: store, orderingTtlMs } = settings;
  /** Definitions already warned about (once each, not once per delivery). */
  const unorderable = new WeakSet<ProviderDefinition>();

  function storeFailed(d: Delivery, error: unknown): Outcome {
    log.error(`ordering store failed; refusing the delivery so it is retried: ${errorMessage(error)}`, d.ctx.where);
    return "ordering_unavailable";
  }

  function decided(d: Delivery, objectId: string, timestampMs: number, newest: number): Outcome | undefined {
    if (!(newest > timestampMs)) return undefined;
    log.info("stale delivery: its object already has newer state; kept as a dead letter", {
      ...d.ctx.where,
      type: d.event!.type,
      id: d.event!.id,
      object: objectId,
      eventTime: new Date(timestampMs).toISOString(),
      newestTime: new Date(newest).toISOString(),
    });
    return "stale";
  }

  return function order(d: Delivery): MaybePromise<Outcome | undefined> {
    const { ctx } = d;
    if (ctx.config.ordering !== "per_object") return undefined;
    const extract = objectExtractionOf(ctx.def);
    // The manifest refuses `per_object` without an object extraction; a hand-written definition
    // may still lack one, and then nothing can be ordered: say so and dispatch rather than drop.
    if (extract === null) {
      if (!unorderable.has(ctx.def)) log.warn("ordering: per_object, but the provider declares no event.object_id and time; not ordered", ctx.where);
      unorderable.add(ctx.def);
      return undefined;
    }
    const object = extract(d.req.headers, d.payload);
    if (object === undefined) {
      if (log.debugEnabled) log.debug("not ordered: the delivery names no object or time", { ...ctx.where, type: d.event!.type, id: d.event!.id });
      return undefined;
    }
    let pending: MaybePromise<number>;
    try {
      pending = store.advance(ctx.dedupePrefix + object.id, object.timestampMs, orderingTtlMs);
    } catch (error) {
      return storeFailed(d, error);
    }
    return whenReady(
      pending,
      (newest) => decided(d, object.id, object.timestampMs, newest),
      (error) => storeFailed(d, error),
    );
  };
}
