/**
 * The BullMQ binding: `createWebhookQueue` (what the pipeline enqueues on) and
 * `createWebhookWorker` (what runs the handlers), exported as `smart-api-integrations/queue`.
 *
 * BullMQ is an optional peer dependency, loaded here with a dynamic import when one of these is
 * called, so an app without queue mode never needs it. BullMQ's classes are typed structurally
 * below (the runtime imports no package types), the way the framework adapters type theirs.
 */
import { errorMessage } from "../errors.js";
import type { WebhookLogger } from "../log.js";
import { resolveSettings } from "../pipeline/options.js";
import type { WebhookRegistry } from "../registry.js";
import type { DeadLetterStore } from "../stores/dead-letter-store.js";
import type { RedisConnection, RedisEval } from "../stores/redis.js";
import { jobIdOf } from "./job.js";
import { RedisRunLedger } from "./ledger.js";
import { createJobRunner, RunBusyError, type JobResult } from "./run.js";
import type { EnqueueOptions, QueuedDelivery, WebhookQueue } from "./types.js";

// ---------------------------------------------------------------------------------------------
// BullMQ, structurally

/** A Redis connection as BullMQ takes it: ioredis options (`{ host, port, … }`) or an ioredis client. */
export type QueueConnection = { readonly [option: string]: unknown };

interface BullJob {
  readonly id?: string | undefined;
  readonly data: unknown;
  readonly attemptsMade: number;
  readonly opts: { readonly attempts?: number | undefined };
  readonly stacktrace: string[] | null;
  readonly failedReason?: string | undefined;
  readonly returnvalue: unknown;
  moveToDelayed(timestamp: number, token?: string): Promise<void>;
  getState(): Promise<string>;
}

interface BullQueue {
  add(name: string, data: unknown, opts: Record<string, unknown>): Promise<BullJob>;
  getJob(id: string): Promise<BullJob | undefined>;
  waitUntilReady(): Promise<unknown>;
  close(): Promise<void>;
  on(event: "error", listener: (error: Error) => void): unknown;
}

interface BullWorker {
  close(force?: boolean): Promise<void>;
  waitUntilReady(): Promise<unknown>;
  on(event: string, listener: (...args: never[]) => void): unknown;
}

interface BullModule {
  Queue: new (name: string, opts: Record<string, unknown>) => BullQueue;
  Worker: new (name: string, processor: (job: BullJob, token?: string) => Promise<unknown>, opts: Record<string, unknown>) => BullWorker;
  DelayedError: new (message?: string) => Error;
}

interface IoRedisClient {
  eval(script: string, numKeys: number, ...args: string[]): Promise<unknown>;
  quit(): Promise<unknown>;
  on(event: "error", listener: (error: Error) => void): unknown;
}

// A specifier in a variable: bundlers then leave the optional peer alone instead of resolving it
// into every bundle of the runtime (and the boundary check, test/architecture, sees no static edge).
const BULLMQ = "bullmq";
const IOREDIS = "ioredis";

async function loadBullmq(): Promise<BullModule> {
  try {
    return (await import(BULLMQ)) as BullModule;
  } catch (error) {
    throw new Error(`queue mode needs the bullmq package (npm install bullmq): ${errorMessage(error)}`);
  }
}

/** An eval adapter for the ledger: the given one, the connection's own ioredis client, or a new one. */
async function ledgerRedis(connection: QueueConnection, redis: RedisConnection | undefined): Promise<{ eval: RedisEval; close: () => Promise<void> }> {
  const none = async (): Promise<void> => undefined;
  if (redis !== undefined) {
    const run = typeof redis === "function" ? redis : redis.eval.bind(redis);
    return { eval: run, close: none };
  }
  if (typeof connection["eval"] === "function" && typeof connection["duplicate"] === "function") {
    const client = connection as unknown as IoRedisClient;
    return { eval: (script, keys, args) => client.eval(script, keys.length, ...keys, ...args), close: none };
  }
  let Redis: new (options: Record<string, unknown>) => IoRedisClient;
  try {
    ({ Redis } = (await import(IOREDIS)) as { Redis: typeof Redis });
  } catch (error) {
    throw new Error(`queue mode needs ioredis (BullMQ's Redis client), or pass the redis option: ${errorMessage(error)}`);
  }
  // Fail fast on a dead Redis: a waiting command would hold the provider's request past its timeout.
  const client = new Redis({ ...connection, maxRetriesPerRequest: 1, enableOfflineQueue: false });
  client.on("error", () => undefined); // reported by the commands that fail
  return { eval: (script, keys, args) => client.eval(script, keys.length, ...keys, ...args), close: async () => void (await client.quit().catch(() => undefined)) };
}

