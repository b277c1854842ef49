import { EventEmitter } from "eventemitter3";
import { type Draft, freeze, Immer, produce } from "immer";
import type { KubeObject, ObjectRef } from "../api/KubeObject.js";
import { refKey } from "../api/KubeObject.js";
import type { ResourceRegistry, ResourceType } from "../api/resources.js";
import { apiVersionOf } from "../api/resources.js";
import {
  newAlreadyExists,
  newConflict,
  newForbidden,
  newInvalid,
  newNotFound,
  OPTIMISTIC_LOCK_ERROR_MSG,
} from "../api/StatusError.js";
import type { NameGenerator } from "../engine/NameGenerator.js";
import { formatTimestamp } from "../engine/VirtualClock.js";
import type { Selector } from "../labels/selector.js";
import { selectorIndexPlan, selectorMatches } from "../labels/selector.js";
import { applyWrites, type StateWrite } from "./_internal/applyWrites.js";
import { EventLog } from "./_internal/EventLog.js";
import { Postings } from "./_internal/Postings.js";
import { shareUnchanged } from "./_internal/shareUnchanged.js";
import { LabelIndex } from "./LabelIndex.js";
import {
  emptyShardedMap,
  type Named,
  type ShardedMap,
  shardedMapGet,
  shardedMapValues,
} from "./ShardedMap.js";

/** The emitter channel of whole commits; kinds are capitalised, so it cannot clash with one. */
const COMMIT = "commit";

/** What happened to an object: the `type` of a Kubernetes watch event. */
export type WatchEventType = "ADDED" | "MODIFIED" | "DELETED";

/** One committed change of one object. */
export interface Change {
  readonly type: WatchEventType;
  /** The object after the change (for DELETED: its last state, with the deletion's resourceVersion). */
  readonly object: KubeObject;
  /** The object before the change (absent for ADDED). */
  readonly oldObject?: KubeObject;
}

/** One entry of the event log: a committed change with when it happened. Plain, serialisable data. */
export interface EventLogEntry {
  /** Position in the log, from 1. */
  readonly seq: number;
  /** Virtual time of the commit, in milliseconds since the epoch. */
  readonly timeMs: number;
  readonly type: WatchEventType;
  readonly object: KubeObject;
}

/**
 * The store's whole state: immutable, plain, serialisable data. Objects are grouped by kind,
 * then namespace ("" for cluster-scoped kinds), each level a {@link ShardedMap}, so a write
 * copies a few small nodes whatever the number of namespaces and objects.
 */
export interface StoreState {
  readonly resourceVersion: number;
  readonly kinds: { readonly [kind: string]: ShardedMap<NamespaceShard> };
}

/** One namespace's objects of one kind, keyed (as a {@link ShardedMap} entry) by the namespace. */
export interface NamespaceShard {
  readonly metadata: { readonly name: string };
  readonly objects: ShardedMap;
}

/**
 * The key of an object in an index made by {@link ObjectStore.addIndex}, or undefined to leave
 * it out (client-go's `cache.IndexFunc`, with one key per object).
 */
export type IndexFunc = (obj: KubeObject) => string | number | undefined;

/** An index of one kind's objects: per namespace, key -> names. Derived data, like the label index. */
interface StoreIndex {
  readonly kind: string;
  readonly keyOf: IndexFunc;
  readonly byNamespace: Map<string, Postings<string | number>>;
}

/** What a watch receives. */
export interface WatchFilter {
  readonly kind: string;
  /** Only objects in this namespace (omit for all namespaces). */
  readonly namespace?: string;
  /** Only objects whose labels match. An object that stops matching is reported as DELETED, one that starts as ADDED, as the API server's watch cache does. */
  readonly labelSelector?: Selector;
}

/** A watch event as delivered to a watcher. */
export interface WatchEvent {
  readonly type: WatchEventType;
  readonly object: KubeObject;
  readonly oldObject?: KubeObject;
}

/** Options of a list. */
export interface ListOptions {
  /** Only this namespace (omit for all namespaces). Ignored for cluster-scoped kinds. */
  readonly namespace?: string;
  readonly labelSelector?: Selector;
}

/** Options of a delete. */
export interface DeleteOptions {
  /** Grace period; defaults to the object's own (a pod's `terminationGracePeriodSeconds`). */
  readonly gracePeriodSeconds?: number;
}

