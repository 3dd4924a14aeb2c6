/**
 * What a worker does with one job, apart from BullMQ: rebuild the delivery from its bytes, take
 * the run lease, run middleware and handlers, and record the end — done in the ledger, or a
 * failure that BullMQ retries with backoff, or (last attempt) a `handler_failed` dead letter.
 *
 * Exactly once: a key's handlers run under the ledger's lease (one run at a time, whatever
 * BullMQ believes about stalled jobs) and never after the ledger says `done`.
 */
import type { DeadLetterInput } from "../dead-letter.js";
import { errorMessage } from "../errors.js";
import type { HandlerResult } from "../event.js";
import type { ResolvedLogger } from "../log.js";
import { Delivery } from "../pipeline/delivery.js";
import type { PipelineSettings } from "../pipeline/options.js";
import { OUTCOMES, type Outcome } from "../pipeline/outcomes.js";
import { resolveRouteContext, type RouteContext } from "../pipeline/route-context.js";
import { runSteps } from "../pipeline/run-steps.js";
import { createIdentify } from "../pipeline/steps/identify.js";
import { createValidate } from "../pipeline/steps/validate.js";
import type { DeadLetterStore } from "../stores/dead-letter-store.js";
import { parseQueuedDelivery, requestOf } from "./job.js";
import { keepLease, runToken } from "./ledger.js";
import type { QueuedDelivery, RunLedger } from "./types.js";

/** The parts of a queue job the runner needs (BullMQ's `Job`, structurally). */
export interface JobView {
  readonly data: unknown;
  /** Failed attempts so far (BullMQ `attemptsMade`). */
  readonly attemptsMade: number;
  /** Attempts allowed in all (BullMQ `opts.attempts`). */
  readonly attempts: number;
}

/** How a job ended, as the job's return value (kept by BullMQ with the completed job). */
export interface JobResult {
  /** `processed`; `duplicate` (the ledger said done: nothing ran); or the outcome that stopped it. */
  readonly status: "processed" | "duplicate" | Outcome;
  readonly result?: HandlerResult;
}

/** Thrown when another run holds the key's lease: the worker re-schedules the job, not counted as an attempt. */
export class RunBusyError extends Error {
  constructor(key: string) {
    super(`another run holds the lease of ${key}`);
    this.name = "RunBusyError";
  }
}

/** What {@link createJobRunner} needs. */
export interface JobRunnerOptions {
  readonly settings: PipelineSettings;
  readonly ledger: RunLedger;
  readonly leaseMs: number;
  readonly doneTtlMs: number;
  /** Where a job that failed its last attempt is kept; else the processor's in-memory list. */
  readonly deadLetters: DeadLetterStore | undefined;
}

