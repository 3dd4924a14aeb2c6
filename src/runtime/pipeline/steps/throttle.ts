/**
 * Throttle: the webhook's token bucket (`rate_limit` in webhook.yaml), spent only by verified
 * deliveries. A broken store fails open, loudly: refusing the provider would lose events.
 */
import { errorMessage } from "../../errors.js";
import type { MaybePromise } from "../../maybe-promise.js";
import { whenReady } from "../run-steps.js";
import type { RateLimitDecision } from "../../stores/types.js";
import type { Delivery } from "../delivery.js";
import type { PipelineSettings } from "../options.js";
import type { Outcome } from "../outcomes.js";

/** Builds the throttle step. */
export function createThrottle(settings: PipelineSettings) {
  const { log, rateLimit } = settings;

  function decided(d: Delivery, decision: RateLimitDecision): Outcome | undefined {
    if (decision.allowed) return undefined;
    d.retryAfterMs = decision.retryAfterMs;
    if (log.debugEnabled) log.debug("rejected: rate limited", d.ctx.where);
    return "rate_limited";
  }

  function storeFailed(d: Delivery, error: unknown): undefined {
    log.warn(`rate-limit store failed, letting the request through: ${errorMessage(error)}`, d.ctx.where);
    return undefined;
  }

  return function throttle(d: Delivery): MaybePromise<Outcome | undefined> {
    const { config, rateKey, refillPerMs } = d.ctx;
    if (config.rateLimit === undefined) return undefined;
    let taken: MaybePromise<RateLimitDecision>;
    try {
      taken = rateLimit.take(rateKey, config.rateLimit.burstLimit, refillPerMs, d.receivedAt);
    } catch (error) {
      return storeFailed(d, error);
    }
    return whenReady(
      taken,
      (decision) => decided(d, decision),
      (error) => storeFailed(d, error),
    );
  };
}
