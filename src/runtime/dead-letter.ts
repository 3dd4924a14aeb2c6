/**
 * Dead letters: verified deliveries that failed schema validation and were not dispatched.
 */
import type { ValidationIssue } from "./types.js";

/** One delivery kept because its payload did not match the event's schema. */
export interface DeadLetterEntry {
  readonly provider: string;
  readonly webhook: string;
  readonly id: string;
  readonly type: string;
  /** Time of receipt. */
  readonly receivedAt: Date;
  readonly payload: unknown;
  readonly rawBody: Uint8Array;
  /** The validator's issues (path + message), possibly empty. */
  readonly issues: readonly ValidationIssue[];
}

/** Receives dead letters; errors it throws are logged, never answered. */
export type DeadLetterHook = (entry: DeadLetterEntry) => void | Promise<void>;

/** A ring of the most recent dead letters, so memory stays bounded. */
export class DeadLetterList {
  readonly #entries: DeadLetterEntry[] = [];

  /** @param capacity the most entries kept; older ones are dropped first. */
  constructor(readonly capacity = 100) {}

  /** Appends an entry, dropping the oldest past capacity. */
  push(entry: DeadLetterEntry): void {
    this.#entries.push(entry);
    if (this.#entries.length > this.capacity) this.#entries.splice(0, this.#entries.length - this.capacity);
  }

  /** A snapshot, oldest first. */
  list(): readonly DeadLetterEntry[] {
    return [...this.#entries];
  }

  /** Empties the list (e.g. after re-driving entries). */
  clear(): void {
    this.#entries.length = 0;
  }
}
