/**
 * Claim: take ownership of running a delivery, once across redeliveries (and across instances
 * with a shared store). Only a delivery something will run is claimed.
 *
 * The key is the provider's event id when its signature covers it; otherwise (GitHub's
 * `X-GitHub-Delivery` is unsigned) the verified signature, so a captured delivery replayed under
 * a fresh id is still a duplicate. Without a reported signature, the body's SHA-256 stands in.
 * Those two keys also carry the event type: a provider may send one byte-identical body under
 * two topics (Shopify's `orders/updated` and `orders/paid` for one payment), and the second is an
 * authentic delivery, not a replay. (A captured body replayed under another unsigned type header
 * still has to pass that type's schema.)
 */
import { bytesToBase64, bytesToHex, sha256 } from "../../crypto/index.js";
import { errorMessage } from "../../errors.js";
import type { MaybePromise } from "../../maybe-promise.js";
import { whenReady } from "../run-steps.js";
import type { ClaimResult, DedupeStore } from "../../stores/types.js";
import type { Delivery } from "../delivery.js";
import type { PipelineSettings } from "../options.js";
import type { Outcome } from "../outcomes.js";

/** Builds the claim step; `undefined` when dedupe is off. */
export function createClaim(settings: PipelineSettings) {
  const { log, inFlightTtlMs } = settings;
  const store: DedupeStore | undefined = settings.dedupe;
  const onEventId = settings.unsignedIdDedupe === "event_id";

  function claimed(d: Delivery, key: string, result: ClaimResult): Outcome | undefined {
    if (result === "claimed") {
      d.claimKey = key;
      return undefined;
    }
    if (log.debugEnabled) log.debug(result === "done" ? "duplicate delivery" : "delivery still in flight", { ...d.ctx.where, id: d.event!.id });
    return result === "done" ? "duplicate" : "in_flight";
  }

  function storeFailed(d: Delivery, error: unknown): Outcome {
    log.error(`dedupe store failed; refusing the delivery so it is retried: ${errorMessage(error)}`, d.ctx.where);
    return "dedupe_unavailable";
  }

  function claimKey(d: Delivery, key: string): MaybePromise<Outcome | undefined> {
    let pending: MaybePromise<ClaimResult>;
    try {
      pending = store!.claim(key, inFlightTtlMs);
    } catch (error) {
      return storeFailed(d, error);
    }
    return whenReady(
      pending,
      (result) => claimed(d, key, result),
      (error) => storeFailed(d, error),
    );
  }

  return function claim(d: Delivery): MaybePromise<Outcome | undefined> {
    const { ctx } = d;
    const event = d.event!;
    if (!ctx.processor.dispatches(event.type)) return "no_handler";
    if (store === undefined) return undefined;
    if (ctx.idIsSigned || onEventId) return claimKey(d, ctx.dedupePrefix + event.id);
    // Base64: the shortest text a shared store (Redis) keys on comfortably, and cheap to hash.
    if (d.digest !== undefined) return claimKey(d, `${ctx.dedupePrefix}sig:${event.type}:${bytesToBase64(d.digest)}`);
    return whenReady(
      sha256(d.rawBody),
      (bytes) => claimKey(d, `${ctx.dedupePrefix}body:${event.type}:${bytesToHex(bytes)}`),
      (error) => storeFailed(d, error),
    );
  };
}
