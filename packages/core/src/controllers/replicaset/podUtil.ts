/**
 * Pod predicates the workload controllers share (K8s pkg/api/v1/pod/util.go `IsPodReady`,
 * `IsPodAvailable`; pkg/controller/controller_utils.go `IsPodActive`, `ActivePodsWithRanks`).
 *
 * @module
 */

import type { Pod, PodCondition } from "kubernetes-types/core/v1.js";
import type { KubeObject } from "../../api/KubeObject.js";
import { parseTimestamp } from "../../engine/VirtualClock.js";

/** The pod's `Ready` condition, if any (`GetPodReadyCondition`). */
export function podReadyCondition(pod: KubeObject): PodCondition | undefined {
  return (pod as Pod).status?.conditions?.find((c) => c.type === "Ready");
}

/** `podutil.IsPodReady`: the `Ready` condition is `True`. */
export function isPodReady(pod: KubeObject): boolean {
  return podReadyCondition(pod)?.status === "True";
}

/**
 * `podutil.IsPodAvailable`: ready, and ready for at least `minReadySeconds`. Kubernetes asks for
 * lastTransitionTime + minReadySeconds to be strictly before now, with now in nanoseconds; on virtual
 * time a resync lands exactly on that instant, so kubesim counts the instant itself as available.
 */
export function isPodAvailable(pod: KubeObject, minReadySeconds: number, nowMs: number): boolean {
  if (!isPodReady(pod)) return false;
  if (minReadySeconds === 0) return true;
  const since = podReadySinceMs(pod);
  return since !== undefined && since + minReadySeconds * 1000 <= nowMs;
}

/** When the pod became ready (its `Ready` condition's lastTransitionTime), if it is ready and that is set. */
export function podReadySinceMs(pod: KubeObject): number | undefined {
  const c = podReadyCondition(pod);
  if (c?.status !== "True" || !c.lastTransitionTime) return undefined;
  return parseTimestamp(c.lastTransitionTime);
}

/** `controller.IsPodActive`: not Succeeded, not Failed, and not being deleted. */
export function isPodActive(pod: KubeObject): boolean {
  const phase = (pod as Pod).status?.phase;
  return phase !== "Succeeded" && phase !== "Failed" && !pod.metadata.deletionTimestamp;
}

/** The annotation that orders pods for deletion (`controller.kubernetes.io/pod-deletion-cost`). */
export const POD_DELETION_COST_ANNOTATION = "controller.kubernetes.io/pod-deletion-cost";

const PHASE_ORDINAL: Readonly<Record<string, number>> = { Pending: 0, Unknown: 1, Running: 2 };

/**
 * `helper.GetDeletionCostFromPodAnnotations`: the annotation as an int32, 0 when absent. An invalid
 * value is an error in Kubernetes, which then treats it as 0; so does kubesim.
 */
export function podDeletionCost(pod: KubeObject): number {
  const text = pod.metadata.annotations?.[POD_DELETION_COST_ANNOTATION];
  if (text === undefined || !/^[+-]?\d+$/.test(text)) return 0;
  const n = Number(text);
  return n >= -2147483648 && n <= 2147483647 ? n : 0;
}

function maxContainerRestarts(pod: KubeObject): number {
  let max = 0;
  for (const c of (pod as Pod).status?.containerStatuses ?? []) max = Math.max(max, c.restartCount);
  return max;
}

/**
 * `logarithmicRankDiff`: compares how long ago two instants were on a log2 scale of nanoseconds,
 * so that pods of similar age count as equally old (LogarithmicScaleDown, GA).
 */
function logarithmicRankDiff(t1Ms: number, t2Ms: number, nowMs: number): number {
  const d1 = (nowMs - t1Ms) * 1e6;
  const d2 = (nowMs - t2Ms) * 1e6;
  const r1 = d1 > 0 ? Math.floor(Math.log2(d1)) : -1;
  const r2 = d2 > 0 ? Math.floor(Math.log2(d2)) : -1;
  return r1 - r2;
}

