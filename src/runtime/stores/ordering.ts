/**
 * Ordering stores: per object, the newest event time admitted to dispatch, so a delivery older
 * than it is recognised as stale (docs/ordering.md). One atomic "compare and raise" per delivery,
 * which a shared store (Redis, one Lua script) makes agree across instances.
 */
import type { MaybePromise } from "../maybe-promise.js";
import { BoundedMap } from "./bounded-map.js";

/** Remembers, per object key, the newest event time admitted. */
export interface OrderingStore {
  /**
   * Atomically raises the time kept for `key` to `timestampMs` unless it is already newer, keeps
   * it for `ttlMs`, and answers the time kept afterwards: greater than `timestampMs` means the
   * delivery is stale; equal means it was admitted (ties are admitted: providers state times in
   * whole seconds, and two genuine events of one object can share one).
   */
  advance(key: string, timestampMs: number, ttlMs: number): MaybePromise<number>;
}

/** Options of {@link MemoryOrderingStore}. */
export interface MemoryOrderingOptions {
  /** The most objects remembered; the least recently advanced are forgotten first. Default 10 000. */
  readonly maxEntries?: number;
  /** Clock in ms (tests). Default `Date.now`. */
  readonly now?: () => number;
}

interface Entry {
  readonly newest: number;
  readonly expiresAt: number;
}

/**
 * A bounded, TTL-based ordering store in this process's memory: right for one instance. A
 * forgotten object (evicted or expired) admits its next delivery, whatever its time: the store
 * errs towards dispatching, never towards dropping a genuine event.
 */
export class MemoryOrderingStore implements OrderingStore {
  readonly #entries: BoundedMap<string, Entry>;
  readonly #now: () => number;

  constructor(options: MemoryOrderingOptions = {}) {
    this.#entries = new BoundedMap(options.maxEntries ?? 10_000);
    this.#now = options.now ?? Date.now;
  }

  /** Number of remembered objects (expired ones included until touched or evicted). */
  get size(): number {
    return this.#entries.size;
  }

  // Synchronous (see MaybePromise): nothing here waits on I/O.
  advance(key: string, timestampMs: number, ttlMs: number): number {
    const now = this.#now();
    const entry = this.#entries.get(key);
    const live = entry !== undefined && entry.expiresAt > now ? entry.newest : undefined;
    if (live !== undefined && live > timestampMs) return live;
    this.#entries.set(key, { newest: timestampMs, expiresAt: now + ttlMs });
    return timestampMs;
  }
}
