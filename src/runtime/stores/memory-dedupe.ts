/**
 * In-memory {@link DedupeStore}: right for one process; use a shared store behind a load balancer.
 */
import { BoundedMap } from "./bounded-map.js";
import type { ClaimResult, DedupeStore } from "./types.js";

interface Entry {
  readonly state: "in_flight" | "done";
  readonly expiresAt: number;
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

  claim(key: string, inFlightTtlMs: number): Promise<ClaimResult> {
    const now = this.#now();
    const entry = this.#entries.get(key);
    if (entry !== undefined && entry.expiresAt > now) return Promise.resolve(entry.state);
    this.#entries.set(key, { state: "in_flight", expiresAt: now + inFlightTtlMs });
    return Promise.resolve("claimed");
  }

  complete(key: string, doneTtlMs: number): Promise<void> {
    this.#entries.set(key, { state: "done", expiresAt: this.#now() + doneTtlMs });
    return Promise.resolve();
  }

  release(key: string): Promise<void> {
    if (this.#entries.get(key)?.state === "in_flight") this.#entries.delete(key);
    return Promise.resolve();
  }
}
