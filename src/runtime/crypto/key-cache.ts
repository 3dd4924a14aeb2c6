/**
 * A small least-recently-used map. Web Crypto must import a key before every HMAC; caching the
 * imported keys makes the second delivery signed with a secret cost only the `sign` call. The
 * bound keeps a caller passing ever-new keys (a custom verifier, tests) from growing it forever.
 */

/** A `Map` that keeps at most `capacity` entries, dropping the least recently used one. */
export class BoundedCache<K, V> {
  readonly #entries = new Map<K, V>();
  readonly #capacity: number;

  /** `capacity` ≥ 1 entries are kept. */
  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`cache capacity must be a positive integer, got ${capacity}`);
    this.#capacity = capacity;
  }

  /** Number of entries held. */
  get size(): number {
    return this.#entries.size;
  }

  /** The value under `key`, which becomes the most recently used one. */
  get(key: K): V | undefined {
    const value = this.#entries.get(key);
    if (value !== undefined) {
      // Map iterates in insertion order: re-inserting moves the entry to the young end.
      this.#entries.delete(key);
      this.#entries.set(key, value);
    }
    return value;
  }

  /** Stores `value`, evicting the least recently used entry when full. */
  set(key: K, value: V): void {
    this.#entries.delete(key);
    if (this.#entries.size >= this.#capacity) this.#entries.delete(this.#entries.keys().next().value as K);
    this.#entries.set(key, value);
  }

  /** Removes `key`. */
  delete(key: K): void {
    this.#entries.delete(key);
  }
}
