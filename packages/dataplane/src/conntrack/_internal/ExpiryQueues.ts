/**
 * Time-ordered queues for lazy expiry without timers, shared by the conntrack table and the
 * session-affinity table.
 *
 * Entries of one table expire a fixed duration after they were last touched, and there are
 * only a few durations (one per conntrack state, one per affinity timeout). Virtual time never
 * goes back, so items pushed into one FIFO per duration come out in expiry order: pushing is
 * O(1) and finding what is due is O(1) per item found, with no heap. An owner that refreshes
 * an entry does not push again; when the old item comes due it sees the entry was refreshed
 * and pushes it once more, so each live entry has one current item, and an expired entry is
 * freed at most one duration after it expired (lookups check expiry themselves, so they never
 * see it). Items of deleted entries, or left behind by a change of duration, are dropped by
 * {@link ExpiryQueues.compact} once they outnumber the live entries.
 *
 * @module
 */

interface Item<T> {
  readonly value: T;
  readonly atMs: number;
}

/** A FIFO on an array with a moving head, compacted once the dead prefix dominates. */
class Fifo<T> {
  #items: T[] = [];
  #head = 0;

  get size(): number {
    return this.#items.length - this.#head;
  }

  push(item: T): void {
    this.#items.push(item);
  }

  peek(): T | undefined {
    return this.#items[this.#head];
  }

  /** Keeps the items `keep` accepts, in order; returns how many were dropped. */
  retain(keep: (item: T) => boolean): number {
    const before = this.size;
    this.#items = this.#items.slice(this.#head).filter(keep);
    this.#head = 0;
    return before - this.#items.length;
  }

  shift(): T | undefined {
    const item = this.#items[this.#head];
    if (item === undefined) return undefined;
    this.#head++;
    if (this.#head > 1024 && this.#head * 2 > this.#items.length) {
      this.#items = this.#items.slice(this.#head);
      this.#head = 0;
    }
    return item;
  }
}

/** One FIFO per duration class; see the module comment. */
export class ExpiryQueues<T> {
  readonly #byClass = new Map<number, Fifo<Item<T>>>();
  #size = 0;

  /** Queues `value`, due at `atMs`, in the FIFO of `classMs` (the duration that produced `atMs`). */
  push(classMs: number, atMs: number, value: T): void {
    let fifo = this.#byClass.get(classMs);
    if (!fifo) {
      fifo = new Fifo();
      this.#byClass.set(classMs, fifo);
    }
    fifo.push({ value, atMs });
    this.#size++;
  }

  /** Items queued, live or not. */
  get size(): number {
    return this.#size;
  }

  /**
   * Drops every item `isCurrent` rejects (entries deleted or re-queued since), keeping the
   * order. Owners call it when the queues hold far more items than live entries, so its cost
   * is paid for by the pushes since the last call.
   */
  compact(isCurrent: (value: T, atMs: number, classMs: number) => boolean): void {
    for (const [classMs, fifo] of this.#byClass) {
      this.#size -= fifo.retain((item) => isCurrent(item.value, item.atMs, classMs));
    }
  }

  /**
   * Pops up to `budget` items due at `nowMs` (`atMs <= nowMs`) and hands each to `visit`
   * with its duration class; the owner decides whether the entry really expired. Returns how many were popped.
   */
  drain(nowMs: number, budget: number, visit: (value: T, atMs: number, classMs: number) => void): number {
    let popped = 0;
    for (const [classMs, fifo] of this.#byClass) {
      for (;;) {
        if (popped >= budget) return popped;
        const head = fifo.peek();
        if (head === undefined || head.atMs > nowMs) break;
        fifo.shift();
        this.#size--;
        popped++;
        visit(head.value, head.atMs, classMs);
      }
    }
    return popped;
  }
}
