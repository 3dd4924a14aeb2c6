/**
 * A Map that forgets its oldest entries past a size limit, so in-memory stores never grow
 * without bound whatever keys an attacker sends.
 */
export class BoundedMap<K, V> {
  readonly #map = new Map<K, V>();

  /** @param maxEntries the most entries kept; inserting past it evicts the oldest insertion. */
  constructor(readonly maxEntries: number) {
    if (!(maxEntries >= 1)) throw new RangeError("maxEntries must be >= 1");
  }

  /** Current number of entries. */
  get size(): number {
    return this.#map.size;
  }

  /** The value for `key`, if any. */
  get(key: K): V | undefined {
    return this.#map.get(key);
  }

  /** Sets `key`, moving it to the newest position and evicting the oldest entries past the limit. */
  set(key: K, value: V): void {
    // Delete first so a rewrite counts as new (eviction order = least recently written).
    this.#map.delete(key);
    this.#map.set(key, value);
    while (this.#map.size > this.maxEntries) {
      const oldest = this.#map.keys().next();
      if (oldest.done === true) break;
      this.#map.delete(oldest.value);
    }
  }

  /** Removes `key`. */
  delete(key: K): void {
    this.#map.delete(key);
  }
}
