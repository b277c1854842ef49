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

/**
 * A FIFO of (value, due instant) pairs on two parallel arrays with a moving head, compacted
 * once the dead prefix dominates. Parallel arrays rather than one object per item: a queue
 * item is pushed for every new flow, so it should allocate nothing.
 */
class Fifo<T> {
  #values: (T | undefined)[] = [];
  #atMs: number[] = [];
  #head = 0;

  get size(): number {
    return this.#values.length - this.#head;
  }

  push(value: T, atMs: number): void {
    this.#values.push(value);
    this.#atMs.push(atMs);
  }

  /** The due instant of the head, or `undefined` when empty. */
  peekAt(): number | undefined {
    return this.#head < this.#values.length ? this.#atMs[this.#head] : undefined;
  }

  /** Keeps the items `keep` accepts, in order; returns how many were dropped. */
  retain(keep: (value: T, atMs: number) => boolean): number {
    const before = this.size;
    const values: T[] = [];
    const atMs: number[] = [];
    for (let i = this.#head; i < this.#values.length; i++) {
      const v = this.#values[i] as T;
      const at = this.#atMs[i] as number;
      if (keep(v, at)) {
        values.push(v);
        atMs.push(at);
      }
    }
    this.#values = values;
    this.#atMs = atMs;
    this.#head = 0;
    return before - values.length;
  }

  /** Removes the head (the caller read it with {@link peekAt} and {@link headValue}). */
  shift(): T {
    const value = this.#values[this.#head] as T;
    this.#values[this.#head] = undefined;
    this.#head++;
    if (this.#head > 1024 && this.#head * 2 > this.#values.length) {
      this.#values = this.#values.slice(this.#head);
      this.#atMs = this.#atMs.slice(this.#head);
      this.#head = 0;
    }
    return value;
  }
}

/**
 * One FIFO per duration class; see the module comment. The classes are few (one per timeout in
 * use), so they sit in two parallel arrays: {@link drain} runs on every new flow, and walking an
 * array allocates nothing, where iterating a `Map` may.
 */
export class ExpiryQueues<T> {
  readonly #classes: number[] = [];
  readonly #fifos: Fifo<T>[] = [];
  #size = 0;

  /** Queues `value`, due at `atMs`, in the FIFO of `classMs` (the duration that produced `atMs`). */
  push(classMs: number, atMs: number, value: T): void {
    const i = this.#classes.indexOf(classMs);
    let fifo = this.#fifos[i];
    if (fifo === undefined) {
      fifo = new Fifo();
      this.#classes.push(classMs);
      this.#fifos.push(fifo);
    }
    fifo.push(value, atMs);
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
    for (let i = 0; i < this.#fifos.length; i++) {
      const classMs = this.#classes[i] as number;
      this.#size -= (this.#fifos[i] as Fifo<T>).retain((value, atMs) => isCurrent(value, atMs, classMs));
    }
  }

  /**
   * Pops up to `budget` items due at `nowMs` (`atMs <= nowMs`) and hands each to `visit`
   * with its duration class; the owner decides whether the entry really expired. Returns how many were popped.
   */
  drain(nowMs: number, budget: number, visit: (value: T, atMs: number, classMs: number) => void): number {
    let popped = 0;
    for (let i = 0; i < this.#fifos.length; i++) {
      const fifo = this.#fifos[i] as Fifo<T>;
      const classMs = this.#classes[i] as number;
      for (;;) {
        if (popped >= budget) return popped;
        const atMs = fifo.peekAt();
        if (atMs === undefined || atMs > nowMs) break;
        const value = fifo.shift();
        this.#size--;
        popped++;
        visit(value, atMs, classMs);
      }
    }
    return popped;
  }
}