// ---------------------------------------------------------------------------------------------
// Shared options

/** Retry policy of queued deliveries. */
export interface QueueBackoff {
  /** `exponential` (default: delay, 2×delay, 4×delay, …) or `fixed`. */
  readonly type: "exponential" | "fixed";
  /** First retry delay, ms. Default 1 000. */
  readonly delayMs: number;
}

/** Where a queue lives; a queue and its workers must agree on all of these. */
export interface QueueLocation {
  /** BullMQ's Redis connection: ioredis options or client. */
  readonly connection: QueueConnection;
  /**
   * How the run ledger talks to Redis (the one-function adapter of docs/redis.md). Default: the
   * connection's own client when it is an ioredis client, else a new ioredis client on the same options.
   */
  readonly redis?: RedisConnection;
  /** BullMQ queue name. Default `"smart-api-integrations"`. */
  readonly name?: string;
  /** BullMQ key prefix. Default `"bull"`. */
  readonly prefix?: string;
  /** A run's lease in the ledger, renewed every third of it while handlers run. Default 30 s. */
  readonly leaseMs?: number;
  /** How long a completed run is remembered (a stalled re-run or late hand-off finds it). Default 24 h. */
  readonly doneTtlMs?: number;
}

const DEFAULT_NAME = "smart-api-integrations";
const DEFAULT_LEASE_MS = 30_000;
const DEFAULT_DONE_TTL_MS = 24 * 60 * 60_000;

function located(options: QueueLocation): { name: string; prefix: string; ledgerPrefix: string; leaseMs: number; doneTtlMs: number } {
  const name = options.name ?? DEFAULT_NAME;
  const prefix = options.prefix ?? "bull";
  // Beside BullMQ's own keys (`<prefix>:<name>:…`), so one prefix separates everything of a queue;
  // job ids start with `d.`, so no job key can collide with a ledger key.
  return { name, prefix, ledgerPrefix: `${prefix}:${name}:sai-run:`, leaseMs: options.leaseMs ?? DEFAULT_LEASE_MS, doneTtlMs: options.doneTtlMs ?? DEFAULT_DONE_TTL_MS };
}

// ---------------------------------------------------------------------------------------------
// The queue

/** Options of {@link createWebhookQueue}. */
export interface WebhookQueueOptions extends QueueLocation {
  /** Attempts per delivery, the first included. Default 5. */
  readonly attempts?: number;
  /** Delay between attempts. Default exponential from 1 s. */
  readonly backoff?: QueueBackoff;
  /** How long `enqueue` may take before the delivery is answered 503 instead. Default 2 000 ms. */
  readonly enqueueTimeoutMs?: number;
  /** Seconds a completed job is kept (BullMQ `removeOnComplete.age`). Default 24 h. Failed jobs are kept. */
  readonly keepCompletedSeconds?: number;
}

/** What a job's record says (for operators and tests). */
export interface QueuedJobRecord {
  /** BullMQ state: `waiting`, `active`, `delayed`, `completed`, `failed`, … */
  readonly state: string;
  /** Attempts made so far, a successful last one included. */
  readonly attempts: number;
  /** Why each failed attempt failed (BullMQ keeps their stack traces), oldest first. */
  readonly failures: readonly string[];
  /** What the worker returned (`{ status, result }`), once completed. */
  readonly result: JobResult | undefined;
}