/** What {@link ObjectStore} needs from its simulation. */
export interface StoreContext {
  readonly registry: ResourceRegistry;
  readonly names: NameGenerator;
  /** The current virtual time in milliseconds. */
  now(): number;
  /** {@link formatTimestamp}, possibly sharing strings (the simulation's clock does). */
  timestamp?(ms: number): string;
}

/**
 * A hook run inside the transaction before an object is written (an admission plugin):
 * it may throw a StatusError to refuse the write, and may return a changed object.
 */
export type AdmissionHook = (
  operation: "CREATE" | "UPDATE",
  object: KubeObject,
  oldObject: KubeObject | undefined,
  tx: Transaction,
) => KubeObject | undefined;

/**
 * A hook run inside the transaction when an object is finally removed (not when it is only
 * marked for deletion): the API server releases what the object held (ClusterIPs, node ports).
 */
export type DeleteHook = (object: KubeObject, tx: Transaction) => void;

/** The read side shared by the store and a transaction. */
export interface StoreReader {
  get(kind: string, namespace: string, name: string): KubeObject | undefined;
  list(kind: string, options?: ListOptions): KubeObject[];
}

/**
 * The API objects of one simulated cluster: an immutable state (cheap `snapshot()`,
 * `restore()`), writes through transactions committed together by path copying, Kubernetes'
 * object metadata rules (uid, resourceVersion, creationTimestamp, generation, generateName,
 * graceful deletion and finalizers), watches delivered after commit, a label index, and an
 * event log of every committed change.
 */
export class ObjectStore implements StoreReader {
  #state: StoreState = { resourceVersion: 0, kinds: {} };
  readonly #ctx: StoreContext;
  readonly #index = new LabelIndex();
  readonly #indexes = new Map<string, StoreIndex>();
  readonly #emitter = new EventEmitter();
  /** immer without auto-freeze, for mutate: the store freezes what it writes itself, once. */
  readonly #immer = new Immer({ autoFreeze: false });
  readonly #watchCounts = new Map<string, number>();
  readonly #hooks: AdmissionHook[] = [];
  readonly #deleteHooks: DeleteHook[] = [];
  readonly #log = new EventLog();
  readonly #keepLog: boolean;
  #tx: Transaction | undefined;

  constructor(ctx: StoreContext, options: { eventLog?: boolean } = {}) {
    this.#ctx = ctx;
    this.#keepLog = options.eventLog ?? true;
  }

  /** The resource type registry the store was built with. */
  get registry(): ResourceRegistry {
    return this.#ctx.registry;
  }

  /** The latest committed resourceVersion. */
  get resourceVersion(): number {
    return this.#state.resourceVersion;
  }

  /** Adds an admission hook, run in registration order on every create and update. */
  addAdmissionHook(hook: AdmissionHook): void {
    this.#hooks.push(hook);
  }

  /** Adds a delete hook, run in registration order when an object is removed. */
  addDeleteHook(hook: DeleteHook): void {
    this.#deleteHooks.push(hook);
  }

  /** The committed object, or undefined. */
  get(kind: string, namespace: string, name: string): KubeObject | undefined {
    const byNs = this.#state.kinds[kind];
    const shard = byNs && shardedMapGet(byNs, namespace);
    return shard ? shardedMapGet(shard.objects, name) : undefined;
  }

  /**
   * Adds a named index of one kind's objects (client-go's `AddIndexers`): `keyOf` gives each
   * object's key, and {@link byIndex} finds the objects with a key without scanning the kind.
   * It is built from the current state and kept up to date on every commit and restore.
   */
  addIndex(name: string, kind: string, keyOf: IndexFunc): void {
    if (this.#indexes.has(name)) throw new Error(`ObjectStore.addIndex: index "${name}" already exists`);
    const index: StoreIndex = { kind, keyOf, byNamespace: new Map() };
    this.#indexes.set(name, index);
    for (const obj of this.list(kind)) indexAdd(index, obj);
  }

  /** Committed objects of `namespace` whose key in index `name` is `key`, sorted by name (client-go's `ByIndex`). */
  byIndex(name: string, namespace: string, key: string | number): KubeObject[] {
    const index = this.#mustIndex(name);
    const out: KubeObject[] = [];
    for (const n of index.byNamespace.get(namespace)?.names(key) ?? []) {
      const obj = this.get(index.kind, namespace, n);
      if (obj) out.push(obj);
    }
    return out.sort(byName);
  }

  /** @internal The index `name` (throws if there is none). */
  _index(name: string): { readonly kind: string; readonly keyOf: IndexFunc } {
    return this.#mustIndex(name);
  }

  #mustIndex(name: string): StoreIndex {
    const index = this.#indexes.get(name);
    if (!index) throw new Error(`ObjectStore: no index "${name}" (see addIndex)`);
    return index;
  }

