import type { OwnerReference } from "kubernetes-types/meta/v1.js";
import type { KubeObject, ObjectRef } from "../../api/KubeObject.js";
import { BUILTIN_RESOURCE_TYPES } from "../../api/resources.js";
import type { Controller } from "../../controller/Controller.js";
import { deepEqual, type Transaction, type WatchEvent } from "../../store/ObjectStore.js";
import { deleteWithPropagation, FINALIZER_FOREGROUND, FINALIZER_ORPHAN } from "./deleteWithPropagation.js";

/** The controller's name (kube-controller-manager's `garbage-collector-controller`). */
export const GARBAGE_COLLECTOR_CONTROLLER = "garbage-collector-controller";

/** Options of {@link garbageCollectorController}. */
export interface GarbageCollectorOptions {
  /**
   * The kinds the collector watches, as owners and as dependents. Default: every built-in kind but
   * `Event` (events have no owners, and watching them would only add work to every event written).
   */
  readonly kinds?: readonly string[];
}

/** An owner as a dependent's ownerReference names it. */
interface OwnerEntry {
  readonly uid: string;
  /** `kind/namespace/name` of the owner, resolved from the reference and the dependent's namespace. */
  readonly key: string;
}

/**
 * The garbage collector of kube-controller-manager (K8s `pkg/controller/garbagecollector`):
 *
 * - an object all of whose owners are gone (no object with the ownerReference's kind and name,
 *   or one with another uid) is deleted, with the propagation its own finalizers ask for
 *   (background by default); one with an owner left only loses its references to the gone owners
 *   and to owners being deleted in the foreground;
 * - an owner deleted with `propagationPolicy: Orphan` (finalizer `orphan`) has the ownerReferences
 *   to it removed from its dependents, then the finalizer removed;
 * - an owner deleted with `propagationPolicy: Foreground` (finalizer `foregroundDeletion`) has
 *   its dependents deleted first, and goes once no dependent with `blockOwnerDeletion: true` is
 *   left.
 *
 * Reconcile keys are `kind/namespace/name` (`attemptToDelete` and `attemptToOrphan` of the real
 * collector, decided from the object's state).
 *
 * Derived in-memory state, fed by its watches (the real collector's dependency graph, reduced to
 * what is needed): owner uid -> dependents, and dependent -> owners. A change costs the object's
 * own references, never a scan: deleting an owner looks up its dependents by uid.
 */
