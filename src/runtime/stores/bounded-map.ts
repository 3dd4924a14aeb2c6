/**
 * A Map that forgets its oldest entries past a size limit, so in-memory stores never grow
 * without bound whatever keys an attacker sends.
 */
export class BoundedMap<K, V> {
  readonly #map = new Map<K, V>();
  /**
   * A live iterator over the keys, kept between evictions. A fresh `keys()` iterator would start at
   * the table's first slot and step over every slot deleted since V8 last compacted the table —
   * with a full map evicting on each insert that is thousands of slots per insert. Map iterators
   * stay valid across mutation (deleted entries are skipped, appended ones are visited), and every
   * live entry lies after the cursor (entries before it were evicted; writes append at the end),
   * so its next key is always the oldest live one.
   */
  #cursor: IterableIterator<K> | undefined;

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
    while (this.#map.size > this.maxEntries) this.#evictOldest();
  }

  /**
   * Sets a key the caller just saw missing (`get` returned `undefined`): skips the delete that
   * {@link set} needs to move an existing key to the newest position.
   */
  insert(key: K, value: V): void {
    this.#map.set(key, value);
    if (this.#map.size > this.maxEntries) this.#evictOldest();
  }

  /** Removes `key`. */
  delete(key: K): void {
    this.#map.delete(key);
  }

  #evictOldest(): void {
    let next = this.#cursor?.next();
    if (next === undefined || next.done === true) {
      // An exhausted iterator stays exhausted: start over (only after the map was emptied).
      this.#cursor = this.#map.keys();
      next = this.#cursor.next();
    }
    if (next.done !== true) this.#map.delete(next.value);
  }
}
