/**
 * Dispatch: run the processor's middleware and handlers. A throwing handler fails the delivery
 * (500, and settle releases its claim so the provider's retry runs it again).
 */
import { errorMessage } from "../../errors.js";
import type { HandlerResult } from "../../event.js";
import type { MaybePromise } from "../../maybe-promise.js";
import { whenReady } from "../run-steps.js";
import type { Delivery } from "../delivery.js";
import type { PipelineSettings } from "../options.js";
import type { Outcome } from "../outcomes.js";

/** Builds the dispatch step. */
export function createDispatch(settings: PipelineSettings) {
  const { log } = settings;

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

  return function dispatch(d: Delivery): MaybePromise<Outcome> {
    let pending: MaybePromise<HandlerResult>;
    try {
      pending = d.ctx.processor.dispatchNow(d.event!);
    } catch (error) {
      return failed(d, error);
    }
    return whenReady(
      pending,
      (result) => finished(d, result),
      (error) => failed(d, error),
    );
  };
}
