/**
 * Every way a delivery can end, and the one table that decides its HTTP answer. Steps name an
 * outcome; only this module turns outcomes into status codes, so the contract in
 * docs/ARCHITECTURE.md ("the status code of every failure") lives in one place.
 */
import * as R from "../respond.js";
import type { WebhookResponse } from "../types.js";
import type { DeadLetterReason } from "../dead-letter.js";

/** Why a delivery stopped (or `processed` when it ran to the end). */
export type Outcome =
  | "method_not_allowed"
  | "misconfigured"
  | "ip_forbidden"
  | "too_many_failures"
  | "too_large"
  | "body_timeout"
  | "body_unreadable"
  | "raw_body_unavailable"
  | "invalid_signature"
  | "rate_limited"
  | "bad_body"
  | "handshake"
  | "unsubscribed"
  | "unknown_event_type"
  | "invalid_payload"
  | "no_handler"
  | "duplicate"
  | "in_flight"
  | "dedupe_unavailable"
  | "stale"
  | "ordering_unavailable"
  | "dead_letter_unavailable"
  | "shutting_down"
  | "queued"
  | "queue_unavailable"
  | "handler_failed"
  | "internal_error"
  | "processed";

/** How an outcome is answered, and whether it must leave a dead letter behind. */
export interface OutcomeRule {
  /** The frozen answer, or a function of the delivery's details for answers that vary. */
  readonly answer: WebhookResponse | ((details: OutcomeDetails) => WebhookResponse);
  /** A verified delivery answered 2xx but not dispatched is kept, so nothing is dropped without a record. */
  readonly deadLetter?: DeadLetterReason;
  /**
   * How a dead-letter outcome is answered instead when its record could not be written (the
   * `deadLetters` store failed): never 2xx without a record, so the provider retries.
   */
  readonly unrecorded?: Outcome;
}

/** The per-delivery facts a varying answer needs. */
export interface OutcomeDetails {
  /** Milliseconds until a retry may succeed (rate limits). */
  readonly retryAfterMs: number;
  /** JSON text a handler returned, or a handshake's reply. */
  readonly body: string | undefined;
  /** The content type of a handshake reply that is not JSON (Twitch echoes its challenge as text). */
  readonly bodyType?: string | undefined;
  /** 202 or 422, per webhook, for invalid payloads. */
  readonly invalidStatus: 202 | 422;
}

/** Seconds a provider should wait before retrying a delivery that is still running or could not be claimed. */
export const CLAIM_RETRY_AFTER = "5";

const IN_FLIGHT = R.json(409, { error: "delivery in progress" }, { "retry-after": CLAIM_RETRY_AFTER });
const UNAVAILABLE = R.json(503, { error: "temporarily unavailable" }, { "retry-after": CLAIM_RETRY_AFTER });
/** Closing the connection sends the provider's retry to another instance behind the load balancer. */
const SHUTTING_DOWN = R.json(503, { error: "shutting down" }, { "retry-after": CLAIM_RETRY_AFTER, connection: "close" });
/** 200 so the provider stops retrying an event that newer state already superseded (kept as a dead letter). */
const STALE = R.json(200, { status: "stale" });
/** The delivery is on the durable queue: the provider may stop waiting (docs/queue.md). */
const QUEUED = R.json(200, { status: "queued" });
const INVALID = { 202: R.json(202, { status: "invalid" }), 422: R.json(422, { status: "invalid" }) } as const;
const rateLimited = (d: OutcomeDetails) =>
  R.json(429, { error: "too many requests" }, { "retry-after": R.retryAfterSeconds(d.retryAfterMs) });

/** The table: every outcome's status code and body. */
export const OUTCOMES: { readonly [O in Outcome]: OutcomeRule } = {
  method_not_allowed: { answer: R.METHOD_NOT_ALLOWED },
  misconfigured: { answer: R.MISCONFIGURED },
  ip_forbidden: { answer: R.FORBIDDEN },
  too_many_failures: { answer: rateLimited },
  too_large: { answer: R.TOO_LARGE },
  body_timeout: { answer: R.BODY_TIMEOUT },
  body_unreadable: { answer: R.BAD_REQUEST },
  raw_body_unavailable: { answer: R.INTERNAL_ERROR },
  invalid_signature: { answer: R.INVALID_SIGNATURE },
  rate_limited: { answer: rateLimited },
  bad_body: { answer: R.BAD_REQUEST },
  handshake: { answer: (d) => ({ status: 200, headers: d.bodyType === undefined ? R.PROCESSED.headers : { "content-type": d.bodyType }, body: d.body ?? "{}" }) },
  unsubscribed: { answer: R.IGNORED },
  unknown_event_type: { answer: R.IGNORED, deadLetter: "unknown_event_type", unrecorded: "dead_letter_unavailable" },
  invalid_payload: { answer: (d) => INVALID[d.invalidStatus], deadLetter: "invalid_payload", unrecorded: "dead_letter_unavailable" },
  no_handler: { answer: R.IGNORED, deadLetter: "no_handler", unrecorded: "dead_letter_unavailable" },
  duplicate: { answer: R.DUPLICATE },
  in_flight: { answer: IN_FLIGHT },
  dedupe_unavailable: { answer: UNAVAILABLE },
  stale: { answer: STALE, deadLetter: "stale", unrecorded: "dead_letter_unavailable" },
  ordering_unavailable: { answer: UNAVAILABLE },
  dead_letter_unavailable: { answer: UNAVAILABLE },
  shutting_down: { answer: SHUTTING_DOWN },
  queued: { answer: QUEUED },
  queue_unavailable: { answer: UNAVAILABLE },
  handler_failed: { answer: R.HANDLER_FAILED },
  internal_error: { answer: R.INTERNAL_ERROR },
  processed: { answer: (d) => (d.body === undefined ? R.PROCESSED : { status: 200, headers: R.PROCESSED.headers, body: d.body }) },
};

/**
 * Deliveries whose dead letter settle could not write. A set beside the table rather than a field
 * of the delivery: it is touched only when a store fails, and keeps the hot path's objects as they are.
 */
const unrecorded = new WeakSet<OutcomeDetails>();

/** Settle calls this when the dead letter of `details`' delivery could not be recorded: its rule's `unrecorded` outcome answers. */
export function markUnrecorded(details: OutcomeDetails): void {
  unrecorded.add(details);
}

/** The HTTP answer for `outcome`. */
export function answerFor(outcome: Outcome, details: OutcomeDetails): WebhookResponse {
  let rule = OUTCOMES[outcome];
  if (rule.unrecorded !== undefined && unrecorded.has(details)) rule = OUTCOMES[rule.unrecorded];
  const { answer } = rule;
  return typeof answer === "function" ? answer(details) : answer;
}
