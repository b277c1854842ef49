import type { KubeObject } from "../api/KubeObject.js";

/** What a {@link ShardedMap} holds: anything keyed by `metadata.name` (objects, namespace shards). */
export interface Named {
  readonly metadata: { readonly name?: string };
}

/**
 * A map from object name to object, stored as a fixed-shape hash trie of plain arrays and
 * objects: three levels of 32-way branching over a 15-bit hash of the name, then a leaf
 * array of the objects whose names hash there.
 *
 * Why: the store's state is immutable, so a write copies every container on the path it
 * writes. A flat Map of 150,000 pods would be copied whole on every write; in this trie a write
 * copies three 32-slot arrays and one leaf of a handful of entries, whatever the number of
 * objects, while snapshots keep sharing every untouched branch.
 *
 * Reads work on the immutable map; writes go through a {@link ShardedMapEditor}, so a whole
 * transaction's writes copy each node on their paths once.
 */
export interface ShardedMap<T extends Named = KubeObject> {
  readonly size: number;
  readonly root: Level<T>;
}

/**
 * A leaf holds the few objects whose names hash to it, as an array searched by name. (Records
 * keyed by name would give V8 a hidden class per distinct set of names: megabytes of maps and
 * megamorphic lookups at scale.)
 */
type Leaf<T> = readonly T[];
type Level<T> = readonly (Level<T> | Leaf<T> | undefined)[];

const BITS = 5;
const FANOUT = 1 << BITS;
const DEPTH = 3;

/** An empty map. */
export const EMPTY_SHARDED_MAP: ShardedMap = Object.freeze({
  size: 0,
  root: Object.freeze([]) as Level<KubeObject>,
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
  let node: Level<T> | Leaf<T> | undefined = map.root;
  for (let level = 0; level < DEPTH && node; level++) node = (node as Level<T>)[slot(h, level)];
  if (!node) return undefined;
  for (const obj of node as Leaf<T>) if (obj.metadata.name === name) return obj;
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
    const leaf = this.#ownedLeaf(hashName(name));
    for (let i = 0; i < leaf.length; i++) {
      if (leaf[i]!.metadata.name === name) {
        leaf[i] = obj;
        return;
      }
    }
    leaf.push(obj);
    this.#size++;
  }

  /** Removes `name`; does nothing if it is absent. */
  delete(name: string): void {
    // Look before copying, so deleting an absent name copies nothing.
    if (!shardedMapGet({ size: this.#size, root: this.#root as Level<T> }, name)) return;
    const leaf = this.#ownedLeaf(hashName(name));
    leaf.splice(
      leaf.findIndex((o) => o.metadata.name === name),
      1,
    );
    this.#size--;
  }

  /** The new map; the editor must not be used afterwards. */
  finish(): ShardedMap<T> {
    for (const node of this.#owned) Object.freeze(node);
    return Object.freeze({ size: this.#size, root: this.#root as Level<T> });
  }

  /** The leaf for hash `h`, with every node on its path owned (copied or created first). */
  #ownedLeaf(h: number): T[] {
    let node = this.#root;
    for (let level = 0; level < DEPTH; level++) node = this.#ownedChild(node, slot(h, level));
    return node as T[];
  }

  /** The child at `i` of an owned node, copied (or created) first unless this batch owns it already. */
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

function collect<T>(node: Level<T> | Leaf<T> | undefined, level: number, out: T[]): void {
  if (!node) return;
  if (level === DEPTH) {
    out.push(...(node as Leaf<T>));
    return;
  }
  for (const child of node as Level<T>) collect(child, level + 1, out);
}
