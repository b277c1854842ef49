import type { KubeObject } from "../../api/KubeObject.js";
import type { EventLogEntry, WatchEventType } from "../ObjectStore.js";
import { type FieldPath, FieldPaths } from "./FieldPaths.js";

const TYPES: readonly WatchEventType[] = ["ADDED", "MODIFIED", "DELETED"];
const TYPE_CODE: Readonly<Record<WatchEventType, number>> = { ADDED: 0, MODIFIED: 1, DELETED: 2 };
/** Slots of one chunk of the reverse-delta store (two a field: its path and its older value). */
const CHUNK = 1 << 16;
/** How many runs of consecutive resourceVersions a lookup searches, newest first. */
const SEARCHED_RUNS = 8;

/**
 * The store's event log, kept in columns: each entry's time and change type in typed arrays, its
 * sequence number implied by its position, and its object version.
 *
 * A large cluster's log holds millions of entries (about 19 per pod settled), most of them
 * versions that a later write replaced. Such a version is not kept whole: when the store commits
 * the version after it, the log keeps instead the fields in which the older one differed (a
 * reverse delta: each field's path and older value) and the position of the newer version.
 * Unchanged parts were shared anyway; what this saves is each version's own top level, metadata
 * and the containers on the way to its changed fields: nearly two thirds of the log's memory.
 * {@link entries} rebuilds the older versions from the newer ones, newest first.
 */
export class EventLog {
  /** The version of each entry, or `null` where a reverse delta to a newer entry stands for it. */
  readonly #objects: (KubeObject | null)[] = [];
  #timeMs = new Float64Array(1024);
  #types = new Uint8Array(1024);
  /** Position of the newer entry a reverse delta applies to, or -1 for entries kept whole. */
  #newer = new Int32Array(1024);
  /** Where an entry's reverse delta starts in {@link #fields} (a slot number across chunks). */
  #deltaAt = new Int32Array(1024);
  /** Number of fields in an entry's reverse delta. */
  #deltaFields = new Int32Array(1024);
  /** The reverse deltas' fields, a path then the older value: chunks, so growth never copies them all. */
  readonly #fields: unknown[][] = [];
  #fieldsUsed = CHUNK;
  readonly #paths = new FieldPaths();
  readonly #resourceVersionPath = this.#paths.root.child("metadata").child("resourceVersion");
  /** Reused by {@link sameKeys}. */
  readonly #keys: string[] = [];
  /**
   * Runs of entries whose resourceVersions follow each other (`resourceVersion` of entry
   * `index + k` is `resourceVersion + k`): the store stamps consecutive numbers, so a log has one
   * run unless a restore set the counter back. A write's older version is found through them.
   */
  readonly #runs: { index: number; resourceVersion: number }[] = [];
  #lastResourceVersion = Number.NaN;