/** A pod with its rank (number of related active pods on the same node). */
export interface RankedPod {
  readonly pod: KubeObject;
  readonly rank: number;
}

/**
 * `ActivePodsWithRanks.Less`: whether `a` should be deleted before `b`. In order: unassigned before
 * assigned; Pending < Unknown < Running; not ready before ready; lower pod-deletion-cost first; more
 * colocated related pods (higher rank) first; ready for less time first (log scale, then uid); more
 * container restarts first; newer before older (log scale, then uid).
 */
export function podDeletionLess(a: RankedPod, b: RankedPod, nowMs: number): boolean {
  const pa = a.pod as Pod;
  const pb = b.pod as Pod;
  const na = pa.spec?.nodeName ?? "";
  const nb = pb.spec?.nodeName ?? "";
  if (na !== nb && (na === "" || nb === "")) return na === "";
  const oa = PHASE_ORDINAL[pa.status?.phase ?? ""] ?? 0;
  const ob = PHASE_ORDINAL[pb.status?.phase ?? ""] ?? 0;
  if (oa !== ob) return oa < ob;
  const ra = isPodReady(a.pod);
  const rb = isPodReady(b.pod);
  if (ra !== rb) return !ra;
  const ca = podDeletionCost(a.pod);
  const cb = podDeletionCost(b.pod);
  if (ca !== cb) return ca < cb;
  if (a.rank !== b.rank) return a.rank > b.rank;
  const uidLess = () => (a.pod.metadata.uid ?? "") < (b.pod.metadata.uid ?? "");
  if (ra && rb) {
    const t1 = podReadySinceMs(a.pod);
    const t2 = podReadySinceMs(b.pod);
    if (t1 !== t2) {
      if (t1 === undefined || t2 === undefined) return t1 === undefined;
      const diff = logarithmicRankDiff(t1, t2, nowMs);
      if (diff === 0) return uidLess();
      return diff < 0;
    }
  }
  const ma = maxContainerRestarts(a.pod);
  const mb = maxContainerRestarts(b.pod);
  if (ma !== mb) return ma > mb;
  const c1 = a.pod.metadata.creationTimestamp ? parseTimestamp(a.pod.metadata.creationTimestamp) : undefined;
  const c2 = b.pod.metadata.creationTimestamp ? parseTimestamp(b.pod.metadata.creationTimestamp) : undefined;
  if (c1 !== c2) {
    if (c1 === undefined || c2 === undefined) return c1 === undefined;
    const diff = logarithmicRankDiff(c1, c2, nowMs);
    if (diff === 0) return uidLess();
    return diff < 0;
  }
  return false;
}

/**
 * `getPodsToDelete` (pkg/controller/replicaset/replica_set.go): the `diff` pods to delete out of
 * `pods`, ranked by {@link podDeletionLess} with each pod's rank the number of active `relatedPods`
 * on its node. Go's sort is not stable; kubesim breaks remaining ties by name so runs are reproducible.
 */
export function getPodsToDelete(
  pods: readonly KubeObject[],
  relatedPods: readonly KubeObject[],
  diff: number,
  nowMs: number,
): KubeObject[] {
  if (diff >= pods.length) return [...pods];
  const podsOnNode = new Map<string, number>();
  for (const p of relatedPods) {
    if (!isPodActive(p)) continue;
    const node = (p as Pod).spec?.nodeName ?? "";
    podsOnNode.set(node, (podsOnNode.get(node) ?? 0) + 1);
  }
  const ranked: RankedPod[] = pods.map((pod) => ({
    pod,
    rank: podsOnNode.get((pod as Pod).spec?.nodeName ?? "") ?? 0,
  }));
  ranked.sort((a, b) => {
    if (podDeletionLess(a, b, nowMs)) return -1;
    if (podDeletionLess(b, a, nowMs)) return 1;
    const x = a.pod.metadata.name ?? "";
    const y = b.pod.metadata.name ?? "";
    return x < y ? -1 : x > y ? 1 : 0;
  });
  return ranked.slice(0, diff).map((r) => r.pod);
}