/** A {@link WebhookQueue} on BullMQ, plus what an operator needs. */
export interface BullWebhookQueue extends WebhookQueue {
  /** The record of the job queued under dedupe key `key`, if any. */
  inspect(key: string): Promise<QueuedJobRecord | undefined>;
  /** Closes the queue's connections (not the workers). */
  close(): Promise<void>;
}

function positive(value: number, name: string): number {
  if (!Number.isFinite(value) || value <= 0) throw new RangeError(`${name} must be a positive number, got ${value}`);
  return value;
}

/**
 * Creates the queue the pipeline's `queue` option takes. Loads BullMQ. `enqueue` resolves once
 * Redis stored the job and rejects (answered 503) when it did not within `enqueueTimeoutMs`.
 */
export async function createWebhookQueue(options: WebhookQueueOptions): Promise<BullWebhookQueue> {
  const { Queue } = await loadBullmq();
  const where = located(options);
  const attempts = positive(options.attempts ?? 5, "attempts");
  const backoff = options.backoff ?? { type: "exponential", delayMs: 1_000 };
  const enqueueTimeoutMs = positive(options.enqueueTimeoutMs ?? 2_000, "enqueueTimeoutMs");
  const queue = new Queue(where.name, {
    connection: options.connection,
    prefix: where.prefix,
    defaultJobOptions: {
      attempts,
      backoff: { type: backoff.type, delay: backoff.delayMs },
      removeOnComplete: { age: options.keepCompletedSeconds ?? 24 * 60 * 60 },
      // Kept: a job that failed every attempt is also a durable record of the delivery.
      removeOnFail: false,
    },
  });
  let lastError: Error | undefined;
  queue.on("error", (error) => void (lastError = error)); // an unhandled 'error' event would crash the process
  const redis = await ledgerRedis(options.connection, options.redis);
  const ledger = new RedisRunLedger({ redis: redis.eval, prefix: where.ledgerPrefix });

  async function enqueue(job: QueuedDelivery, opts: EnqueueOptions = {}): Promise<void> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`enqueue timed out after ${enqueueTimeoutMs} ms${lastError === undefined ? "" : ` (${lastError.message})`}`)), enqueueTimeoutMs);
    });
    try {
      // An add that outlives the timeout may still land: harmless, the job id is the dedupe key
      // (a retried delivery adds the same job) and the ledger runs a key's handlers once.
      await Promise.race([queue.add("delivery", job, { jobId: jobIdOf(job.key), ...(opts.delayMs === undefined ? {} : { delay: opts.delayMs }) }), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  return {
    name: where.name,
    ledger,
    leaseMs: where.leaseMs,
    doneTtlMs: where.doneTtlMs,
    enqueue,
    async inspect(key) {
      const job = await queue.getJob(jobIdOf(key));
      if (job === undefined) return undefined;
      return {
        state: await job.getState(),
        attempts: job.attemptsMade,
        failures: [...(job.stacktrace ?? [])].map((trace) => trace.split("\n")[0] ?? trace),
        result: (job.returnvalue ?? undefined) as JobResult | undefined,
      };
    },
    async close() {
      await queue.close();
      await redis.close();
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Workers

/** Options of {@link createWebhookWorker}. */
export interface WebhookWorkerOptions extends QueueLocation {
  /** Whose processors run the jobs. Default: the process-wide registry (import your handlers first). */
  readonly registry?: WebhookRegistry;
  /** Jobs run at once by this worker. Default 10. */
  readonly concurrency?: number;
  /** Where a delivery that failed its last attempt is kept (e.g. `RedisDeadLetterStore`). Default: the processor's in-memory list. */
  readonly deadLetters?: DeadLetterStore;
  readonly logger?: Partial<WebhookLogger>;
  /** BullMQ's job lock (renewed at half of it); a dead worker's job is retried elsewhere after it. Default 30 s. */
  readonly lockDurationMs?: number;
  /** How often stalled jobs are looked for. Default 30 s. */
  readonly stalledIntervalMs?: number;
  /** Stalls (worker deaths) a job survives before it fails. Default 3. */
  readonly maxStalledCount?: number;
  /** When another run holds a delivery's lease (an auto-mode inline run), check again after this long. Default 1 000 ms. */
  readonly busyRetryMs?: number;
}

/** A running worker. */
export interface WebhookWorker {
  /** Resolves once the worker is connected and taking jobs. */
  ready(): Promise<void>;
  /** Stops taking jobs and waits for the running ones to finish (their results are recorded), then closes. */
  close(): Promise<void>;
  /**
   * On SIGTERM / SIGINT: {@link close}, bounded by `timeoutMs` (default 25 s), then `onDone`
   * (default: exit, 1 when jobs were still running; a dead worker's jobs are retried elsewhere
   * once its lock expires). Returns a function removing the handlers.
   */
  closeOnSignal(options?: { readonly signals?: readonly NodeJS.Signals[]; readonly timeoutMs?: number; readonly onDone?: (clean: boolean) => void }): () => void;
}

/** Starts a worker running queued deliveries through the registry's middleware and handlers. Loads BullMQ. */
export async function createWebhookWorker(options: WebhookWorkerOptions): Promise<WebhookWorker> {
  const { Worker, DelayedError } = await loadBullmq();
  const where = located(options);
  const settings = resolveSettings({ ...(options.registry === undefined ? {} : { registry: options.registry }), ...(options.logger === undefined ? {} : { logger: options.logger }), dedupe: false, env: {} });
  const { log } = settings;
  const redis = await ledgerRedis(options.connection, options.redis);
  const ledger = new RedisRunLedger({ redis: redis.eval, prefix: where.ledgerPrefix });
  const run = createJobRunner({ settings, ledger, leaseMs: where.leaseMs, doneTtlMs: where.doneTtlMs, deadLetters: options.deadLetters });
  const busyRetryMs = options.busyRetryMs ?? 1_000;

  async function processJob(job: BullJob, token?: string): Promise<JobResult> {
    try {
      return await run({ data: job.data, attemptsMade: job.attemptsMade, attempts: job.opts.attempts ?? 1 });
    } catch (error) {
      if (!(error instanceof RunBusyError)) throw error;
      // Not an attempt: the other run (an auto-mode inline run, or a run whose worker is being
      // declared dead) decides; look again later.
      await job.moveToDelayed(Date.now() + busyRetryMs, token);
      throw new DelayedError();
    }
  }

  const worker = new Worker(where.name, processJob, {
    connection: options.connection,
    prefix: where.prefix,
    concurrency: options.concurrency ?? 10,
    lockDuration: options.lockDurationMs ?? 30_000,
    stalledInterval: options.stalledIntervalMs ?? 30_000,
    maxStalledCount: options.maxStalledCount ?? 3,
  });
  worker.on("error", (error: Error) => log.error(`queue worker error: ${error.message}`));
  worker.on("stalled", (jobId: string) => log.warn(`queued job ${jobId} stalled (its worker died?): retried`));

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> =>
    (closing ??= worker.close().then(
      () => redis.close(),
      async (error: unknown) => {
        await redis.close();
        throw error;
      },
    ));

  return {
    ready: async () => void (await worker.waitUntilReady()),
    close,
    closeOnSignal({ signals = ["SIGTERM", "SIGINT"], timeoutMs = 25_000, onDone } = {}) {
      const onSignal = (): void => {
        const timedOut = new Promise<boolean>((resolve) => setTimeout(() => resolve(false), timeoutMs).unref?.());
        void Promise.race([close().then(() => true, () => false), timedOut]).then((clean) =>
          (onDone ?? ((ok: boolean) => process.exit(ok ? 0 : 1)))(clean),
        );
      };
      for (const signal of signals) process.once(signal, onSignal);
      return () => {
        for (const signal of signals) process.off(signal, onSignal);
      };
    },
  };
}