  /** Committed objects of a kind, sorted by namespace then name (the API server's list order). */
  list(kind: string, options: ListOptions = {}): KubeObject[] {
    const type = this.#ctx.registry.mustByKind(kind);
    const byNs = this.#state.kinds[kind] ?? emptyShardedMap<NamespaceShard>();
    const shards =
      type.namespaced && options.namespace !== undefined
        ? [shardedMapGet(byNs, options.namespace)]
        : shardedMapValues(byNs).sort(byName);
    const out: KubeObject[] = [];
    const selector = options.labelSelector;
    const plan = selector ? selectorIndexPlan(selector) : undefined;
    if (plan?.kind === "nothing") return out;
    for (const shard of shards) {
      if (!shard) continue;
      const ns = shard.metadata.name;
      const map = shard.objects;
      const candidates = plan ? this.#index.candidates(kind, ns, plan.lookups) : undefined;
      const objects: KubeObject[] = [];
      if (candidates) {
        for (const name of candidates) {
          const obj = shardedMapGet(map, name);
          if (obj) objects.push(obj);
        }
      } else {
        objects.push(...shardedMapValues(map));
      }
      // The index answers equality and `in` requirements exactly; only the rest need checking.
      const matching =
        selector && !(candidates && plan?.kind === "plan" && plan.residual.length === 0)
          ? objects.filter((o) => selectorMatches(selector, o.metadata.labels ?? {}))
          : objects;
      sortByName(matching);
      out.push(...matching);
    }
    return out;
  }

