/**
 * Taint and toleration helpers shared by the node lifecycle and taint eviction controllers
 * (K8s `staging/src/k8s.io/api/core/v1/toleration.go`, `pkg/apis/core/v1/helper/helpers.go`,
 * `pkg/util/taints/taints.go`).
 *
 * @module
 */

import type { Taint, Toleration } from "kubernetes-types/core/v1.js";
import { toleratesTaint } from "../scheduler/taints.js";

export {
  TAINT_NODE_NOT_READY,
  TAINT_NODE_UNREACHABLE,
} from "../../apis/pod/admitDefaultTolerationSeconds.js";

/** `v1.TaintNodeUnschedulable`: what `kubectl cordon` turns into, through the node lifecycle controller. */
export const TAINT_NODE_UNSCHEDULABLE = "node.kubernetes.io/unschedulable";
/** `v1.TaintNodeMemoryPressure`. */
export const TAINT_NODE_MEMORY_PRESSURE = "node.kubernetes.io/memory-pressure";
/** `v1.TaintNodeDiskPressure`. */
export const TAINT_NODE_DISK_PRESSURE = "node.kubernetes.io/disk-pressure";
/** `v1.TaintNodePIDPressure`. */
export const TAINT_NODE_PID_PRESSURE = "node.kubernetes.io/pid-pressure";
/** `v1.TaintNodeNetworkUnavailable`. */
export const TAINT_NODE_NETWORK_UNAVAILABLE = "node.kubernetes.io/network-unavailable";

/**
 * `v1helper.GetMatchingTolerations`: whether every taint is tolerated, and the tolerations that
 * matched (for each taint, the first toleration that tolerates it).
 */
export function getMatchingTolerations(
  taints: readonly Taint[],
  tolerations: readonly Toleration[],
): { allTolerated: boolean; used: Toleration[] } {
  if (taints.length === 0) return { allTolerated: true, used: [] };
  if (tolerations.length === 0) return { allTolerated: false, used: [] };
  const used: Toleration[] = [];
  for (const taint of taints) {
    const match = tolerations.find((t) => toleratesTaint(t, taint));
    if (!match) return { allTolerated: false, used: [] };
    used.push(match);
  }
  return { allTolerated: true, used };
}

/**
 * The taint eviction controller's `getMinTolerationTime` in milliseconds: the smallest
 * `tolerationSeconds` of the used tolerations (0 when one is zero or negative, or when there are
 * none), or -1 when none is bounded, which means "tolerate forever".
 */
export function minTolerationMs(tolerations: readonly Toleration[]): number {
  if (tolerations.length === 0) return 0;
  let min = Number.POSITIVE_INFINITY;
  for (const t of tolerations) {
    if (t.tolerationSeconds === undefined || t.tolerationSeconds === null) continue;
    if (t.tolerationSeconds <= 0) return 0;
    min = Math.min(min, t.tolerationSeconds);
  }
  return min === Number.POSITIVE_INFINITY ? -1 : min * 1000;
}

/** Whether two taints are the same taint for the API: same key and effect (`Taint.MatchTaint`). */
export function matchTaint(a: Taint, b: Taint): boolean {
  return a.key === b.key && a.effect === b.effect;
}

/** The taints with effect `NoExecute`, in the node's order. */
export function noExecuteTaints(taints: readonly Taint[] | undefined): Taint[] {
  return (taints ?? []).filter((t) => t.effect === "NoExecute");
}
