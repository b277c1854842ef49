import type { KubeObject } from "../api/KubeObject.js";

/** What a {@link ShardedMap} holds: anything keyed by `metadata.name` (objects, namespace shards). */
export interface Named {
  readonly metadata: { readonly name?: string };
}

/**
 * A map from object name to object, stored as a hash trie of plain arrays: a node is either a
 * branch of 32 slots, picked by five bits of a hash of the name per level, or a leaf array of
 * at most {@link LEAF_MAX} objects. A leaf that would grow past that becomes a branch, so the
 * trie is as deep as its population needs: a namespace's 50 Services sit in one leaf, its 4,500
 * Events two levels down.
 *
 * Why: the store's state is immutable, so a write copies every container on the path it
 * writes. A flat Map of 150,000 pods would be copied whole on every write; in this trie a write
 * copies a few 32-slot arrays and one leaf of a handful of entries, whatever the number of
 * objects, while snapshots keep sharing every untouched branch. (A fixed three levels cost
 * about 120 bytes of arrays per object for sparsely filled branches; this layout about 20-50.)
 *
 * Reads work on the immutable map; writes go through a {@link ShardedMapEditor}, so a whole
 * transaction's writes copy each node on their paths once.
 */
export interface ShardedMap<T extends Named = KubeObject> {
  readonly size: number;
  readonly root: Node<T>;
}

/**
 * A leaf holds the few objects whose names hash to it, as an array searched by name. (Records
 * keyed by name would give V8 a hidden class per distinct set of names: megabytes of maps and
 * megamorphic lookups at scale.) A branch has exactly {@link FANOUT} slots, more than a leaf
 * above the last level may hold, so the length tells them apart.
 */
type Node<T> = readonly (T | Node<T> | undefined)[];

const BITS = 5;
const FANOUT = 1 << BITS;
/** Levels of branches a 32-bit hash allows; a leaf below the last holds any number of names. */
const MAX_LEVEL = 6;
/** A leaf's capacity before it splits: few names to compare on a lookup. */
const LEAF_MAX = 8;

function isBranch<T>(node: Node<T>, level: number): boolean {
  return level < MAX_LEVEL && node.length === FANOUT;
}

/** An empty map. */
export const EMPTY_SHARDED_MAP: ShardedMap = Object.freeze({
  size: 0,
  root: Object.freeze([]) as Node<KubeObject>,
});

/** An empty map of any entry type (the same frozen value as {@link EMPTY_SHARDED_MAP}). */
export function emptyShardedMap<T extends Named>(): ShardedMap<T> {
  return EMPTY_SHARDED_MAP as unknown as ShardedMap<T>;
}

function hashName(name: string): number {
  // FNV-1a, 32 bits: cheap, well spread for the short, similar names Kubernetes objects have.
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) {
    h ^= name.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function slot(hash: number, level: number): number {
  return (hash >>> (level * BITS)) & (FANOUT - 1);
}

/** The object stored under `name`, or undefined. */
export function shardedMapGet<T extends Named>(map: ShardedMap<T>, name: string): T | undefined {
  const h = hashName(name);
  let node: Node<T> | undefined = map.root;
  for (let level = 0; isBranch(node, level); level++) {
    node = node[slot(h, level)] as Node<T> | undefined;
    if (!node) return undefined;
  }
  // An indexed loop: `for...of` left an iterator and its results behind on every read here.
  const leaf = node as readonly T[];
  for (let i = 0; i < leaf.length; i++) if (leaf[i]!.metadata.name === name) return leaf[i];
  return undefined;
}

/**
 * Applies a batch of writes to an immutable {@link ShardedMap} by path copying: the first write
 * through a node copies it, later writes of the same batch change that copy, and `finish()`
 * freezes the copies and returns the new map. The base map is never changed.
 *
 * Why not immer: immer deep-freezes its result, which visits every child of each copied node
 * (all 32 slots of three levels, each an object somewhere in a large heap), so a write cost
 * cache misses in proportion to how full the trie is. Here a write touches its path and
 * freezes only the nodes it copied.
 */
export class ShardedMapEditor<T extends Named = KubeObject> {
  /** The nodes this batch copied, so still private to it and safe to change in place. */
  readonly #owned = new Set<unknown[]>();
  readonly #root: unknown[];
  #size: number;

  constructor(base: ShardedMap<T>) {
    this.#root = this.#own(base.root);
    this.#size = base.size;
  }

  /** Stores `obj` under `name`. */
  set(name: string, obj: T): void {
    const h = hashName(name);
    let node = this.#root;
    let level = 0;
    for (;;) {
      if (isBranch(node, level)) {
        node = this.#ownedChild(node, slot(h, level));
        level++;
        continue;
      }
      const leaf = node as T[];
      for (let i = 0; i < leaf.length; i++) {
        if (leaf[i]!.metadata.name === name) {
          leaf[i] = obj;
          return;
        }
      }
      if (leaf.length < LEAF_MAX || level === MAX_LEVEL) {
        leaf.push(obj);
        this.#size++;
        return;
      }
      this.#split(node, level);
    }
  }

  /** Removes `name`; does nothing if it is absent. */
  delete(name: string): void {
    // Look before copying, so deleting an absent name copies nothing.
    if (!shardedMapGet({ size: this.#size, root: this.#root as Node<T> }, name)) return;
    const h = hashName(name);
    let node = this.#root;
    for (let level = 0; isBranch(node, level); level++) node = this.#ownedChild(node, slot(h, level));
    const leaf = node as T[];
    leaf.splice(
      leaf.findIndex((o) => o.metadata.name === name),
      1,
    );
    this.#size--;
  }

  /** The new map; the editor must not be used afterwards. */
  finish(): ShardedMap<T> {
    for (const node of this.#owned) Object.freeze(node);
    return Object.freeze({ size: this.#size, root: this.#root as Node<T> });
  }

  /** Turns a full owned leaf at `level` into a branch in place, its objects moved to new leaves below. */
  #split(node: unknown[], level: number): void {
    const objects = node.splice(0, node.length) as T[];
    for (let i = 0; i < FANOUT; i++) node.push(undefined);
    for (const o of objects) {
      const i = slot(hashName(o.metadata.name!), level);
      let leaf = node[i] as T[] | undefined;
      if (!leaf) {
        leaf = [];
        this.#owned.add(leaf);
        node[i] = leaf;
      }
      leaf.push(o);
    }
  }

  /** The child at `i` of an owned branch, copied (or created empty) first unless this batch owns it already. */
  #ownedChild(node: unknown[], i: number): unknown[] {
    const child = node[i] as unknown[] | undefined;
    if (child && this.#owned.has(child)) return child;
    const copy = this.#own(child);
    node[i] = copy;
    return copy;
  }

  #own(node: readonly unknown[] | undefined): unknown[] {
    // Spread, not slice(): V8 (Node 20) slices a frozen array on a slow path, ten times slower.
    // Holes come out as undefined, which every reader treats alike.
    const copy = node ? [...node] : [];
    this.#owned.add(copy);
    return copy;
  }
}

/** Every object in the map, in no particular order (callers sort). */
export function shardedMapValues<T extends Named>(map: ShardedMap<T>): T[] {
  const out: T[] = [];
  collect(map.root, 0, out);
  return out;
}

function collect<T>(node: Node<T> | undefined, level: number, out: T[]): void {
  if (!node) return;
  if (!isBranch(node, level)) {
    out.push(...(node as readonly T[]));
    return;
  }
  for (const child of node) collect(child as Node<T> | undefined, level + 1, out);
}
