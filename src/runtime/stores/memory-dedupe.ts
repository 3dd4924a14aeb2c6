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
    this.#entries.set(key, { state: "in_flight", expiresAt: now + inFlightTtlMs });
    return "claimed";
  }

  complete(key: string, doneTtlMs: number): void {
    const expiresAt = this.#now() + doneTtlMs;
    const entry = this.#entries.get(key);
    if (entry === undefined) {
      this.#entries.set(key, { state: "done", expiresAt });
      return;
    }
    // Completing the claim in place keeps the id's eviction position (its claim time) and saves
    // a second map write and entry object per delivery.
    entry.state = "done";
    entry.expiresAt = expiresAt;
  }

  release(key: string): void {
    if (this.#entries.get(key)?.state === "in_flight") this.#entries.delete(key);
  }
}
