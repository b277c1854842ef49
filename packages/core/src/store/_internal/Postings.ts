/**
 * The names filed under each key of an index (a label value, an index key). A key with one
 * name keeps the name itself: most keys of a large cluster have one (every Event its own
 * correlation key), and a `Set` costs about 200 bytes.
 */
export class Postings<K> {
  readonly #byKey = new Map<K, string | Set<string>>();

  /** Number of keys with at least one name. */
  get size(): number {
    return this.#byKey.size;
  }

  add(key: K, name: string): void {
    const names = this.#byKey.get(key);
    if (names === undefined || names === name) this.#byKey.set(key, name);
    else if (typeof names === "string") this.#byKey.set(key, new Set([names, name]));
    else names.add(name);
  }

  remove(key: K, name: string): void {
    const names = this.#byKey.get(key);
    if (names === undefined) return;
    if (typeof names === "string") {
      if (names === name) this.#byKey.delete(key);
      return;
    }
    names.delete(name);
    if (names.size === 0) this.#byKey.delete(key);
  }

  /** The names under `key`. The set may be the postings' own: read it before the next write, never change it. */
  names(key: K): ReadonlySet<string> {
    const names = this.#byKey.get(key);
    if (names === undefined) return EMPTY;
    return typeof names === "string" ? new Set([names]) : names;
  }
}

const EMPTY: ReadonlySet<string> = new Set();
