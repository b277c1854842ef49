import type { KubeObject, ObjectRef } from "../../api/KubeObject.js";
import type { DeleteOptions, Transaction } from "../../store/ObjectStore.js";

/** `metav1.DeletionPropagation`: what happens to an object's dependents when it is deleted. */
export type PropagationPolicy = "Background" | "Foreground" | "Orphan";

/** `metav1.FinalizerOrphanDependents`. */
export const FINALIZER_ORPHAN = "orphan";
/** `metav1.FinalizerDeleteDependents`. */
export const FINALIZER_FOREGROUND = "foregroundDeletion";

/**
 * Deletes an object with a propagation policy, as the API server's generic registry does
 * (K8s `staging/src/k8s.io/apiserver/pkg/registry/generic/registry/store.go`
 * `deletionFinalizersForGarbageCollection`): `Orphan` adds the `orphan` finalizer (and drops
 * `foregroundDeletion`), `Foreground` the reverse, `Background` drops both; the object then gets its
 * deletionTimestamp and waits for the garbage collector to remove the finalizer, or, with no
 * finalizer left, goes (or terminates gracefully, for a pod on a node). kubectl's
 * `--cascade=background|foreground|orphan` maps to these policies (background is the default).
 */
export function deleteWithPropagation(
  tx: Transaction,
  ref: ObjectRef,
  policy: PropagationPolicy = "Background",
  options: DeleteOptions = {},
): KubeObject {
  const obj = tx.get(ref.kind, ref.namespace, ref.name);
  if (obj && !obj.metadata.deletionTimestamp) {
    const before = obj.metadata.finalizers ?? [];
    let after = before.filter((f) => f !== FINALIZER_ORPHAN && f !== FINALIZER_FOREGROUND);
    if (policy === "Orphan") after = [...after, FINALIZER_ORPHAN];
    if (policy === "Foreground") after = [...after, FINALIZER_FOREGROUND];
    if (after.length !== before.length || after.some((f, i) => f !== before[i])) {
      tx.mutate(ref, (d) => {
        if (after.length > 0) d.metadata.finalizers = after;
        else delete d.metadata.finalizers;
      });
    }
  }
  return tx.delete(ref, options);
}
