/**
 * An open-addressing multimap from small integer hashes to small integers: the conntrack
 * table's index of rows by tuple hash.
 *
 * Why not a `Map`: conntrack inserts and frees entries at the rate of new flows, and a `Map` of
 * 100,000 churning keys costs about six times more per operation than this table on the
 * development VM (`Map` keeps insertion order and deleted holes, so every operation touches
 * more memory). Here a slot is a key and its value side by side in one `Int32Array`, probed
 * linearly: the read that finds a key brings its value into the cache with it. The table grows
 * when half full and never shrinks, like the kernel's conntrack hash table, whose size is fixed
 * (`nf_conntrack_buckets`): a node whose flows come in waves would otherwise rehash every entry
 * twice per wave.
 *
 * There is no removal: the conntrack table leaves a removed row's slots in place and skips them
 * (one cache miss fewer per expired tuple), then empties the index with {@link HashIndex.cleared}
 * and adds the live rows again when those slots would make it grow.
 *
 * Several values may share one hash (hash collisions of different tuples): each has its own
 * slot, and callers walk them with {@link HashIndex.first} and {@link HashIndex.next}.
 *
 * @module
 */

/** The smallest capacity. */
const MIN_CAPACITY = 16;

export class HashIndex {
  /** Per slot `i`: at `2i`, `hash + 1` (0 marks an empty slot); at `2i + 1`, the value. */
  #slots: Int32Array;
  #mask: number;
  #size = 0;

  constructor(capacity = MIN_CAPACITY) {
    const n = Math.max(MIN_CAPACITY, 2 ** Math.ceil(Math.log2(capacity)));
    this.#slots = new Int32Array(2 * n);
    this.#mask = n - 1;
  }

  /** Number of (hash, value) pairs. */
  get size(): number {
    return this.#size;
  }

  /** Number of slots; {@link add} doubles it when more than half would be in use. */
  get capacity(): number {
    return this.#mask + 1;
  }

  /** The first slot holding `hash`, or -1. `hash` is an integer in [0, 2^30). */
  first(hash: number): number {
    return this.#scan(hash, hash & this.#mask);
  }

  /** The next slot after `slot` holding `hash`, or -1. */
  next(hash: number, slot: number): number {
    return this.#scan(hash, (slot + 1) & this.#mask);
  }

  /** The value in `slot` (a slot returned by {@link first} or {@link next}). */
  valueAt(slot: number): number {
    return this.#slots[2 * slot + 1] as number;
  }

  /** Adds `value` (an integer in [-2^31, 2^31)) under `hash`, even when the hash already has values. */
  add(hash: number, value: number): void {
    if ((this.#size + 1) * 2 > this.capacity) this.#resize(this.capacity * 2);
    this.#place(hash + 1, value);
    this.#size++;
  }

  /** This index, emptied (nothing is allocated). */
  cleared(): this {
    this.#slots.fill(0);
    this.#size = 0;
    return this;
  }

  #scan(hash: number, from: number): number {
    const slots = this.#slots;
    const mask = this.#mask;
    const key = hash + 1;
    for (let i = from; ; i = (i + 1) & mask) {
      const k = slots[2 * i] as number;
      if (k === key) return i;
      if (k === 0) return -1;
    }
  }

  #place(key: number, value: number): void {
    const slots = this.#slots;
    const mask = this.#mask;
    let i = (key - 1) & mask;
    while (slots[2 * i] !== 0) i = (i + 1) & mask;
    slots[2 * i] = key;
    slots[2 * i + 1] = value;
  }

  #resize(capacity: number): void {
    const old = this.#slots;
    this.#slots = new Int32Array(2 * capacity);
    this.#mask = capacity - 1;
    for (let i = 0; i < old.length; i += 2) {
      const k = old[i] as number;
      if (k !== 0) this.#place(k, old[i + 1] as number);
    }
  }
}
