/**
 * Dispatch: run the processor's middleware and handlers. A throwing handler fails the delivery
 * (500, and settle releases its claim so the provider's retry runs it again).
 *
 * `mode: auto` (docs/queue.md): the handlers run inline, but when they have not finished
 * `handoffAfterMs` after the delivery was received (the provider's acknowledgement budget minus
 * a margin), the delivery is handed to the
 * queue and answered 200 `queued` in time. The hand-off takes the run ledger's lease for the
 * inline run *before* the job exists, so the worker that picks the job up waits while the inline
 * run holds it, skips the job once the inline run finished, and runs it (with retries) only when
 * the inline run failed or its process died. The handlers' work is never done twice.
 */
import { errorMessage } from "../../errors.js";
import type { HandlerResult } from "../../event.js";
import { isPromiseLike, type MaybePromise } from "../../maybe-promise.js";
import { queueKeyOf, queuedDelivery } from "../../queue/job.js";
import { keepLease, runToken } from "../../queue/ledger.js";
import { routeMode } from "../../queue/mode.js";
import { whenReady } from "../run-steps.js";
import type { Delivery } from "../delivery.js";
import type { PipelineSettings, QueueOptions } from "../options.js";
import type { Outcome } from "../outcomes.js";

/** How an inline run ended, for the auto-mode race. */
type Settled = { readonly ok: true; readonly result: HandlerResult } | { readonly ok: false; readonly error: unknown };

/** Builds the dispatch step. */
export function createDispatch(settings: PipelineSettings) {
  const { log, queue } = settings;

  function failed(d: Delivery, error: unknown): Outcome {
    const event = d.event!;
    log.error(`handler failed: ${errorMessage(error)}`, { ...d.ctx.where, type: event.type, id: event.id, error });
    return "handler_failed";
  }

  function finished(d: Delivery, result: HandlerResult): Outcome {
    try {
      d.body = result === undefined ? undefined : JSON.stringify(result);
    } catch (error) {
      return failed(d, error); // e.g. a BigInt in the result: the handler's bug, answered like one
    }
    return "processed";
  }

  function outcomeOf(d: Delivery, s: Settled): Outcome {
    return s.ok ? finished(d, s.result) : failed(d, s.error);
  }

  return function dispatch(d: Delivery): MaybePromise<Outcome> {
    let pending: MaybePromise<HandlerResult>;
    try {
      pending = d.ctx.processor.dispatchNow(d.event!);
    } catch (error) {
      return failed(d, error);
    }
    // Only a handler still running can miss its budget: synchronous ones never pay for auto mode.
    if (queue !== undefined && isPromiseLike(pending)) {
      const { mode, handoffAfterMs } = routeMode(d.ctx, queue);
      if (mode === "auto") return raceBudget(d, pending, handoffAfterMs, queue);
    }
    return whenReady(
      pending,
      (result) => finished(d, result),
      (error) => failed(d, error),
    );
  };

  /** Auto mode: the inline run against its budget. */
  function raceBudget(d: Delivery, pending: PromiseLike<HandlerResult>, handoffAfterMs: number, q: QueueOptions): Promise<Outcome> {
    const event = d.event!;
    const where = { ...d.ctx.where, type: event.type, id: event.id };
    const key = queueKeyOf(d);
    const token = runToken();
    const { ledger, leaseMs, doneTtlMs } = q.queue;

    const inline: Promise<Settled> = Promise.resolve(pending).then(
      (result): Settled => ({ ok: true, result }),
      (error: unknown): Settled => ({ ok: false, error }),
    );

    /** Once the hand-off holds the lease, the inline run's end is the ledger's to record, whatever was answered. */
    function recordInline(stopLease: () => void): void {
      void inline.then(async (s) => {
        stopLease();
        try {
          if (s.ok) await ledger.finish(key, doneTtlMs);
          else {
            log.warn(`handler failed after the hand-off; the queue retries it: ${errorMessage(s.error)}`, where);
            await ledger.abandon(key, token);
          }
        } catch (error) {
          // The worker then finds the lease expired and runs the handlers again: at least once.
          log.error(`run ledger unreachable after an inline run; the queue may run it again: ${errorMessage(error)}`, where);
        }
      });
    }

    /** `queued` once the job is stored; `undefined` when the ledger says another run has the key. */
    async function handOff(): Promise<Outcome | undefined> {
      const state = await ledger.begin(key, token, leaseMs);
      if (state !== "claimed") return undefined;
      recordInline(
        keepLease(ledger, key, token, leaseMs, (error) =>
          log.warn(`run lease of an inline run ${error === undefined ? "was lost" : `could not be renewed: ${errorMessage(error)}`}`, where),
        ),
      );
      await q.queue.enqueue(queuedDelivery(d, key, true));
      if (log.debugEnabled) log.debug("handler still running at its budget: handed to the queue", where);
      return "queued";
    }

    return new Promise<Outcome>((resolve) => {
      /** `inline` until the budget; `handing` while the hand-off decides; then answered. */
      let phase: "inline" | "handing" | "answered" = "inline";
      const answer = (o: Outcome): void => {
        phase = "answered";
        resolve(o);
      };
      const late = (): void => void inline.then((s) => answer(outcomeOf(d, s)));
      // Counted from receipt, as the provider's clock runs from its send; not unref'd: it must fire.
      const timer = setTimeout(() => {
        if (phase !== "inline") return;
        phase = "handing";
        handOff().then(
          (o) => (o === undefined ? late() : answer(o)),
          (error: unknown) => {
            // No durable job: never 2xx on it. Answer with the inline run, late: its real
            // result, or a failure the provider retries.
            log.error(`hand-off to the queue failed; answering when the inline run ends: ${errorMessage(error)}`, where);
            late();
          },
        );
      }, Math.max(0, handoffAfterMs - (settings.now() - d.receivedAt)));
      void inline.then((s) => {
        if (phase !== "inline") return; // the hand-off decides the answer
        clearTimeout(timer);
        answer(outcomeOf(d, s));
      });
    });
  }
}
