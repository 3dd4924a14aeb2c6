/**
 * Settle: what must happen after every delivery, whatever its outcome — the dedupe claim is
 * completed (processed) or released (so the provider's retry runs again), and an outcome the
 * table marks as a dead letter is recorded before the provider hears 2xx: in the `deadLetters`
 * store when one is configured (a failing store turns the answer into 503, so the provider
 * retries), then in the processor's own list and its hooks.
 */
import { errorMessage } from "../../errors.js";
import { headerText } from "../../extract.js";
import { isPromiseLike, type MaybePromise } from "../../maybe-promise.js";
import type { Delivery } from "../delivery.js";
import type { PipelineSettings } from "../options.js";
import { markUnrecorded, OUTCOMES, type Outcome } from "../outcomes.js";
import { keptHeaders, type DeadLetterInput } from "../../dead-letter.js";

/**
 * Builds the settle step. Never throws for a store failure: dedupe store failures are logged, and
 * a failing dead-letter store is logged and answered 503 (the outcome table's `unrecorded`).
 */
export function createSettle(settings: PipelineSettings) {
  const { log, dedupe, doneTtlMs, deadLetters } = settings;

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

  function recordInProcessor(d: Delivery, input: DeadLetterInput): Promise<void> {
    const { where, processor } = d.ctx;
    return processor.recordDeadLetter(input, (error) => log.error(`dead-letter hook failed: ${errorMessage(error)}`, { ...where, id: input.id }));
  }

  /** The store refused the record: no hooks, and the answer becomes the rule's `unrecorded` one (503). */
  function unrecorded(d: Delivery, input: DeadLetterInput, error: unknown): undefined {
    log.error(`dead-letter store failed; answering 503 so the provider retries: ${errorMessage(error)}`, { ...d.ctx.where, type: input.type, id: input.id });
    markUnrecorded(d);
    return undefined;
  }

  function keepDeadLetter(d: Delivery, outcome: Outcome): Promise<void> | undefined {
    const reason = OUTCOMES[outcome].deadLetter;
    const event = d.event;
    if (reason === undefined || event === undefined) return undefined;
    const { where } = d.ctx;
    log.info(`not dispatched (${reason}); kept as a dead letter`, { ...where, type: event.type, id: event.id });
    const input: DeadLetterInput = {
      reason,
      ...where,
      id: event.id,
      type: event.type,
      receivedAt: new Date(d.receivedAt),
      payload: event.payload,
      rawBody: d.rawBody,
      contentType: headerText(event.headerBag, "content-type"),
      bodyFormat: d.ctx.def.bodyFormat,
      headers: keptHeaders(event.headers),
      issues: d.issues,
    };
    if (deadLetters === undefined) return recordInProcessor(d, input);
    let added: MaybePromise<string>;
    try {
      added = deadLetters.add(input);
    } catch (error) {
      return Promise.resolve(unrecorded(d, input, error));
    }
    return Promise.resolve(added).then(
      () => recordInProcessor(d, input),
      (error: unknown) => unrecorded(d, input, error),
    );
  }

  return function settle(d: Delivery, outcome: Outcome): MaybePromise<void> {
    // `queued`: the durable job now stands for the delivery, so a redelivery is a duplicate (docs/queue.md).
    const claimed = d.claimKey === undefined ? undefined : settleClaim(d, d.claimKey, outcome === "processed" || outcome === "queued");
    const kept = keepDeadLetter(d, outcome);
    if (kept === undefined) return claimed;
    return claimed === undefined ? kept : Promise.all([claimed, kept]).then(() => undefined);
  };
}