export function garbageCollectorController(options: GarbageCollectorOptions = {}): Controller {
  const kinds = options.kinds ?? BUILTIN_RESOURCE_TYPES.map((t) => t.kind).filter((k) => k !== "Event");
  const namespacedKind = new Map(BUILTIN_RESOURCE_TYPES.map((t) => [t.kind, t.namespaced]));
  /** owner uid -> `kind/namespace/name` of its dependents. */
  const dependentsOf = new Map<string, Set<string>>();
  /** dependent `kind/namespace/name` -> its owners. */
  const ownersOf = new Map<string, OwnerEntry[]>();

  const observe = (event: WatchEvent): string[] => {
    const obj = event.object;
    // Most changes are status updates: the same ownerReferences (the store shares unchanged
    // parts, so the same array), no deletion under way. They change nothing followed here.
    const refs = obj.metadata.ownerReferences;
    if (
      event.type === "MODIFIED" &&
      !obj.metadata.deletionTimestamp &&
      event.oldObject?.metadata.ownerReferences === refs &&
      (refs === undefined || ownersOf.has(keyOf(obj)))
    )
      return [];
    const key = keyOf(obj);
    const keys = new Set<string>();
    const oldOwners = ownersOf.get(key) ?? [];
    const newOwners =
      event.type === "DELETED"
        ? []
        : (obj.metadata.ownerReferences ?? []).map((r) => ({ uid: r.uid, key: ownerKey(r, obj) }));
    if (!sameOwners(oldOwners, newOwners)) {
      for (const o of oldOwners) {
        const set = dependentsOf.get(o.uid);
        set?.delete(key);
        if (set?.size === 0) dependentsOf.delete(o.uid);
        // An owner deleting its dependents in the foreground may be waiting for this one.
        keys.add(o.key);
      }
      for (const o of newOwners) {
        const set = dependentsOf.get(o.uid) ?? new Set<string>();
        dependentsOf.set(o.uid, set);
        set.add(key);
      }
      if (newOwners.length > 0) ownersOf.set(key, newOwners);
      else ownersOf.delete(key);
      // A new or changed set of owners: are they all there?
      if (newOwners.length > 0) keys.add(key);
    } else if (
      event.type === "MODIFIED" &&
      !deepEqual(event.oldObject?.metadata.ownerReferences, obj.metadata.ownerReferences)
    ) {
      // Same owners, but `blockOwnerDeletion` may have changed: a foreground-deleting owner may go now.
      for (const o of newOwners) keys.add(o.key);
    }
    const uid = obj.metadata.uid ?? "";
    const dependents = dependentsOf.get(uid);
    if (event.type === "DELETED") {
      // The owner is gone: its dependents lose an owner.
      for (const d of dependents ?? []) keys.add(d);
    } else if (obj.metadata.deletionTimestamp && finalizersChanged(event)) {
      const finalizers = obj.metadata.finalizers ?? [];
      if (finalizers.includes(FINALIZER_ORPHAN)) keys.add(key);
      if (finalizers.includes(FINALIZER_FOREGROUND)) {
        keys.add(key);
        for (const d of dependents ?? []) keys.add(d);
      }
    }
    return [...keys].sort();
  };

  return {
    name: GARBAGE_COLLECTOR_CONTROLLER,
    watches: kinds.map((kind) => ({ filter: { kind }, keys: observe })),
    reconcile(key, { tx }) {
      const ref = refOfKey(key);
      const obj = tx.get(ref.kind, ref.namespace, ref.name);
      if (!obj) return undefined;
      const finalizers = obj.metadata.finalizers ?? [];
      if (obj.metadata.deletionTimestamp) {
        if (finalizers.includes(FINALIZER_ORPHAN)) orphanDependents(tx, obj, ref);
        else if (finalizers.includes(FINALIZER_FOREGROUND)) processDeletingDependents(tx, obj, ref);
        // Being deleted (and not waiting for its dependents): nothing to do (`attemptToDeleteItem`).
        return undefined;
      }
      attemptToDelete(tx, obj, ref);
      return undefined;
    },
  };

  /** `attemptToDeleteItem` for an object that is not being deleted. */
  function attemptToDelete(tx: Transaction, obj: KubeObject, ref: ObjectRef): void {
    const refs = obj.metadata.ownerReferences ?? [];
    if (refs.length === 0) return;
    const solid: OwnerReference[] = [];
    const gone: OwnerReference[] = [];
    const waiting: OwnerReference[] = [];
    for (const r of refs) {
      const owner = lookupOwner(tx, r, obj);
      if (owner === "unknown") solid.push(r);
      else if (!owner || owner.metadata.uid !== r.uid) gone.push(r);
      else if (owner.metadata.deletionTimestamp && owner.metadata.finalizers?.includes(FINALIZER_FOREGROUND))
        waiting.push(r);
      else solid.push(r);
    }
    if (solid.length > 0) {
      if (gone.length === 0 && waiting.length === 0) return;
      // Some owner remains: only the references to gone and foreground-deleting owners are dropped.
      const drop = new Set([...gone, ...waiting].map((r) => r.uid));
      tx.mutate(ref, (d) => {
        d.metadata.ownerReferences = (d.metadata.ownerReferences ?? []).filter((r) => !drop.has(r.uid));
      });
      return;
    }
    const finalizers = obj.metadata.finalizers ?? [];
    if (waiting.length > 0 && (dependentsOf.get(obj.metadata.uid ?? "")?.size ?? 0) > 0) {
      // Its own dependents must go first; unblock the waiting owners so that they need not wait for them.
      const unblock = new Set(waiting.filter((r) => r.blockOwnerDeletion).map((r) => r.uid));
      if (unblock.size > 0) {
        tx.mutate(ref, (d) => {
          for (const r of d.metadata.ownerReferences ?? [])
            if (unblock.has(r.uid)) r.blockOwnerDeletion = false;
        });
      }
      deleteWithPropagation(tx, ref, "Foreground");
      return;
    }
    const policy = finalizers.includes(FINALIZER_ORPHAN)
      ? "Orphan"
      : finalizers.includes(FINALIZER_FOREGROUND)
        ? "Foreground"
        : "Background";
    deleteWithPropagation(tx, ref, policy);
  }

  /** `orphanDependents` + removing the `orphan` finalizer. */
  function orphanDependents(tx: Transaction, owner: KubeObject, ref: ObjectRef): void {
    const uid = owner.metadata.uid ?? "";
    for (const depKey of [...(dependentsOf.get(uid) ?? [])].sort()) {
      const dep = refOfKey(depKey);
      const obj = tx.get(dep.kind, dep.namespace, dep.name);
      if (!obj?.metadata.ownerReferences?.some((r) => r.uid === uid)) continue;
      tx.mutate(dep, (d) => {
        const rest = (d.metadata.ownerReferences ?? []).filter((r) => r.uid !== uid);
        if (rest.length > 0) d.metadata.ownerReferences = rest;
        else delete d.metadata.ownerReferences;
      });
    }
    removeFinalizer(tx, ref, FINALIZER_ORPHAN);
  }

  /** `processDeletingDependentsItem`: the owner goes once no blocking dependent is left. */
  function processDeletingDependents(tx: Transaction, owner: KubeObject, ref: ObjectRef): void {
    const uid = owner.metadata.uid ?? "";
    for (const depKey of dependentsOf.get(uid) ?? []) {
      const dep = refOfKey(depKey);
      const obj = tx.get(dep.kind, dep.namespace, dep.name);
      if (obj?.metadata.ownerReferences?.some((r) => r.uid === uid && r.blockOwnerDeletion)) return;
    }
    removeFinalizer(tx, ref, FINALIZER_FOREGROUND);
  }

  function removeFinalizer(tx: Transaction, ref: ObjectRef, finalizer: string): void {
    tx.mutate(ref, (d) => {
      const rest = (d.metadata.finalizers ?? []).filter((f) => f !== finalizer);
      if (rest.length > 0) d.metadata.finalizers = rest;
      else delete d.metadata.finalizers;
    });
  }

  /** `kind/namespace/name` of the owner a reference names: in the dependent's namespace, or cluster-scoped. */
  function ownerKey(r: OwnerReference, dependent: KubeObject): string {
    const namespaced = namespacedKind.get(r.kind) ?? true;
    return `${r.kind}/${namespaced ? (dependent.metadata.namespace ?? "") : ""}/${r.name}`;
  }

  /** The owner a reference names, undefined when absent, `"unknown"` for a kind the API does not serve. */
  function lookupOwner(
    tx: Transaction,
    r: OwnerReference,
    dependent: KubeObject,
  ): KubeObject | undefined | "unknown" {
    const type = tx.registryTypes().find((t) => t.kind === r.kind);
    const group = r.apiVersion.includes("/") ? r.apiVersion.slice(0, r.apiVersion.indexOf("/")) : "";
    // An unresolvable kind is left alone, as the real collector retries without deleting.
    if (!type || type.group !== group) return "unknown";
    // A namespaced owner of a cluster-scoped dependent cannot exist (`OwnerRefInvalidNamespace`).
    if (type.namespaced && !dependent.metadata.namespace) return undefined;
    return tx.get(r.kind, type.namespaced ? dependent.metadata.namespace! : "", r.name);
  }
}

function keyOf(obj: KubeObject): string {
  return `${obj.kind}/${obj.metadata.namespace ?? ""}/${obj.metadata.name ?? ""}`;
}

function refOfKey(key: string): ObjectRef {
  const a = key.indexOf("/");
  const b = key.indexOf("/", a + 1);
  return { kind: key.slice(0, a), namespace: key.slice(a + 1, b), name: key.slice(b + 1) };
}

function sameOwners(a: readonly OwnerEntry[], b: readonly OwnerEntry[]): boolean {
  return a.length === b.length && a.every((o, i) => o.uid === b[i]!.uid && o.key === b[i]!.key);
}

function finalizersChanged(event: WatchEvent): boolean {
  const before = event.oldObject;
  if (!before) return true;
  if (!before.metadata.deletionTimestamp) return true;
  const x = before.metadata.finalizers ?? [];
  const y = event.object.metadata.finalizers ?? [];
  return x.length !== y.length || x.some((f, i) => f !== y[i]);
}
