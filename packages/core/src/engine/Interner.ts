import { freeze } from "immer";

/**
 * Hands out one instance of equal values: the first value given for a key is returned for that
 * key from then on. Controllers build the same small parts of status again and again (the
 * conditions of the pods a node starts in one second, one image's ID, one node's `hostIPs`);
 * kept once and shared (they are frozen, as everything in the store is), they cost their memory
 * once instead of once per pod and per logged version. It holds at most `limit` keys and forgets
 * them all when full, so it never grows with the cluster; what it returns is always equal to
 * what the caller built, so forgetting changes nothing but memory.
 */
export class Interner {
  readonly #values = new Map<string, unknown>();
  readonly #limit: number;

  constructor(limit = 4096) {
    this.#limit = limit;
  }

  /** The value kept for `key`, or the one `build` makes (deeply frozen, and kept) when there is none. */
  value<T>(key: string, build: () => T): T {
    const kept = this.#values.get(key);
    if (kept !== undefined) return kept as T;
    return this.#keep(key, freeze(build(), true));
  }

  /** The string kept equal to `text`, or `text` (kept). */
  string(text: string): string {
    const kept = this.#values.get(text);
    return kept !== undefined ? (kept as string) : this.#keep(text, text);
  }

  #keep<T>(key: string, value: T): T {
    if (this.#values.size >= this.#limit) this.#values.clear();
    this.#values.set(key, value);
    return value;
  }
}
