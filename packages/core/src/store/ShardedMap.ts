import type { KubeObject } from "../api/KubeObject.js";

/**
 * A map from object name to object, stored as a fixed-shape hash trie of plain arrays and
 * objects: three levels of 32-way branching over a 15-bit hash of the name, then a leaf
 * array of the objects whose names hash there.
 *
 * Why: the store's state is immutable and updated with immer, which copies every container
 * on the path it writes. A flat Map of 150,000 pods would be copied whole on every write; in
 * this trie a write copies three 32-slot arrays and one leaf of a handful of entries, whatever
 * the number of objects, while snapshots keep sharing every untouched branch.
 *
 * Reads work on the immutable map; writes (`shardedMapSet`, `shardedMapDelete`) work on an immer
 * draft of it, so a whole transaction's writes land in one `produce`.
 */
export interface ShardedMap {
  readonly size: number;
  readonly root: Level;
}

/**
 * A leaf holds the few objects whose names hash to it, as an array searched by name. (Records
 * keyed by name would give V8 a hidden class per distinct set of names: megabytes of maps and
 * megamorphic lookups at scale.)
 */
type Leaf = readonly KubeObject[];
type Level = readonly (Level | Leaf | undefined)[];

const BITS = 5;
const FANOUT = 1 << BITS;
const DEPTH = 3;

/** An empty map. */
export const EMPTY_SHARDED_MAP: ShardedMap = Object.freeze({ size: 0, root: Object.freeze([]) as Level });

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
export function shardedMapGet(map: ShardedMap, name: string): KubeObject | undefined {
  const h = hashName(name);
  let node: Level | Leaf | undefined = map.root;
  for (let level = 0; level < DEPTH && node; level++) node = (node as Level)[slot(h, level)];
  if (!node) return undefined;
  for (const obj of node as Leaf) if (obj.metadata.name === name) return obj;
  return undefined;
}

/** A {@link ShardedMap} being changed inside an immer `produce` (a draft). */
export interface DraftShardedMap {
  size: number;
  root: (Level | Leaf | undefined)[];
}

/**
 * Stores `obj` under `name` in a draft. immer copies only the containers on the path
 * (three 32-slot arrays and one small leaf), so the cost does not depend on the map's size.
 */
export function shardedMapSet(draft: DraftShardedMap, name: string, obj: KubeObject): void {
  const h = hashName(name);
  let node = draft.root as (Level | Leaf | undefined)[];
  for (let level = 0; level < DEPTH - 1; level++) {
    const i = slot(h, level);
    if (!node[i]) node[i] = [];
    node = node[i] as (Level | Leaf | undefined)[];
  }
  const i = slot(h, DEPTH - 1);
  if (!node[i]) node[i] = [];
  const leaf = node[i] as KubeObject[];
  const at = leaf.findIndex((o) => o.metadata.name === name);
  if (at < 0) {
    leaf.push(obj);
    draft.size++;
  } else {
    leaf[at] = obj;
  }
}

/** Removes `name` from a draft; does nothing if it is absent. */
export function shardedMapDelete(draft: DraftShardedMap, name: string): void {
  const h = hashName(name);
  let node: unknown = draft.root;
  for (let level = 0; level < DEPTH && node; level++)
    node = (node as (Level | Leaf | undefined)[])[slot(h, level)];
  const leaf = node as KubeObject[] | undefined;
  const at = leaf ? leaf.findIndex((o) => o.metadata.name === name) : -1;
  if (at >= 0) {
    leaf!.splice(at, 1);
    draft.size--;
  }
}

/** Every object in the map, in no particular order (callers sort). */
export function shardedMapValues(map: ShardedMap): KubeObject[] {
  const out: KubeObject[] = [];
  collect(map.root, 0, out);
  return out;
}

function collect(node: Level | Leaf | undefined, level: number, out: KubeObject[]): void {
  if (!node) return;
  if (level === DEPTH) {
    out.push(...(node as Leaf));
    return;
  }
  for (const child of node as Level) collect(child, level + 1, out);
}
