/**
 * Controller references (K8s apimachinery `metav1.GetControllerOf`, `NewControllerRef`).
 *
 * @module
 */

import type { OwnerReference } from "kubernetes-types/meta/v1.js";
import type { KubeObject } from "../../api/KubeObject.js";

/** `metav1.GetControllerOf`: the owner reference with `controller: true`, if any. */
export function controllerRefOf(obj: KubeObject | undefined): OwnerReference | undefined {
  return obj?.metadata.ownerReferences?.find((r) => r.controller === true);
}

/** `metav1.NewControllerRef`: a reference to `owner` with `controller` and `blockOwnerDeletion` set. */
export function newControllerRef(owner: KubeObject): OwnerReference {
  return {
    apiVersion: owner.apiVersion,
    kind: owner.kind,
    name: owner.metadata.name ?? "",
    uid: owner.metadata.uid ?? "",
    controller: true,
    blockOwnerDeletion: true,
  };
}

/**
 * A one-to-many index from an owner's uid to the keys of the objects it controls, kept by a
 * controller from its watch events (the informer's controller-uid index in Kubernetes' controllers).
 * It lets a controller find the objects it owns that no longer match its selector without listing
 * the namespace.
 */
export class OwnerIndex {
  readonly #byOwner = new Map<string, Set<string>>();
  readonly #ownerOf = new Map<string, string>();

  /** Records that `key` is now controlled by `ownerUid` (or by nothing). */
  set(key: string, ownerUid: string | undefined): void {
    const old = this.#ownerOf.get(key);
    if (old === ownerUid) return;
    if (old !== undefined) {
      const set = this.#byOwner.get(old);
      set?.delete(key);
      if (set?.size === 0) this.#byOwner.delete(old);
      this.#ownerOf.delete(key);
    }
    if (ownerUid !== undefined) {
      this.#ownerOf.set(key, ownerUid);
      let set = this.#byOwner.get(ownerUid);
      if (!set) {
        set = new Set();
        this.#byOwner.set(ownerUid, set);
      }
      set.add(key);
    }
  }

  /** The keys controlled by `ownerUid`, sorted. */
  owned(ownerUid: string): string[] {
    return [...this.ownedUnordered(ownerUid)].sort();
  }

  /** The keys controlled by `ownerUid`, in no defined order (no copy; don't change the index while iterating). */
  ownedUnordered(ownerUid: string): ReadonlySet<string> {
    return this.#byOwner.get(ownerUid) ?? NONE;
  }
}

const NONE: ReadonlySet<string> = new Set();
