/**
 * Enqueue (`mode: queue`, docs/queue.md): after verification, validation and the dedupe claim,
 * put the delivery on the durable queue and answer 200 `queued` at once; workers run the
 * handlers. The answer is 2xx only once the queue stored the job: a queue that is down or slow
 * is answered 503 + Retry-After (settle releases the claim, so the provider's retry runs).
 */
import { errorMessage } from "../../errors.js";
import type { MaybePromise } from "../../maybe-promise.js";
import { queueKeyOf, queuedDelivery } from "../../queue/job.js";
import { routeMode } from "../../queue/mode.js";
import type { Delivery } from "../delivery.js";
import type { PipelineSettings } from "../options.js";
import type { Outcome } from "../outcomes.js";
import type { RouteContext } from "../route-context.js";

/** Builds the enqueue step: a no-op for inline and auto webhooks. */
export function createEnqueue(settings: PipelineSettings) {
  const { log, queue } = settings;
  const reported = new WeakSet<RouteContext>();

  /** `queue`/`auto` in webhook.yaml but no `queue` option: refuse loudly rather than run inline unasked. */
  function unconfigured(d: Delivery): Outcome {
    if (!reported.has(d.ctx)) {
      reported.add(d.ctx);
      log.error(`webhook ${d.ctx.where.provider}/${d.ctx.where.webhook} has mode ${routeMode(d.ctx, undefined).mode} but the pipeline has no queue option; answering 500`, d.ctx.where);
    }
    return "misconfigured";
  }

  return function enqueue(d: Delivery): MaybePromise<Outcome | undefined> {
    if (queue === undefined) {
      // The hot path of inline webhooks: one property read.
      return d.ctx.config.mode === undefined || d.ctx.config.mode === "inline" ? undefined : unconfigured(d);
    }
    if (routeMode(d.ctx, queue).mode !== "queue") return undefined;
    const event = d.event!;
    let pending: Promise<void>;
    try {
      pending = queue.queue.enqueue(queuedDelivery(d, queueKeyOf(d), false));
    } catch (error) {
      pending = Promise.reject(error);
    }
    return pending.then(
      (): Outcome => {
        if (log.debugEnabled) log.debug("queued", { ...d.ctx.where, type: event.type, id: event.id });
        return "queued";
      },
      (error: unknown): Outcome => {
        log.error(`queue unavailable; refusing the delivery so it is retried: ${errorMessage(error)}`, { ...d.ctx.where, type: event.type, id: event.id });
        return "queue_unavailable";
      },
    );
  };
}
