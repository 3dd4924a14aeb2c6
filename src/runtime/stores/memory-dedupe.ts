/**
 * In-memory {@link DedupeStore}: right for one process; use a shared store behind a load balancer.
 */
import { BoundedMap } from "./bounded-map.js";
import type { ClaimResult, DedupeStore } from "./types.js";

interface Entry {
  state: "in_flight" | "done";
  expiresAt: number;
}

/** Options of {@link MemoryDedupeStore}. */
export interface MemoryDedupeOptions {
  /** The most ids remembered; the oldest are forgotten first. Default 10 000. */
  readonly maxEntries?: number;
  /** Clock in ms (tests). Default `Date.now`. */
  readonly now?: () => number;
}

/** A bounded, TTL-based dedupe store living in this process's memory. */
export class MemoryDedupeStore implements DedupeStore {
  readonly #entries: BoundedMap<string, Entry>;
  readonly #now: () => number;
  #lastKey: string | undefined;
  #lastEntry: Entry | undefined;

  constructor(options: MemoryDedupeOptions = {}) {
    this.#entries = new BoundedMap(options.maxEntries ?? 10_000);
    this.#now = options.now ?? Date.now;
  }

  /** Number of remembered ids (expired ones included until touched or evicted). */
  get size(): number {
    return this.#entries.size;
  }

  // Synchronous answers (see MaybePromise): nothing here waits on I/O.
  claim(key: string, inFlightTtlMs: number): ClaimResult {
    const now = this.#now();
    const entry = this.#entries.get(key);
    if (entry !== undefined && entry.expiresAt > now) return entry.state;
    const claimed: Entry = { state: "in_flight", expiresAt: now + inFlightTtlMs };
    if (entry === undefined) this.#entries.insert(key, claimed);
    else this.#entries.set(key, claimed); // expired: moves to the newest position
    this.#lastKey = key;
    this.#lastEntry = claimed;
    return "claimed";
  }

  complete(key: string, doneTtlMs: number): void {
    const expiresAt = this.#now() + doneTtlMs;
    // The claim just made is almost always the one completed: skip the second lookup. The cache
    // only holds while nothing else changed the map since that claim (every other write clears
    // it), so the cached entry is still the map's own.
    const entry = key === this.#lastKey ? this.#lastEntry : this.#entries.get(key);
    if (entry === undefined) {
      this.#forgetLast();
      this.#entries.set(key, { state: "done", expiresAt });
      return;
    }
    // Completing the claim in place keeps the id's eviction position (its claim time) and saves
    // a second map write and entry object per delivery.
    entry.state = "done";
    entry.expiresAt = expiresAt;
  }

  release(key: string): void {
    if (this.#entries.get(key)?.state !== "in_flight") return;
    this.#forgetLast();
    this.#entries.delete(key);
  }

  #forgetLast(): void {
    this.#lastKey = undefined;
    this.#lastEntry = undefined;
  }
}