  /**
   * Appends a change. `older` is the version it replaced (a MODIFIED or DELETED change's old
   * object): when that version is this log's own entry, it is turned into a reverse delta.
   */
  push(timeMs: number, type: WatchEventType, object: KubeObject, older: KubeObject | undefined): void {
    const i = this.#objects.length;
    if (i === this.#timeMs.length) this.#grow(i * 2);
    this.#timeMs[i] = timeMs;
    this.#types[i] = TYPE_CODE[type];
    this.#newer[i] = -1;
    this.#objects.push(object);
    const rv = Number(object.metadata.resourceVersion);
    if (rv !== this.#lastResourceVersion + 1) this.#runs.push({ index: i, resourceVersion: rv });
    this.#lastResourceVersion = rv;
    if (older && older !== object) {
      const j = this.#indexOf(older);
      if (j >= 0 && j < i) this.#replaceByDelta(j, i, object, older);
    }
  }

  /** Every entry, as plain objects (built on each call; the versions deltas stand for, rebuilt). */
  entries(): EventLogEntry[] {
    const n = this.#objects.length;
    const out = new Array<EventLogEntry>(n);
    for (let i = n - 1; i >= 0; i--) {
      const newer = this.#newer[i]!;
      out[i] = {
        seq: i + 1,
        timeMs: this.#timeMs[i]!,
        type: TYPES[this.#types[i]!]!,
        object: newer < 0 ? this.#objects[i]! : this.#rebuild(out[newer]!.object, i),
      };
    }
    return out;
  }

  #grow(size: number): void {
    this.#timeMs = grown(this.#timeMs, size);
    this.#types = grown(this.#types, size);
    this.#newer = grown(this.#newer, size);
    this.#deltaAt = grown(this.#deltaAt, size);
    this.#deltaFields = grown(this.#deltaFields, size);
  }

  /** The position of `version` in the log if it is still kept whole there, else -1. */
  #indexOf(version: KubeObject): number {
    const rv = Number(version.metadata.resourceVersion);
    const runs = this.#runs;
    for (let r = runs.length - 1; r >= 0 && r >= runs.length - SEARCHED_RUNS; r--) {
      const run = runs[r]!;
      const end = r + 1 < runs.length ? runs[r + 1]!.index : this.#objects.length;
      const j = run.index + (rv - run.resourceVersion);
      // Identity, not the number: after a restore the same resourceVersion can name another version.
      if (j >= run.index && j < end && this.#objects[j] === version) return j;
    }
    return -1;
  }

  #replaceByDelta(j: number, newerIndex: number, newer: KubeObject, older: KubeObject): void {
    const delta: unknown[] = [];
    diff(newer, older, this.#paths.root, delta, this.#keys);
    // The older resourceVersion is the entry's own number: rebuilt from the run, not kept.
    const rvAt = delta.indexOf(this.#resourceVersionPath);
    if (rvAt >= 0 && delta[rvAt + 1] === String(this.#resourceVersionAt(j))) delta.splice(rvAt, 2);
    if (this.#fieldsUsed + delta.length > CHUNK) {
      this.#fields.push(new Array<unknown>(Math.max(CHUNK, delta.length)).fill(null));
      this.#fieldsUsed = 0;
    }
    const chunk = this.#fields[this.#fields.length - 1]!;
    const at = this.#fieldsUsed;
    for (let k = 0; k < delta.length; k++) chunk[at + k] = delta[k];
    this.#fieldsUsed += delta.length;
    this.#deltaAt[j] = (this.#fields.length - 1) * CHUNK + at;
    this.#deltaFields[j] = delta.length / 2;
    this.#newer[j] = newerIndex;
    this.#objects[j] = null;
  }

  /** The resourceVersion of entry `j`, from its run. */
  #resourceVersionAt(j: number): number {
    const runs = this.#runs;
    let lo = 0;
    let hi = runs.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (runs[mid]!.index <= j) lo = mid;
      else hi = mid - 1;
    }
    const run = runs[lo]!;
    return run.resourceVersion + (j - run.index);
  }

  /** Entry `j`'s version: `newer` with the fields of `j`'s reverse delta set back. */
  #rebuild(newer: KubeObject, j: number): KubeObject {
    const at = this.#deltaAt[j]!;
    const chunk = this.#fields[Math.floor(at / CHUNK)]!;
    const start = at % CHUNK;
    const end = start + this.#deltaFields[j]! * 2;
    const root = this.#paths.root;
    const metadata = this.#resourceVersionPath.parent!;
    const copies = new Map<FieldPath, Record<string | number, unknown>>();
    const copyOf = (path: FieldPath): Record<string | number, unknown> => {
      let copy = copies.get(path);
      if (copy) return copy;
      const original = path.parent ? copyOf(path.parent)[path.key] : newer;
      copy = (Array.isArray(original) ? original.slice() : { ...(original as object) }) as Record<
        string | number,
        unknown
      >;
      if (path.parent) copyOf(path.parent)[path.key] = copy;
      copies.set(path, copy);
      return copy;
    };
    let whole = false;
    for (let k = start; k < end; k += 2) {
      const path = chunk[k];
      if (path === root) return chunk[k + 1] as KubeObject; // the whole object differed
      if (path === metadata) whole = true;
    }
    // Unless the older metadata is kept whole, its resourceVersion is the one thing not kept.
    if (!whole) copyOf(metadata).resourceVersion = String(this.#resourceVersionAt(j));
    for (let k = start; k < end; k += 2) {
      const path = chunk[k] as FieldPath;
      const container = copyOf(path.parent!);
      const value = chunk[k + 1];
      container[path.key] = value instanceof Splice ? value.undo(container[path.key] as unknown[]) : value;
    }
    for (const copy of copies.values()) Object.freeze(copy);
    return copies.get(root) as unknown as KubeObject;
  }
}

/**
 * Appends to `out` the fields (path, older value) that turn `newer` back into `older`. It goes
 * into objects with the same keys in the same order and arrays of the same length, so setting the
 * fields in copies of the newer containers gives the older version with its key order; anything
 * else differing is one field holding the older value whole. Parts shared by both versions are
 * the same objects (the store shares unchanged parts), so identity ends the walk there.
 */
function diff(newer: unknown, older: unknown, path: FieldPath, out: unknown[], keys: string[]): void {
  if (isContainer(newer) && isContainer(older)) {
    if (Array.isArray(newer)) {
      if (Array.isArray(older)) {
        if (newer.length === older.length) {
          for (let i = 0; i < newer.length; i++)
            if (newer[i] !== older[i]) diff(newer[i], older[i], path.child(i), out, keys);
        } else out.push(path, Splice.between(newer, older));
        return;
      }
    } else if (!Array.isArray(older) && sameKeys(newer, older, keys)) {
      const a = newer as Record<string, unknown>;
      const b = older as Record<string, unknown>;
      for (const key in a) if (a[key] !== b[key]) diff(a[key], b[key], path.child(key), out, keys);
      return;
    }
  }
  out.push(path, older);
}

/** A copy of `array` with room for `size` elements. */
function grown<A extends Float64Array | Int32Array | Uint8Array>(array: A, size: number): A {
  const copy = new (array.constructor as new (length: number) => A)(size);
  copy.set(array as ArrayLike<number>);
  return copy;
}

/**
 * How an array of another length was: the newer array with the elements between its common
 * prefix and suffix (compared by identity) replaced by the older ones. An endpoint joining a
 * Service's EndpointSlice keeps one such record instead of the slice's older endpoint list.
 */
class Splice {
  private constructor(
    readonly start: number,
    /** How many of the newer array's elements the older ones replace. */
    readonly newerCount: number,
    readonly olderElements: readonly unknown[],
  ) {}

  static between(newer: readonly unknown[], older: readonly unknown[]): Splice {
    const shorter = Math.min(newer.length, older.length);
    let prefix = 0;
    while (prefix < shorter && newer[prefix] === older[prefix]) prefix++;
    let suffix = 0;
    while (suffix < shorter - prefix && newer[newer.length - 1 - suffix] === older[older.length - 1 - suffix])
      suffix++;
    return new Splice(
      prefix,
      newer.length - prefix - suffix,
      prefix + suffix === older.length ? NONE : older.slice(prefix, older.length - suffix),
    );
  }

  undo(newer: readonly unknown[]): unknown[] {
    const older = newer.slice(0, this.start);
    for (const element of this.olderElements) older.push(element);
    for (let i = this.start + this.newerCount; i < newer.length; i++) older.push(newer[i]);
    return Object.freeze(older) as unknown[];
  }
}

const NONE: readonly unknown[] = Object.freeze([]);

/** Arrays and plain objects, the containers a JSON-like object version is made of. */
function isContainer(value: unknown): value is object {
  return (
    typeof value === "object" &&
    value !== null &&
    (Array.isArray(value) || Object.getPrototypeOf(value) === Object.prototype)
  );
}

/** Whether two plain objects have the same own keys in the same order (`keys` is scratch space). */
function sameKeys(a: object, b: object, keys: string[]): boolean {
  let n = 0;
  for (const key in a) keys[n++] = key;
  let m = 0;
  for (const key in b) if (m >= n || keys[m++] !== key) return false;
  return m === n;
}
