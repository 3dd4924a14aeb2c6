/**
 * `smart-api-integrations/queue`: queue mode and auto mode on BullMQ (docs/queue.md). BullMQ is an
 * optional peer dependency, loaded when `createWebhookQueue` or `createWebhookWorker` is called.
 */
export {
  createWebhookQueue,
  createWebhookWorker,
  type BullWebhookQueue,
  type QueueBackoff,
  type QueueConnection,
  type QueuedJobRecord,
  type QueueLocation,
  type WebhookQueueOptions,
  type WebhookWorker,
  type WebhookWorkerOptions,
} from "./bullmq.js";
export { RedisRunLedger, keepLease } from "./ledger.js";
export { jobIdOf } from "./job.js";
export type { JobResult } from "./run.js";
export type { DeliveryMode, EnqueueOptions, QueuedDelivery, RunLedger, RunState, WebhookQueue } from "./types.js";
