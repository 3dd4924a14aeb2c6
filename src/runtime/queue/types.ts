/**
 * What the pipeline needs of a queue, without naming BullMQ: the pipeline (in every user's
 * bundle) depends on these interfaces only; `createWebhookQueue` (./bullmq.ts, the
 * `smart-api-integrations/queue` subpath) implements them and loads BullMQ when it is called.
 */
import type { DeliveryMode } from "../types.js";

export type { DeliveryMode };

/**
 * One verified, identified delivery as it waits on the queue: its exact bytes and the headers a
 * replay needs (never signatures or credentials: Redis is not a secret store). The worker parses
 * and validates them again, as a dead-letter replay does.
 */
export interface QueuedDelivery {
  /** Format version of this record. */
  readonly v: 1;
  readonly provider: string;
  readonly webhook: string;
  /** The dedupe key the pipeline claimed (`<provider>:<webhook>:<id or sig:…>`); the job id is derived from it. */
  readonly key: string;
  readonly id: string;
  readonly type: string;
  /** Time of receipt, ms. */
  readonly receivedAt: number;
  /** The raw body, base64. */
  readonly body: string;
  readonly headers: Readonly<Record<string, string>>;
  /**
   * True for a `mode: auto` hand-off: the request's own inline run may still be running (or have
   * finished) the handlers; the worker runs them only if that run did not complete.
   */
  readonly handoff: boolean;
}

/** How a run of a key stands in the ledger. */
export type RunState = "claimed" | "busy" | "done";

/**
 * Who runs a delivery's handlers, and whether they finished: the worker-side guard that keeps a
 * job re-run after a crash (BullMQ's stalled-job recovery) or an auto-mode hand-off from running
 * handlers a second time. A run holds a lease under its own token, renewed while it runs.
 */
export interface RunLedger {
  /** Takes the lease of `key` for `token`: `claimed`, or `busy` (another run holds it), or `done`. */
  begin(key: string, token: string, leaseMs: number): Promise<RunState>;
  /** Extends the lease; `false` when `token` no longer holds it. */
  renew(key: string, token: string, leaseMs: number): Promise<boolean>;
  /** Records that the handlers completed (whoever holds the lease). */
  finish(key: string, doneTtlMs: number): Promise<void>;
  /** Drops the lease of `token` after a failure, so a retry can run. */
  abandon(key: string, token: string): Promise<void>;
}

/** What {@link WebhookQueue.enqueue} does with a job. */
export interface EnqueueOptions {
  /** Run no earlier than this many ms from now. */
  readonly delayMs?: number;
}

/**
 * A durable queue of deliveries. `enqueue` must resolve only once the job is durably stored (and
 * reject otherwise): the pipeline answers 2xx on it. Adding a key already queued is a no-op.
 */
export interface WebhookQueue {
  /** Queue name (BullMQ queue), for logs. */
  readonly name: string;
  /** Adds the job whose id is derived from `job.key`; resolves once it is stored. */
  enqueue(job: QueuedDelivery, options?: EnqueueOptions): Promise<void>;
  /** The ledger the queue's workers use; auto mode takes its lease when it hands a delivery off. */
  readonly ledger: RunLedger;
  /** How long a run's lease lasts without renewal (ms); renewed every third of it. */
  readonly leaseMs: number;
  /** How long a completed run is remembered (ms). */
  readonly doneTtlMs: number;
}
