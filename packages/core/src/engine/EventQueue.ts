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
 */
export class EventQueue<T> {
  readonly #heap: QueuedEvent<T>[] = [];
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
    const event: QueuedEvent<T> = { timeMs, seq: this.#nextSeq++, payload };
    const heap = this.#heap;
    heap.push(event);
    this.#pending.set(event.seq, event);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(heap[i]!, heap[parent]!)) break;
      [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
      i = parent;
    }
    return event.seq;
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
    return this.#heap[0];
  }

  /** Removes and returns the earliest pending event. */
  pop(): QueuedEvent<T> | undefined {
    this.#dropCancelled();
    return this.#popRaw();
  }

  /** All pending events in due order (a copy; for inspection and tests). */
  pending(): QueuedEvent<T>[] {
    return [...this.#pending.values()].sort((a, b) => (before(a, b) ? -1 : 1));
  }

  #dropCancelled(): void {
    while (this.#heap.length > 0 && this.#cancelled.has(this.#heap[0]!.seq)) {
      this.#cancelled.delete(this.#heap[0]!.seq);
      this.#popRaw();
    }
  }

  #popRaw(): QueuedEvent<T> | undefined {
    const heap = this.#heap;
    const top = heap[0];
    if (top) this.#pending.delete(top.seq);
    const last = heap.pop();
    if (heap.length > 0 && last) {
      heap[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let smallest = i;
        if (l < heap.length && before(heap[l]!, heap[smallest]!)) smallest = l;
        if (r < heap.length && before(heap[r]!, heap[smallest]!)) smallest = r;
        if (smallest === i) break;
        [heap[i], heap[smallest]] = [heap[smallest]!, heap[i]!];
        i = smallest;
      }
    }
    return top;
  }
}

function before<T>(a: QueuedEvent<T>, b: QueuedEvent<T>): boolean {
  return a.timeMs < b.timeMs || (a.timeMs === b.timeMs && a.seq < b.seq);
}
