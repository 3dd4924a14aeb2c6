/**
 * Store interfaces for dedupe and rate limiting. They mirror what one Redis round trip can do
 * atomically (`SET NX PX`, a Lua token bucket) so a shared store can replace the in-memory ones.
 */

import type { MaybePromise } from "../maybe-promise.js";

export type { MaybePromise };

/** Result of claiming an event id. */
export type ClaimResult = "claimed" | "in_flight" | "done";

/** Remembers which deliveries are being or have been processed. */
export interface DedupeStore {
  /**
   * Atomically claims `key` for `inFlightTtlMs` (Redis: `SET key inflight NX PX ttl`, then `GET`
   * on failure). Answers `"in_flight"` while another claim holds it, `"done"` once completed.
   */
  claim(key: string, inFlightTtlMs: number): MaybePromise<ClaimResult>;
  /** Marks `key` processed for `doneTtlMs` (Redis: `SET key done PX ttl`). */
  complete(key: string, doneTtlMs: number): MaybePromise<void>;
  /** Drops a claim so a redelivery runs again (Redis: `DEL key` when it still holds "inflight"). */
  release(key: string): MaybePromise<void>;
}

/** Outcome of taking one token. `retryAfterMs` is 0 when allowed. */
export interface RateLimitDecision {
  readonly allowed: boolean;
  readonly retryAfterMs: number;
}

/** Token buckets keyed by name. */
export interface RateLimitStore {
  /**
   * Refills the bucket at `refillPerMs` tokens per millisecond up to `capacity`, then takes one
   * token if there is one. `now` is passed in so every instance uses the same clock semantics.
   */
  take(key: string, capacity: number, refillPerMs: number, now: number): MaybePromise<RateLimitDecision>;
}
