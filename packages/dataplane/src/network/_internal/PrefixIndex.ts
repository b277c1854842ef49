/**
 * Longest-prefix match over IPv4 blocks with one hash map per prefix length in use: a lookup
 * probes at most 33 maps (in practice one or two: every podCIDR of a cluster has the same
 * length), so it costs the same at 5 nodes and at 5,000.
 *
 * @module
 */
import { maskIPv4, type Prefix } from "./ipv4.js";

/** One match: the block and what it maps to. */
export interface PrefixMatch<V> {
  readonly prefix: Prefix;
  readonly value: V;
}

/**
 * Blocks mapped to values. The same block may be added by several owners (two nodes given the
 * same podCIDR by a misconfiguration); the first one added wins until it is removed, as the
 * kernel keeps the first of two routes to the same destination.
 */
export class PrefixIndex<V> {
  /** prefix length -> network -> owners in the order they were added. */
  readonly #byLength = new Map<number, Map<number, V[]>>();
  /** The prefix lengths in use, longest first. */
  #lengths: number[] = [];

  /** Adds `value` for the block. */
  add(prefix: Prefix, value: V): void {
    let map = this.#byLength.get(prefix.prefixLength);
    if (!map) {
      map = new Map();
      this.#byLength.set(prefix.prefixLength, map);
      this.#lengths = [...this.#lengths, prefix.prefixLength].sort((a, b) => b - a);
    }
    const owners = map.get(prefix.network);
    if (owners) owners.push(value);
    else map.set(prefix.network, [value]);
  }

  /** Removes `value` from the block; a no-op when it was not there. */
  remove(prefix: Prefix, value: V): void {
    const map = this.#byLength.get(prefix.prefixLength);
    const owners = map?.get(prefix.network);
    if (!map || !owners) return;
    const i = owners.indexOf(value);
    if (i < 0) return;
    owners.splice(i, 1);
    if (owners.length > 0) return;
    map.delete(prefix.network);
    if (map.size > 0) return;
    this.#byLength.delete(prefix.prefixLength);
    this.#lengths = this.#lengths.filter((l) => l !== prefix.prefixLength);
  }

  /** The first owner of the longest block containing `ip` ({@link lookup} without a filter), allocating nothing. */
  lookupValue(ip: number): V | undefined {
    for (const prefixLength of this.#lengths) {
      const owners = this.#byLength.get(prefixLength)?.get(maskIPv4(ip, prefixLength));
      if (owners !== undefined && owners.length > 0) return owners[0];
    }
    return undefined;
  }

  /**
   * The longest block containing `ip` and its first owner that `accept` takes (owners it refuses
   * stand for routes that do not exist in the namespace asking).
   */
  lookup(ip: number, accept?: (value: V) => boolean): PrefixMatch<V> | undefined {
    for (const prefixLength of this.#lengths) {
      const network = maskIPv4(ip, prefixLength);
      const owners = this.#byLength.get(prefixLength)?.get(network);
      if (!owners) continue;
      for (const value of owners)
        if (!accept || accept(value)) return { prefix: { network, prefixLength }, value };
    }
    return undefined;
  }
}