  /** Number of committed objects of a kind (all namespaces). */
  count(kind: string): number {
    let n = 0;
    for (const shard of shardedMapValues(this.#state.kinds[kind] ?? emptyShardedMap<NamespaceShard>()))
      n += shard.objects.size;
    return n;
  }

  /**
   * Runs `fn` as one transaction: its writes see each other, and are committed together
   * (one new state, each changed trie node copied once) when it returns, then watchers hear of
   * each change in order.
   * If `fn` throws, nothing is written. A transaction started inside another joins it.
   */
  transaction<T>(fn: (tx: Transaction) => T): T {
    if (this.#tx) return fn(this.#tx);
    const tx = new Transaction(
      this,
      this.#ctx,
      this.#immer,
      this.#hooks,
      this.#deleteHooks,
      this.#state.resourceVersion,
    );
    this.#tx = tx;
    let result: T;
    try {
      result = fn(tx);
    } finally {
      this.#tx = undefined;
    }
    this.#commit(tx);
    return result;
  }

  /** Creates an object (see {@link Transaction.create}). */
  create(obj: KubeObject): KubeObject {
    return this.transaction((tx) => tx.create(obj));
  }

  /** Updates an object (see {@link Transaction.update}). */
  update(obj: KubeObject): KubeObject {
    return this.transaction((tx) => tx.update(obj));
  }

  /** Updates an object's status (see {@link Transaction.updateStatus}). */
  updateStatus(obj: KubeObject): KubeObject {
    return this.transaction((tx) => tx.updateStatus(obj));
  }

  /** Changes an object through an immer recipe (see {@link Transaction.mutate}). */
  mutate(ref: ObjectRef, recipe: (draft: Draft<KubeObject>) => void): KubeObject {
    return this.transaction((tx) => tx.mutate(ref, recipe));
  }

  /** Deletes an object (see {@link Transaction.delete}). */
  delete(ref: ObjectRef, options?: DeleteOptions): KubeObject {
    return this.transaction((tx) => tx.delete(ref, options));
  }

  /**
   * Subscribes to changes matching `filter`, delivered after each commit, in commit order.
   * Returns a function that ends the watch. Only watchers of the changed kind are visited,
   * so a change costs in proportion to its kind's watchers, never to the number of objects.
   */
  watch(filter: WatchFilter, handler: (event: WatchEvent) => void): () => void {
    const listener = (change: Change) => {
      const event = filterEvent(filter, change);
      if (event) handler(event);
    };
    this.#emitter.on(filter.kind, listener);
    this.#watchCounts.set(filter.kind, (this.#watchCounts.get(filter.kind) ?? 0) + 1);
    return () => {
      this.#emitter.off(filter.kind, listener);
      this.#watchCounts.set(filter.kind, (this.#watchCounts.get(filter.kind) ?? 1) - 1);
    };
  }

  /** The immutable state as of the last commit; O(1). */
  snapshot(): StoreState {
    return this.#state;
  }

  /**
   * Replaces the state with an earlier snapshot (or one loaded from JSON). Watchers are not
   * told (a restore is not a change history); the event log is kept. Rebuilds the label index.
   */
  restore(state: StoreState): void {
    if (this.#tx) throw new Error("ObjectStore.restore: cannot restore inside a transaction");
    this.#state = freeze(state, true);
    this.#index.clear();
    for (const kind of Object.keys(state.kinds)) {
      for (const shard of shardedMapValues(state.kinds[kind]!)) {
        for (const obj of shardedMapValues(shard.objects))
          this.#index.add(kind, shard.metadata.name, obj.metadata.name!, obj.metadata.labels);
      }
    }
    for (const index of this.#indexes.values()) {
      index.byNamespace.clear();
      for (const obj of this.list(index.kind)) indexAdd(index, obj);
    }
  }

  /**
   * Calls `listener` after every commit with all of its changes, before watchers hear of them.
   * The simulation uses it for inspection events. Returns a function that unsubscribes.
   */
  onCommit(listener: (changes: readonly Change[]) => void): () => void {
    this.#emitter.on(COMMIT, listener);
    return () => this.#emitter.off(COMMIT, listener);
  }

  /**
   * Every committed change so far, in order (empty when the log is turned off). The entries are
   * built on each call (the log keeps them in columns), so read it once rather than per entry.
   */
  eventLog(): readonly EventLogEntry[] {
    return this.#log.entries();
  }

  #commit(tx: Transaction): void {
    const changes = tx._changes();
    if (changes.length === 0) return;
    this.#state = applyWrites(this.#state, tx._finalWrites().values(), tx._resourceVersion());
    const nowMs = this.#ctx.now();
    for (const change of changes) {
      const { object, oldObject } = change;
      const ns = object.metadata.namespace ?? "";
      const name = object.metadata.name!;
      const labelsChanged =
        change.type !== "MODIFIED" || !deepEqual(oldObject?.metadata.labels, object.metadata.labels);
      if (labelsChanged) {
        if (oldObject) this.#index.remove(object.kind, ns, name, oldObject.metadata.labels);
        if (change.type !== "DELETED") this.#index.add(object.kind, ns, name, object.metadata.labels);
      }
      for (const index of this.#indexes.values()) {
        if (index.kind !== object.kind) continue;
        if (oldObject) indexRemove(index, oldObject);
        if (change.type !== "DELETED") indexAdd(index, object);
      }
      if (this.#keepLog) this.#log.push(nowMs, change.type, object, oldObject);
    }
    this.#emitter.emit(COMMIT, changes);
    // Watchers hear of changes only now that the state has moved on: a handler that reads
    // the store sees the committed state, and one that writes starts a new transaction.
    for (const change of changes) {
      if (this.#watchCounts.get(change.object.kind)) this.#emitter.emit(change.object.kind, change);
    }
  }
}

/**
 * A set of writes in progress. Reads see the transaction's own writes; nothing is visible to
 * others until the store commits it.
 */
export class Transaction implements StoreReader {
  readonly #store: ObjectStore;
  readonly #ctx: StoreContext;
  readonly #immer: Immer;
  readonly #hooks: readonly AdmissionHook[];
  readonly #deleteHooks: readonly DeleteHook[];
  /** The latest write of each object, by {@link refKey}. */
  readonly #writes = new Map<string, StateWrite>();
  /** The names in {@link #writes}: a read checks it before building a key (most reads miss it). */
  readonly #writtenNames = new Set<string>();
  readonly #changes: Change[] = [];
  #rv: number;

  /** @internal Created by {@link ObjectStore.transaction}. */
  constructor(
    store: ObjectStore,
    ctx: StoreContext,
    immer: Immer,
    hooks: readonly AdmissionHook[],
    deleteHooks: readonly DeleteHook[],
    resourceVersion: number,
  ) {
    this.#store = store;
    this.#ctx = ctx;
    this.#immer = immer;
    this.#hooks = hooks;
    this.#deleteHooks = deleteHooks;
    this.#rv = resourceVersion;
  }

  /**
   * `ms` as an RFC 3339 timestamp (`2024-01-01T00:00:00Z`), as {@link formatTimestamp} writes
   * it; in a simulation, the instants of one second share one string (see
   * `VirtualClock.timestamp`). Controllers stamp conditions and events with it.
   */
  timestamp(ms: number): string {
    return this.#ctx.timestamp ? this.#ctx.timestamp(ms) : formatTimestamp(ms);
  }

  get(kind: string, namespace: string, name: string): KubeObject | undefined {
    const w = this.#writtenNames.has(name) ? this.#writes.get(refKey({ kind, namespace, name })) : undefined;
    return w ? w.object : this.#store.get(kind, namespace, name);
  }

  list(kind: string, options: ListOptions = {}): KubeObject[] {
    const base = this.#store.list(kind, options);
    if (this.#writes.size === 0) return base;
    const byKey = new Map(
      base.map((o) => [refKey({ kind, namespace: o.metadata.namespace ?? "", name: o.metadata.name! }), o]),
    );
    for (const [key, ref] of this.#writes) {
      const object = ref.object;
      if (ref.kind !== kind) continue;
      if (options.namespace !== undefined && ref.namespace !== options.namespace && ref.namespace !== "")
        continue;
      byKey.delete(key);
      if (
        object &&
        (!options.labelSelector || selectorMatches(options.labelSelector, object.metadata.labels ?? {}))
      ) {
        byKey.set(key, object);
      }
    }
    return [...byKey.values()].sort(byNamespaceThenName);
  }

  /** {@link ObjectStore.byIndex}, seeing this transaction's own writes. */
  byIndex(name: string, namespace: string, key: string | number): KubeObject[] {
    const base = this.#store.byIndex(name, namespace, key);
    if (this.#writes.size === 0) return base;
    const { kind, keyOf } = this.#store._index(name);
    const objects = new Map(base.map((o) => [o.metadata.name!, o]));
    for (const ref of this.#writes.values()) {
      if (ref.kind !== kind || ref.namespace !== namespace) continue;
      objects.delete(ref.name);
      if (ref.object && keyOf(ref.object) === key) objects.set(ref.name, ref.object);
    }
    return [...objects.values()].sort(byName);
  }

  /**
   * Creates an object as the API server does: fills in the namespace (`default` when a
   * namespaced object has none), the name from `generateName`, uid, resourceVersion,
   * creationTimestamp and (for kinds that track it) generation; refuses a taken name
   * (AlreadyExists) and a missing name (Invalid).
   */
  create(input: KubeObject): KubeObject {
    const type = this.#typeOf(input);
    const meta = { ...input.metadata };
    if (type.namespaced) meta.namespace ??= "default";
    else delete meta.namespace;
    if (!meta.name) {
      if (!meta.generateName) {
        throw newInvalid(type, "", [
          {
            reason: "FieldValueRequired",
            field: "metadata.name",
            message: "Required value: name or generateName is required",
          },
        ]);
      }
      do meta.name = this.#ctx.names.generateName(meta.generateName);
      while (this.get(type.kind, meta.namespace ?? "", meta.name));
    }
    const ns = meta.namespace ?? "";
    if (this.get(type.kind, ns, meta.name)) throw newAlreadyExists(type, meta.name);
    meta.uid = this.#ctx.names.uid();
    meta.creationTimestamp = this.timestamp(this.#ctx.now());
    delete meta.deletionTimestamp;
    delete meta.deletionGracePeriodSeconds;
    if (type.tracksGeneration) meta.generation = 1;
    else delete meta.generation;
    let obj: KubeObject = { ...input, apiVersion: input.apiVersion || apiVersionOf(type), metadata: meta };
    for (const hook of this.#hooks) obj = hook("CREATE", obj, undefined, this) ?? obj;
    return this.#write("ADDED", obj, undefined);
  }

  /**
   * Replaces an object as a client update does. A resourceVersion in `input` must match the
   * stored one (else Conflict); uid, creationTimestamp and deletion fields are kept; for kinds
   * with a status subresource the stored status is kept. An update that changes nothing
   * writes nothing and keeps the resourceVersion, as the API server does.
   */
  update(input: KubeObject): KubeObject {
    const type = this.#typeOf(input);
    const old = this.#mustGet(type, input.metadata.namespace, input.metadata.name);
    let obj: KubeObject = { ...input };
    if (type.hasStatus) {
      if (old.status === undefined) delete obj.status;
      else obj.status = old.status;
    }
    obj = this.#carryOver(type, old, obj);
    for (const hook of this.#hooks) obj = hook("UPDATE", obj, old, this) ?? obj;
    return this.#writeUpdate(type, old, obj);
  }

  /** Writes only the status of an object (the status subresource): everything else stays as stored. */
  updateStatus(input: KubeObject): KubeObject {
    const type = this.#typeOf(input);
    const old = this.#mustGet(type, input.metadata.namespace, input.metadata.name);
    const obj = this.#carryOver(type, old, {
      ...old,
      status: input.status,
      metadata: { ...old.metadata, resourceVersion: input.metadata.resourceVersion },
    });
    return this.#writeUpdate(type, old, obj);
  }

  /**
   * Changes an object through an immer recipe on its current state (controllers' way to write).
   * Any field may change; metadata identity fields are kept.
   */
  mutate(ref: ObjectRef, recipe: (draft: Draft<KubeObject>) => void): KubeObject {
    const type = this.#ctx.registry.mustByKind(ref.kind);
    const old = this.#mustGet(type, ref.namespace, ref.name);
    // The store's immer does not freeze: #write freezes once, after stamping.
    const next = this.#immer.produce(old, (draft) => recipe(draft) as KubeObject | undefined);
    if (next === old) return old;
    return this.#writeUpdate(type, old, this.#carryOver(type, old, next));
  }

  /**
   * Deletes an object as the API server does. Objects with finalizers (or a namespace with
   * `spec.finalizers`) only get a deletionTimestamp and are removed once their finalizers are
   * gone. A pod bound to a node is deleted gracefully: it gets `deletionTimestamp = now + grace`
   * and stays until its kubelet removes it (or a delete with grace 0); an unscheduled or finished
   * pod goes at once (K8s pkg/registry/core/pod/strategy.go `CheckGracefulDelete`).
   */
  delete(ref: ObjectRef, options: DeleteOptions = {}): KubeObject {
    const type = this.#ctx.registry.mustByKind(ref.kind);
    const old = this.#mustGet(type, ref.namespace, ref.name);
    const grace = gracePeriodFor(old, options.gracePeriodSeconds);
    const blocked = hasFinalizers(old);
    if (!blocked && grace === 0) return this.#remove(old);
    if (old.metadata.deletionTimestamp) {
      // Already terminating: a delete with a shorter grace period brings the deadline forward.
      if (blocked || grace >= (old.metadata.deletionGracePeriodSeconds ?? 0)) return old;
    }
    const obj = produce(old, (d) => {
      d.metadata.deletionTimestamp = this.timestamp(this.#ctx.now() + grace * 1000);
      d.metadata.deletionGracePeriodSeconds = grace;
      if (d.kind === "Namespace") (d as { status?: { phase?: string } }).status = { phase: "Terminating" };
    });
    return this.#writeUpdate(type, old, obj);
  }

  /** The resource type of a kind (throws for an unknown kind). */
  registryType(kind: string): ResourceType {
    return this.#ctx.registry.mustByKind(kind);
  }

  /** Every registered resource type. */
  registryTypes(): readonly ResourceType[] {
    return this.#ctx.registry.all();
  }

  /** @internal */
  _changes(): readonly Change[] {
    return this.#changes;
  }

  /** @internal */
  _finalWrites(): ReadonlyMap<string, StateWrite> {
    return this.#writes;
  }

  /** @internal */
  _resourceVersion(): number {
    return this.#rv;
  }

  #typeOf(obj: KubeObject): ResourceType {
    const type = this.#ctx.registry.byKind(obj.kind);
    if (!type) throw new Error(`ObjectStore: no resource type for kind ${JSON.stringify(obj.kind)}`);
    return type;
  }

  #mustGet(type: ResourceType, namespace: string | undefined, name: string | undefined): KubeObject {
    const ns = type.namespaced ? (namespace ?? "default") : "";
    const obj = name ? this.get(type.kind, ns, name) : undefined;
    if (!obj) throw newNotFound(type, name ?? "");
    return obj;
  }

  /**
   * Keeps what a client cannot change, and checks optimistic concurrency. Returns a copy of the
   * top level and metadata; the rest is `obj`'s.
   */
  #carryOver(type: ResourceType, old: KubeObject, obj: KubeObject): KubeObject {
    const rv = obj.metadata.resourceVersion;
    if (rv !== undefined && rv !== "" && rv !== old.metadata.resourceVersion) {
      throw newConflict(type, old.metadata.name!, OPTIMISTIC_LOCK_ERROR_MSG);
    }
    // Assigning in place keeps the key order a spread with these keys last would give.
    const meta: Writable<KubeObject["metadata"]> = { ...obj.metadata };
    meta.name = old.metadata.name;
    meta.uid = old.metadata.uid;
    meta.creationTimestamp = old.metadata.creationTimestamp;
    meta.resourceVersion = old.metadata.resourceVersion;
    meta.generation = old.metadata.generation;
    if (type.namespaced) meta.namespace = old.metadata.namespace;
    if (old.metadata.deletionTimestamp) {
      meta.deletionTimestamp = old.metadata.deletionTimestamp;
      meta.deletionGracePeriodSeconds = old.metadata.deletionGracePeriodSeconds;
    }
    if (meta.generation === undefined) delete meta.generation;
    return { ...obj, metadata: meta };
  }

  #writeUpdate(type: ResourceType, old: KubeObject, obj: KubeObject): KubeObject {
    if (deepEqual(old, obj)) return old;
    obj = shareUnchanged(obj, old);
    if (old.metadata.deletionTimestamp && !hasFinalizers(obj) && hasFinalizers(old)) {
      // The last finalizer is gone: the object is finally deleted.
      return this.#remove(obj);
    }
    if (type.tracksGeneration && specChanged(old, obj)) {
      const generation = (old.metadata.generation ?? 0) + 1;
      obj = { ...obj, metadata: { ...obj.metadata, generation } };
    }
    return this.#write("MODIFIED", obj, old);
  }

  #remove(obj: KubeObject): KubeObject {
    const type = this.#ctx.registry.mustByKind(obj.kind);
    if (type.kind === "Namespace") this.#assertNamespaceEmpty(obj.metadata.name!);
    this.#rv++;
    const last = freeze({ ...obj, metadata: { ...obj.metadata, resourceVersion: String(this.#rv) } }, true);
    const write = {
      kind: obj.kind,
      namespace: obj.metadata.namespace ?? "",
      name: obj.metadata.name!,
      object: undefined,
    };
    this.#writes.set(refKey(write), write);
    this.#writtenNames.add(write.name);
    this.#changes.push({ type: "DELETED", object: last, oldObject: obj });
    for (const hook of this.#deleteHooks) hook(obj, this);
    return last;
  }

  #assertNamespaceEmpty(name: string): void {
    for (const t of this.#ctx.registry.all()) {
      if (t.namespaced && this.list(t.kind, { namespace: name }).length > 0) {
        throw newForbidden(this.#ctx.registry.mustByKind("Namespace"), name, "namespace still has content");
      }
    }
  }

  /**
   * Stamps the new resourceVersion and records the write. The top level and metadata are
   * copied with the stamp written in the copy's literal, never assigned afterwards: an object
   * changed in place after a spread copy drifts onto a V8 hidden class of its own, about 400
   * bytes of class metadata for each version the event log keeps.
   */
  #write(type: "ADDED" | "MODIFIED", obj: KubeObject, old: KubeObject | undefined): KubeObject {
    this.#rv++;
    const stored: KubeObject = { ...obj, metadata: { ...obj.metadata, resourceVersion: String(this.#rv) } };
    // Deep, but it stops at what is frozen already: the parts shared with the old version.
    freeze(stored, true);
    const write = {
      kind: stored.kind,
      namespace: stored.metadata.namespace ?? "",
      name: stored.metadata.name!,
      object: stored,
    };
    this.#writes.set(refKey(write), write);
    this.#writtenNames.add(write.name);
    this.#changes.push(old ? { type, object: stored, oldObject: old } : { type, object: stored });
    return stored;
  }
}

/** `T` with its own properties writable (for objects the store has just copied). */
type Writable<T> = { -readonly [K in keyof T]: T[K] };

function filterEvent(filter: WatchFilter, change: Change): WatchEvent | undefined {
  const { object, oldObject } = change;
  if (filter.namespace !== undefined && (object.metadata.namespace ?? "") !== filter.namespace)
    return undefined;
  const selector = filter.labelSelector;
  if (!selector) return change;
  const now = change.type !== "DELETED" && selectorMatches(selector, object.metadata.labels ?? {});
  const before = oldObject !== undefined && selectorMatches(selector, oldObject.metadata.labels ?? {});
  if (change.type === "DELETED") return before ? change : undefined;
  if (now && before) return change;
  if (now) return { type: "ADDED", object };
  if (before) return { type: "DELETED", object, oldObject };
  return undefined;
}

function gracePeriodFor(obj: KubeObject, requested: number | undefined): number {
  if (obj.kind !== "Pod") return 0;
  const spec = obj.spec as { nodeName?: string; terminationGracePeriodSeconds?: number } | undefined;
  const phase = (obj.status as { phase?: string } | undefined)?.phase;
  if (!spec?.nodeName || phase === "Succeeded" || phase === "Failed") return 0;
  return Math.max(0, requested ?? spec.terminationGracePeriodSeconds ?? 30);
}

function hasFinalizers(obj: KubeObject): boolean {
  if ((obj.metadata.finalizers?.length ?? 0) > 0) return true;
  return (
    obj.kind === "Namespace" &&
    ((obj.spec as { finalizers?: string[] } | undefined)?.finalizers?.length ?? 0) > 0
  );
}

function specChanged(a: KubeObject, b: KubeObject): boolean {
  for (const key of Object.keys(a)) {
    if (key !== "metadata" && key !== "status" && !deepEqual(a[key], b[key])) return true;
  }
  for (const key of Object.keys(b)) {
    if (key !== "metadata" && key !== "status" && !Object.hasOwn(a, key) && !deepEqual(a[key], b[key]))
      return true;
  }
  return false;
}

/** Structural equality of JSON-like values. */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    if (a.length !== bb.length) return false;
    for (let i = 0; i < a.length; i++) if (!deepEqual(a[i], bb[i])) return false;
    return true;
  }
  // Keys holding undefined count as absent (as in JSON). Counting instead of filtering key lists,
  // and `for...in` (V8 walks its cached key list) instead of `Object.keys` (a new array each
  // call), keep this free of allocations: it runs on every update. Stored objects are plain
  // data, so `for...in` sees exactly their own keys.
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  let defined = 0;
  for (const k in ao) {
    const v = ao[k];
    if (v === undefined) continue;
    defined++;
    if (!deepEqual(v, bo[k])) return false;
  }
  for (const k in bo) if (bo[k] !== undefined) defined--;
  return defined === 0;
}

function indexAdd(index: StoreIndex, obj: KubeObject): void {
  const key = index.keyOf(obj);
  if (key === undefined) return;
  const ns = obj.metadata.namespace ?? "";
  let postings = index.byNamespace.get(ns);
  if (!postings) {
    postings = new Postings();
    index.byNamespace.set(ns, postings);
  }
  postings.add(key, obj.metadata.name!);
}

function indexRemove(index: StoreIndex, obj: KubeObject): void {
  const key = index.keyOf(obj);
  if (key === undefined) return;
  index.byNamespace.get(obj.metadata.namespace ?? "")?.remove(key, obj.metadata.name!);
}

function byName(a: Named, b: Named): number {
  const x = a.metadata.name!;
  const y = b.metadata.name!;
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * Sorts by name in place. A list by label is usually a controller's few pods, read on every
 * sync: insertion sort leaves no garbage behind, where `Array.prototype.sort` copies the array.
 */
function sortByName(objects: KubeObject[]): void {
  if (objects.length > 32) {
    objects.sort(byName);
    return;
  }
  for (let i = 1; i < objects.length; i++) {
    const o = objects[i]!;
    let j = i - 1;
    while (j >= 0 && byName(objects[j]!, o) > 0) {
      objects[j + 1] = objects[j]!;
      j--;
    }
    objects[j + 1] = o;
  }
}

function byNamespaceThenName(a: KubeObject, b: KubeObject): number {
  const x = a.metadata.namespace ?? "";
  const y = b.metadata.namespace ?? "";
  return x < y ? -1 : x > y ? 1 : byName(a, b);
}
