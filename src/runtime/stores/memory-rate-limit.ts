/**
 * In-memory token buckets implementing {@link RateLimitStore}.
 */
import { BoundedMap } from "./bounded-map.js";
import type { RateLimitDecision, RateLimitStore } from "./types.js";

interface Bucket {
  tokens: number;
  updatedAt: number;
}

const ALLOWED: RateLimitDecision = Object.freeze({ allowed: true, retryAfterMs: 0 });

/** Options of {@link MemoryRateLimitStore}. */
export interface MemoryRateLimitOptions {
  /** The most buckets kept; an evicted bucket starts full again. Default 10 000. */
  readonly maxEntries?: number;
}

/** Token buckets in this process's memory, bounded in count. */
export class MemoryRateLimitStore implements RateLimitStore {
  readonly #buckets: BoundedMap<string, Bucket>;

  constructor(options: MemoryRateLimitOptions = {}) {
    this.#buckets = new BoundedMap(options.maxEntries ?? 10_000);
  }

  /** Number of buckets currently kept. */
  get size(): number {
    return this.#buckets.size;
  }

  // Synchronous answer (see MaybePromise): nothing here waits on I/O.
  take(key: string, capacity: number, refillPerMs: number, now: number): RateLimitDecision {
    let bucket = this.#buckets.get(key);
    if (bucket === undefined) {
      bucket = { tokens: capacity, updatedAt: now };
      this.#buckets.set(key, bucket);
    } else {
      // A clock going backwards must not mint tokens: only refill on positive elapsed time.
      const elapsed = Math.max(0, now - bucket.updatedAt);
      bucket.tokens = Math.min(capacity, bucket.tokens + elapsed * refillPerMs);
      bucket.updatedAt = Math.max(bucket.updatedAt, now);
    }
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return ALLOWED;
    }
    const retryAfterMs = refillPerMs > 0 ? Math.ceil((1 - bucket.tokens) / refillPerMs) : Number.POSITIVE_INFINITY;
    return { allowed: false, retryAfterMs };
  }
}
