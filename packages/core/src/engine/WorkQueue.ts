/**
 * A controller's work queue: keys in the order they were first added, each at most once until
 * it is taken (client-go's workqueue, whose dirty set drops a key already waiting). A key added
 * again after it was taken waits at the end, as in a `Set` that deletes each key it hands out.
 *
 * Why not such a `Set`: a queue that fills with thousands of keys and drains to empty at every
 * instant made V8 shrink the set's table at each halving on the way down and grow it at each
 * doubling on the way up. At scale these tables are large objects, which only a full
 * collection frees: a tenth of the control plane's old-generation garbage at 15,000 pods.
 * Here the keys sit in an array reused from one fill to the next, and a map from key to its
 * sequence number says whether it is waiting (its number is at or past the head's). Taken keys
 * stay in the map, so it never shrinks key by key. When the queue runs empty, the map is
 * cleared if it holds more than twice as many keys as were added since it last ran empty: fills
 * of about the same keys reuse it, and a large fill followed by small ones does not keep the
 * large fill's keys.
 */
export class WorkQueue {
  /** @param minKeys the map is never cleared below twice this many keys (small for tests). */
  constructor(readonly minKeys = 1024) {}

  /** The waiting keys are `#keys[#head..#tail)`; the array keeps its length between fills. */
  readonly #keys: string[] = [];
  #head = 0;
  #tail = 0;
  /** The sequence number of `#keys[#head]`; numbers grow by one per added key, never reused. */
  #headSeq = 0;
  /** Each key's last sequence number: waiting if at or past `#headSeq`. */
  readonly #seq = new Map<string, number>();
  /** Keys added since the queue last ran empty, which sizes what the map may hold. */
  #added = 0;

  /** Number of waiting keys. */
  get size(): number {
    return this.#tail - this.#head;
  }

  /** Adds `key` at the end, unless it is already waiting. */
  add(key: string): void {
    const seq = this.#seq.get(key);
    if (seq !== undefined && seq >= this.#headSeq) return;
    this.#seq.set(key, this.#headSeq + (this.#tail - this.#head));
    if (this.#tail < this.#keys.length) this.#keys[this.#tail] = key;
    else this.#keys.push(key);
    this.#tail++;
    this.#added++;
  }

  /** Takes the first waiting key; undefined when none waits. */
  take(): string | undefined {
    if (this.#head === this.#tail) return undefined;
    const key = this.#keys[this.#head] as string;
    this.#head++;
    this.#headSeq++;
    if (this.#head === this.#tail) {
      // Empty: the next fill starts at the array's front again.
      this.#head = 0;
      this.#tail = 0;
      if (this.#seq.size > 2 * Math.max(this.#added, this.minKeys)) this.#seq.clear();
      this.#added = 0;
    }
    return key;
  }
}

/**
 * Counts per key within one instant (the simulation's hot-loop check: how often a controller
 * reconciled a key at this instant). For the reason {@link WorkQueue} gives, its map is not
 * cleared at every instant: the keys counted are set back to 0, and the map is cleared only when
 * it holds more than twice as many keys as the instant that ends counted.
 */
export class InstantCounts {
  readonly #counts = new Map<string, number>();
  /** The keys counted since the last {@link reset}: `#counted[0..#size)`. */
  readonly #counted: string[] = [];
  #size = 0;

  /** @param minKeys the map is never cleared below twice this many keys (small for tests). */
  constructor(readonly minKeys = 1024) {}

  /** Adds one to `key`'s count; returns the new count. */
  increment(key: string): number {
    const n = (this.#counts.get(key) ?? 0) + 1;
    this.#counts.set(key, n);
    if (n === 1) {
      if (this.#size < this.#counted.length) this.#counted[this.#size] = key;
      else this.#counted.push(key);
      this.#size++;
    }
    return n;
  }

  /** Starts a new instant: every count is 0 again. */
  reset(): void {
    if (this.#counts.size > 2 * Math.max(this.#size, this.minKeys)) this.#counts.clear();
    else for (let i = 0; i < this.#size; i++) this.#counts.set(this.#counted[i] as string, 0);
    this.#size = 0;
  }
}
