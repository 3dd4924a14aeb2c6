/**
 * A delivery as a queue job, and back: the record the pipeline enqueues, and the job id BullMQ
 * keys it on (the dedupe key, escaped: BullMQ refuses most ids containing `:`).
 */
import { base64ToBytes, bytesToBase64 } from "../crypto/index.js";
import { keptHeaders } from "../dead-letter.js";
import type { Delivery } from "../pipeline/delivery.js";
import type { WebhookRequest } from "../types.js";
import type { QueuedDelivery } from "./types.js";

/** The record of `d` (verified, identified, validated) under dedupe key `key`. */
export function queuedDelivery(d: Delivery, key: string, handoff: boolean): QueuedDelivery {
  const event = d.event!;
  return {
    v: 1,
    provider: d.ctx.where.provider,
    webhook: d.ctx.where.webhook,
    key,
    id: event.id,
    type: event.type,
    receivedAt: d.receivedAt,
    body: bytesToBase64(d.rawBody),
    headers: keptHeaders(event.headers),
    handoff,
  };
}

/** The job id of a key: injective (`%` and `:` escaped), never all digits (BullMQ refuses integer ids). */
export function jobIdOf(key: string): string {
  return `d.${key.replace(/%/g, "%25").replace(/:/g, "%3A")}`;
}

/** The dedupe key a delivery is queued under: its claim, else (dedupe off) its event id. */
export function queueKeyOf(d: Delivery): string {
  return d.claimKey ?? d.ctx.dedupePrefix + d.event!.id;
}

/** Checks a job's data before the worker trusts it (it came from Redis). */
export function parseQueuedDelivery(data: unknown): QueuedDelivery {
  const r = data as Partial<QueuedDelivery> | null;
  const ok =
    r !== null &&
    typeof r === "object" &&
    r.v === 1 &&
    typeof r.provider === "string" &&
    typeof r.webhook === "string" &&
    typeof r.key === "string" &&
    typeof r.id === "string" &&
    typeof r.type === "string" &&
    typeof r.receivedAt === "number" &&
    typeof r.body === "string" &&
    typeof r.headers === "object" &&
    r.headers !== null &&
    typeof r.handoff === "boolean";
  if (!ok) throw new Error("not a queued webhook delivery (unknown job format)");
  return r as QueuedDelivery;
}

/** The request a queued record stands for: its exact bytes and kept headers. */
export function requestOf(job: QueuedDelivery, path: string): { request: WebhookRequest; rawBody: Uint8Array } {
  const rawBody = base64ToBytes(job.body);
  if (rawBody === undefined) throw new Error("queued delivery body is not base64");
  return { request: { method: "POST", path, headers: { ...job.headers }, remoteAddress: undefined, readBody: () => rawBody }, rawBody };
}