/** Builds the function a worker calls per job. It rejects when the job must be retried. */
export function createJobRunner(options: JobRunnerOptions): (job: JobView) => Promise<JobResult> {
  const { settings, ledger, leaseMs, doneTtlMs, deadLetters } = options;
  const log: ResolvedLogger = settings.log;
  const contexts = new Map<string, RouteContext>();
  // The pipeline's own steps after verify: the job's bytes were verified when they were received.
  const steps = [createIdentify(settings), createValidate(settings)];

  function contextOf(job: QueuedDelivery): RouteContext {
    const name = `${job.provider}/${job.webhook}`;
    let ctx = contexts.get(name);
    if (ctx === undefined) {
      const path = settings.registry.provider(job.provider)?.webhooks[job.webhook]?.path ?? "/";
      ctx = resolveRouteContext({ provider: job.provider, webhook: job.webhook, path }, settings);
      contexts.set(name, ctx);
    }
    return ctx;
  }

  async function keep(d: Delivery, input: Omit<DeadLetterInput, "rawBody" | "payload" | "receivedAt">, failures: number, lastFailure: string): Promise<void> {
    const full: DeadLetterInput = { ...input, rawBody: d.rawBody, payload: d.payload, receivedAt: new Date(d.receivedAt) };
    if (deadLetters !== undefined) {
      const key = await deadLetters.add(full);
      if (failures > 0) await deadLetters.update(key, { attempts: failures, lastFailure });
    }
    await d.ctx.processor.recordDeadLetter(full, (error) => log.error(`dead-letter hook failed: ${errorMessage(error)}`, { ...d.ctx.where, id: input.id }));
  }

  function deadLetterFields(d: Delivery, job: QueuedDelivery, reason: DeadLetterInput["reason"]): Omit<DeadLetterInput, "rawBody" | "payload" | "receivedAt"> {
    return {
      reason,
      ...d.ctx.where,
      id: job.id,
      type: job.type,
      contentType: job.headers["content-type"],
      bodyFormat: d.ctx.def.bodyFormat,
      headers: job.headers,
      issues: d.issues,
    };
  }

  return async function run(view: JobView): Promise<JobResult> {
    const job = parseQueuedDelivery(view.data);
    const ctx = contextOf(job);
    const { request, rawBody } = requestOf(job, ctx.route.path);
    const d = new Delivery(request, ctx, job.receivedAt);
    d.rawBody = rawBody;
    const where = { ...ctx.where, type: job.type, id: job.id };

    const token = runToken();
    const state = await ledger.begin(job.key, token, leaseMs);
    if (state === "done") {
      if (log.debugEnabled) log.debug("queued delivery already handled; not run again", where);
      return { status: "duplicate" };
    }
    if (state === "busy") throw new RunBusyError(job.key);

    const stop = keepLease(ledger, job.key, token, leaseMs, (error) =>
      log.warn(`run lease of a queued delivery ${error === undefined ? "was lost" : `could not be renewed: ${errorMessage(error)}`}; its handler may run again`, where),
    );
    try {
      const stopped = await runSteps(steps, d, undefined as Outcome | undefined);
      if (stopped !== undefined) {
        // The webhook's config changed since the delivery was queued (now unsubscribed, or invalid
        // under a stricter mode): kept as the pipeline would keep it, and not run.
        const reason = OUTCOMES[stopped].deadLetter;
        if (reason !== undefined) await keep(d, deadLetterFields(d, job, reason), 0, stopped);
        await ledger.finish(job.key, doneTtlMs);
        return { status: stopped };
      }
      const event = d.event!;
      if (!ctx.processor.dispatches(event.type)) throw new Error(`no handler registered in this worker for ${job.provider}/${job.webhook} ${event.type}`);
      let result: HandlerResult;
      try {
        result = await ctx.processor.dispatchNow(event);
      } catch (error) {
        return await failed(d, job, view, error, token);
      }
      // Until `finish` is written, a crash makes the next run repeat handlers that succeeded:
      // the one at-least-once window (docs/queue.md).
      await ledger.finish(job.key, doneTtlMs);
      if (log.debugEnabled) log.debug("queued delivery processed", where);
      return result === undefined ? { status: "processed" } : { status: "processed", result };
    } catch (error) {
      if (!(error instanceof HandlerFailure)) await ledger.abandon(job.key, token).catch(() => undefined);
      throw error instanceof HandlerFailure ? error.cause : error;
    } finally {
      stop();
    }
  };

  /** A failed attempt: drop the lease (so the retry can run), and on the last attempt keep a dead letter. */
  async function failed(d: Delivery, job: QueuedDelivery, view: JobView, error: unknown, token: string): Promise<never> {
    const attempt = view.attemptsMade + 1;
    const message = errorMessage(error);
    log.error(`queued handler failed (attempt ${attempt} of ${view.attempts}): ${message}`, { ...d.ctx.where, type: job.type, id: job.id, error });
    try {
      if (attempt >= view.attempts) await keep(d, deadLetterFields(d, job, "handler_failed"), attempt, `handler_failed: ${message}`);
    } finally {
      await ledger.abandon(job.key, token).catch(() => undefined);
    }
    throw new HandlerFailure(error);
  }
}

/** Carries a handler's error past the runner's own cleanup (the lease is already dropped). */
class HandlerFailure extends Error {
  constructor(override readonly cause: unknown) {
    super(errorMessage(cause));
  }
}
