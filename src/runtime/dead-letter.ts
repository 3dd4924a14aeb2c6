/**
 * Dead letters: verified deliveries that were not dispatched — their payload failed schema
 * validation, their event type is not in the provider's catalog, or nothing (no middleware, no
 * handler) is registered for it — kept so that no delivery answered 2xx is dropped without a record.
 */
import type { ValidationIssue } from "./types.js";

/** Why a verified delivery was not dispatched. */
export type DeadLetterReason = "invalid_payload" | "unknown_event_type" | "no_handler";

/** One verified delivery that was kept instead of dispatched. */
export interface DeadLetterEntry {
  readonly reason: DeadLetterReason;
  readonly provider: string;
  readonly webhook: string;
  readonly id: string;
  /** The extracted event type; `""` when the delivery carried none. */
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
