/**
 * Settle: what must happen after every delivery, whatever its outcome — the dedupe claim is
 * completed (processed) or released (so the provider's retry runs again), and an outcome the
 * table marks as a dead letter is recorded before the provider hears 2xx.
 */
import { errorMessage } from "../../errors.js";
import { headerText } from "../../extract.js";
import { isPromiseLike, type MaybePromise } from "../../maybe-promise.js";
import type { Delivery } from "../delivery.js";
import type { PipelineSettings } from "../options.js";
import { OUTCOMES, type Outcome } from "../outcomes.js";

/** Builds the settle step. Never throws for a store failure: those are logged, not answered. */
export function createSettle(settings: PipelineSettings) {
  const { log, dedupe, doneTtlMs } = settings;

  function settleFailed(d: Delivery, succeeded: boolean, error: unknown): undefined {
    log.warn(`dedupe ${succeeded ? "complete" : "release"} failed: ${errorMessage(error)}`, d.ctx.where);
    return undefined;
  }

  function settleClaim(d: Delivery, key: string, succeeded: boolean): MaybePromise<void> {
    try {
      const written = succeeded ? dedupe!.complete(key, doneTtlMs) : dedupe!.release(key);
      if (isPromiseLike(written)) return Promise.resolve(written).then(undefined, (error: unknown) => settleFailed(d, succeeded, error));
    } catch (error) {
      settleFailed(d, succeeded, error);
    }
    return undefined;
  }

  function keepDeadLetter(d: Delivery, outcome: Outcome): Promise<void> | undefined {
    const reason = OUTCOMES[outcome].deadLetter;
    const event = d.event;
    if (reason === undefined || event === undefined) return undefined;
    const { where, processor } = d.ctx;
    log.info(`not dispatched (${reason}); kept as a dead letter`, { ...where, type: event.type, id: event.id });
    return processor.recordDeadLetter(
      {
        reason,
        ...where,
        id: event.id,
        type: event.type,
        receivedAt: new Date(d.receivedAt),
        payload: event.payload,
        rawBody: d.rawBody,
        contentType: headerText(event.headerBag, "content-type"),
        bodyFormat: d.ctx.def.bodyFormat,
        issues: d.issues,
      },
      (error) => log.error(`dead-letter hook failed: ${errorMessage(error)}`, { ...where, id: event.id }),
    );
  }

  return function settle(d: Delivery, outcome: Outcome): MaybePromise<void> {
    const claimed = d.claimKey === undefined ? undefined : settleClaim(d, d.claimKey, outcome === "processed");
    const kept = keepDeadLetter(d, outcome);
    if (kept === undefined) return claimed;
    return claimed === undefined ? kept : Promise.all([claimed, kept]).then(() => undefined);
  };
}
