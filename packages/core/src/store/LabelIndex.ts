import { Postings } from "./_internal/Postings.js";

/**
 * An inverted index of labels: for each kind and namespace, label key -> value -> names.
 * It lets a selector such as `app=web` find its objects without scanning every object of the
 * kind, so selecting pods costs in proportion to the pods selected, not to the cluster.
 * It is derived data: rebuilt from the store's state on restore, never serialised.
 */
export class LabelIndex {
  readonly #postings = new Map<string, Map<string, Postings<string>>>();

  /** Records `labels` of the object `name` (of `kind` in `namespace`). */
  add(
    kind: string,
    namespace: string,
    name: string,
    labels: Readonly<Record<string, string>> | undefined,
  ): void {
    if (!labels) return;
    const bucketKey = `${kind}/${namespace}`;
    let byKey = this.#postings.get(bucketKey);
    if (!byKey) {
      byKey = new Map();
      this.#postings.set(bucketKey, byKey);
    }
    for (const key in labels) {
      let byValue = byKey.get(key);
      if (!byValue) {
        byValue = new Postings();
        byKey.set(key, byValue);
      }
      byValue.add(labels[key]!, name);
    }
  }

  /** Forgets `labels` of the object `name`. */
  remove(
    kind: string,
    namespace: string,
    name: string,
    labels: Readonly<Record<string, string>> | undefined,
  ): void {
    if (!labels) return;
    const byKey = this.#postings.get(`${kind}/${namespace}`);
    if (!byKey) return;
    for (const key in labels) {
      const byValue = byKey.get(key);
      if (!byValue) continue;
      byValue.remove(labels[key]!, name);
      if (byValue.size === 0) byKey.delete(key);
    }
  }

  /**
   * The names that can match, given equality-like requirements (`key in (values)`), as the
   * intersection of their posting lists; undefined when `plan` is empty (no index applies).
   * Requirements the plan does not hold (`!=`, `notin`, `exists`) are the caller's to check.
   * The set may be the index's own: read it before the next write, never change it.
   */
  candidates(
    kind: string,
    namespace: string,
    plan: readonly { readonly key: string; readonly values: readonly string[] }[],
  ): ReadonlySet<string> | undefined {
    if (plan.length === 0) return undefined;
    const byKey = this.#postings.get(`${kind}/${namespace}`);
    if (!byKey) return EMPTY;
    const lists: ReadonlySet<string>[] = [];
    for (const { key, values } of plan) {
      const byValue = byKey.get(key);
      if (!byValue) return EMPTY;
      if (values.length === 1) {
        lists.push(byValue.names(values[0]!));
        continue;
      }
      const union = new Set<string>();
      for (const v of values) for (const n of byValue.names(v)) union.add(n);
      lists.push(union);
    }
    // `app=web`, the common selector: its posting list is the answer.
    if (lists.length === 1) return lists[0];
    // Walk the smallest list (the first of them on a tie) and keep the names every list holds.
    let smallest = lists[0]!;
    for (const l of lists) if (l.size < smallest.size) smallest = l;
    const out = new Set<string>();
    for (const n of smallest) {
      let inAll = true;
      for (const l of lists) if (l !== smallest && !l.has(n)) inAll = false;
      if (inAll) out.add(n);
    }
    return out;
  }

  /** Drops everything (before a rebuild). */
  clear(): void {
    this.#postings.clear();
  }
}

const EMPTY: ReadonlySet<string> = new Set();
