import type { Taint, Toleration } from "kubernetes-types/core/v1.js";

/**
 * `Toleration.ToleratesTaint` (K8s staging/src/k8s.io/api/core/v1/toleration.go): an empty effect
 * matches every effect, an empty key (with `Exists`) every key; operator `Equal` (the default)
 * compares values, `Exists` ignores them.
 */
export function toleratesTaint(toleration: Toleration, taint: Taint): boolean {
  if (toleration.effect && toleration.effect !== taint.effect) return false;
  if (toleration.key && toleration.key !== taint.key) return false;
  switch (toleration.operator ?? "") {
    case "":
    case "Equal":
      return (toleration.value ?? "") === (taint.value ?? "");
    case "Exists":
      return true;
    default:
      return false;
  }
}

/**
 * `v1helper.FindMatchingUntoleratedTaint` with the TaintToleration filter's predicate: the first
 * `NoSchedule` or `NoExecute` taint of the node, in the node's order, that no toleration of the
 * pod tolerates.
 */
export function findUntoleratedTaint(
  taints: readonly Taint[],
  tolerations: readonly Toleration[],
): Taint | undefined {
  for (const taint of taints) {
    if (taint.effect !== "NoSchedule" && taint.effect !== "NoExecute") continue;
    if (!tolerations.some((t) => toleratesTaint(t, taint))) return taint;
  }
  return undefined;
}

/**
 * How many `PreferNoSchedule` taints of the node the pod does not tolerate, counting only
 * tolerations with that effect or no effect (TaintToleration's score,
 * `countIntolerableTaintsPreferNoSchedule`).
 */
export function countIntolerablePreferNoSchedule(
  taints: readonly Taint[],
  tolerations: readonly Toleration[],
): number {
  let count = 0;
  for (const taint of taints) {
    if (taint.effect !== "PreferNoSchedule") continue;
    const ok = tolerations.some(
      (t) => (!t.effect || t.effect === "PreferNoSchedule") && toleratesTaint(t, taint),
    );
    if (!ok) count++;
  }
  return count;
}
