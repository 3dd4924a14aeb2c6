/**
 * Read: the raw bytes, within the webhook's size limit and the pipeline's read deadline.
 */
import type { MaybePromise } from "../../maybe-promise.js";
import { whenReady } from "../run-steps.js";
import { BodyTimeoutError, BodyTooLargeError, RawBodyUnavailableError } from "../../types.js";
import type { Delivery } from "../delivery.js";
import type { PipelineSettings } from "../options.js";
import type { Outcome } from "../outcomes.js";
import { errorMessage } from "../../errors.js";

/** Builds the read step. */
export function createRead(settings: PipelineSettings) {
  const { log, bodyTimeoutMs } = settings;

  function unreadable(d: Delivery, error: unknown): Outcome {
    const { where, config } = d.ctx;
    if (error instanceof BodyTooLargeError) {
      if (log.debugEnabled) log.debug("rejected: body over limit", { ...where, limit: config.maxBodyBytes });
      return "too_large";
    }
    if (error instanceof BodyTimeoutError) {
      if (log.debugEnabled) log.debug("rejected: body not received in time", { ...where, timeoutMs: error.timeoutMs });
      return "body_timeout";
    }
    if (error instanceof RawBodyUnavailableError) {
      log.error(error.message, where);
      return "raw_body_unavailable";
    }
    if (log.debugEnabled) log.debug(`rejected: body could not be read: ${errorMessage(error)}`, where);
    return "body_unreadable";
  }

  function received(d: Delivery, bytes: Uint8Array): undefined {
    d.rawBody = bytes;
    return undefined;
  }

  return function read(d: Delivery): MaybePromise<Outcome | undefined> {
    let pending: MaybePromise<Uint8Array>;
    try {
      pending = d.req.readBody(d.ctx.config.maxBodyBytes, bodyTimeoutMs);
    } catch (error) {
      return unreadable(d, error);
    }
    // An adapter holding the bytes already hands them over directly: no promise, no suspension.
    return whenReady(
      pending,
      (bytes) => received(d, bytes),
      (error) => unreadable(d, error),
    );
  };
}
