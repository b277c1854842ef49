/** An entry of the {@link EventQueue}: something due at `timeMs`. */
export interface QueuedEvent<T> {
  readonly timeMs: number;
  /** Insertion order; breaks ties between events due at the same instant. */
  readonly seq: number;
  readonly payload: T;
}

/**
 * A priority queue of future events ordered by (time, sequence): events due at the
 * same instant run in the order they were scheduled, so runs are reproducible.
 * A binary heap: push and pop cost O(log n).
 *
 * The heap keeps each entry's time and sequence number in typed arrays next to the entries, so
 * a push or pop compares numbers that lie together in memory instead of reading one entry object
 * per level (at 150,000 pods the heap holds hundreds of thousands of timers, and each entry read
 * was a likely cache miss).
 */
export class EventQueue<T> {
  #times = new Float64Array(64);
  #seqs = new Float64Array(64);
  /** The entries in heap order; slots from {@link #length} on are empty. */
  readonly #events: (QueuedEvent<T> | undefined)[] = [];
  #length = 0;
  #nextSeq = 0;
  readonly #cancelled = new Set<number>();
  /** Pending events by sequence number, so cancel and lookup cost O(1), not a heap scan. */
  readonly #pending = new Map<number, QueuedEvent<T>>();

  /** Number of pending (not cancelled) events. */
  get size(): number {
    return this.#pending.size;
  }

  /** Schedules `payload` at `timeMs`; returns its sequence number, usable with {@link cancel}. */
  push(timeMs: number, payload: T): number {
    const seq = this.#nextSeq++;
    const event: QueuedEvent<T> = { timeMs, seq, payload };
    this.#pending.set(seq, event);
    if (this.#length === this.#times.length) this.#grow();
    const times = this.#times;
    let i = this.#length++;
    if (this.#events.length < this.#length) this.#events.push(undefined);
    // Sift up: the new entry has the largest sequence number, so it stops at a parent due no later.
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if ((times[parent] as number) <= timeMs) break;
      this.#move(i, parent);
      i = parent;
    }
    this.#put(i, timeMs, seq, event);
    return seq;
  }

  /** Cancels a pending event. Cancelling an event that already ran does nothing. */
  cancel(seq: number): void {
    if (this.#pending.delete(seq)) this.#cancelled.add(seq);
  }

  /** The pending event with sequence number `seq`, if it has neither run nor been cancelled. */
  get(seq: number): QueuedEvent<T> | undefined {
    return this.#pending.get(seq);
  }

  /** The earliest pending event without removing it. */
  peek(): QueuedEvent<T> | undefined {
    this.#dropCancelled();
    return this.#events[0];
  }

  /** Removes and returns the earliest pending event. */
  pop(): QueuedEvent<T> | undefined {
    this.#dropCancelled();
    return this.#popRaw();
  }

  /** All pending events in due order (a copy; for inspection and tests). */
  pending(): QueuedEvent<T>[] {
    return [...this.#pending.values()].sort((a, b) => a.timeMs - b.timeMs || a.seq - b.seq);
  }

  #dropCancelled(): void {
    while (this.#length > 0 && this.#cancelled.delete(this.#seqs[0] as number)) this.#popRaw();
  }

  #popRaw(): QueuedEvent<T> | undefined {
    if (this.#length === 0) return undefined;
    const times = this.#times;
    const seqs = this.#seqs;
    const events = this.#events;
    const top = events[0] as QueuedEvent<T>;
    this.#pending.delete(top.seq);
    // Sift the last entry down from the root.
    const n = --this.#length;
    const t = times[n] as number;
    const s = seqs[n] as number;
    const e = events[n];
    events[n] = undefined;
    if (n === 0) return top;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      let c = l;
      const r = l + 1;
      if (r < n) {
        const tr = times[r] as number;
        const tl = times[l] as number;
        if (tr < tl || (tr === tl && (seqs[r] as number) < (seqs[l] as number))) c = r;
      }
      const tc = times[c] as number;
      if (t < tc || (t === tc && s < (seqs[c] as number))) break;
      this.#move(i, c);
      i = c;
    }
    this.#put(i, t, s, e);
    return top;
  }

  #move(to: number, from: number): void {
    this.#put(to, this.#times[from] as number, this.#seqs[from] as number, this.#events[from]);
  }

  #put(i: number, timeMs: number, seq: number, event: QueuedEvent<T> | undefined): void {
    this.#times[i] = timeMs;
    this.#seqs[i] = seq;
    this.#events[i] = event;
  }

  #grow(): void {
    const times = new Float64Array(this.#times.length * 2);
    times.set(this.#times);
    const seqs = new Float64Array(this.#seqs.length * 2);
    seqs.set(this.#seqs);
    this.#times = times;
    this.#seqs = seqs;
  }
}
