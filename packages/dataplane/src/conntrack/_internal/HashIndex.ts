/**
 * An open-addressing multimap from small integer hashes to values: the conntrack table's index
 * of entries by tuple hash.
 *
 * Why not a `Map`: conntrack inserts and frees entries at the rate of new flows, and a `Map` of
 * 100,000 churning keys costs about six times more per operation than this table on the
 * development VM (`Map` keeps insertion order and deleted holes, so every operation touches
 * more memory). Here a key is one `Int32Array` slot probed linearly, values sit in a parallel
 * array, and deletion shifts the following slots back (no tombstones), so lookups stay short
 * however many entries came and went. The table grows when half full and never shrinks, like
 * the kernel's conntrack hash table, whose size is fixed (`nf_conntrack_buckets`): a node whose
 * flows come in waves would otherwise rehash every entry twice per wave.
 *
 * Several values may share one hash (hash collisions of different tuples): each has its own
 * slot, and callers walk them with {@link HashIndex.first} and {@link HashIndex.next}.
 *
 * @module
 */

/** The smallest capacity. */
const MIN_CAPACITY = 16;

export class HashIndex<T> {
  /** `hash + 1` per slot; 0 marks an empty slot. */
  #keys: Int32Array;
  #values: (T | undefined)[];
  #mask: number;
  #size = 0;

  constructor(capacity = MIN_CAPACITY) {
    const n = Math.max(MIN_CAPACITY, 2 ** Math.ceil(Math.log2(capacity)));
    this.#keys = new Int32Array(n);
    this.#values = new Array<T | undefined>(n).fill(undefined);
    this.#mask = n - 1;
  }

  /** Number of (hash, value) pairs. */
  get size(): number {
    return this.#size;
  }

  /** The first slot holding `hash`, or -1. `hash` is an integer in [0, 2^30). */
  first(hash: number): number {
    const keys = this.#keys;
    const mask = this.#mask;
    const key = hash + 1;
    for (let i = hash & mask; ; i = (i + 1) & mask) {
      const k = keys[i] as number;
      if (k === key) return i;
      if (k === 0) return -1;
    }
  }

  /** The next slot after `slot` holding `hash`, or -1. */
  next(hash: number, slot: number): number {
    const keys = this.#keys;
    const mask = this.#mask;
    const key = hash + 1;
    for (let i = (slot + 1) & mask; ; i = (i + 1) & mask) {
      const k = keys[i] as number;
      if (k === key) return i;
      if (k === 0) return -1;
    }
  }

  /** The value in `slot` (a slot returned by {@link first} or {@link next}). */
  valueAt(slot: number): T {
    return this.#values[slot] as T;
  }

  /** Adds `value` under `hash` (even when the hash already has values). */
  add(hash: number, value: T): void {
    if ((this.#size + 1) * 2 > this.#keys.length) this.#resize(this.#keys.length * 2);
    this.#place(hash + 1, value);
    this.#size++;
  }

  /** Removes `value` from under `hash`; returns whether it was there. */
  remove(hash: number, value: T): boolean {
    let slot = this.first(hash);
    while (slot >= 0 && this.#values[slot] !== value) slot = this.next(hash, slot);
    if (slot < 0) return false;
    this.#clear(slot);
    this.#size--;
    return true;
  }

  /** Calls `visit` with every (hash, value) pair, in slot order. */
  forEach(visit: (hash: number, value: T) => void): void {
    const keys = this.#keys;
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i] as number;
      if (k !== 0) visit(k - 1, this.#values[i] as T);
    }
  }

  #place(key: number, value: T): void {
    const keys = this.#keys;
    const mask = this.#mask;
    let i = (key - 1) & mask;
    while (keys[i] !== 0) i = (i + 1) & mask;
    keys[i] = key;
    this.#values[i] = value;
  }

  /**
   * Empties `slot` and moves back each later slot of the probe run that may not stay behind
   * the hole (its home is not cyclically in (hole, slot]), so no lookup stops early.
   */
  #clear(slot: number): void {
    const keys = this.#keys;
    const values = this.#values;
    const mask = this.#mask;
    let hole = slot;
    for (let j = (slot + 1) & mask; ; j = (j + 1) & mask) {
      const k = keys[j] as number;
      if (k === 0) break;
      const home = (k - 1) & mask;
      // Whether `home` lies cyclically in (hole, j]: then the value may stay where it is.
      const stays = hole <= j ? hole < home && home <= j : hole < home || home <= j;
      if (stays) continue;
      keys[hole] = k;
      values[hole] = values[j];
      hole = j;
    }
    keys[hole] = 0;
    values[hole] = undefined;
  }

  #resize(capacity: number): void {
    const keys = this.#keys;
    const values = this.#values;
    this.#keys = new Int32Array(capacity);
    this.#values = new Array<T | undefined>(capacity).fill(undefined);
    this.#mask = capacity - 1;
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i] as number;
      if (k !== 0) this.#place(k, values[i] as T);
    }
  }
}
