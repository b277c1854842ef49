import type { PodToSchedule } from "./filterNode.js";
import { preferredNodeAffinityScore } from "./nodeAffinity.js";
import { HOSTNAME_LABEL, NODE_TABLE, type NodeInfo, type SchedulerCache, TAINTED } from "./SchedulerCache.js";
import { countIntolerablePreferNoSchedule } from "./taints.js";

/** `framework.MaxNodeScore`. */
const MAX_NODE_SCORE = 100;

/** Plugin weights of the default profile (K8s pkg/scheduler/apis/config/v1/default_plugins.go). */
const WEIGHTS = {
  taintToleration: 3,
  nodeAffinity: 2,
  nodeResourcesFit: 1,
  podTopologySpread: 2,
  balancedAllocation: 1,
} as const;

/** The hostname constraint of PodTopologySpread's system defaults: `maxSkew: 3`, `ScheduleAnyway`. */
const HOSTNAME_MAX_SKEW = 3;

/**
 * The total score of each feasible node, as the default profile's score plugins would give it
 * (each plugin 0–100 after normalising, times its weight):
 * - NodeResourcesFit, LeastAllocated on cpu and memory (weights 1): the free share after adding
 *   the pod, with 100m / 200Mi assumed for containers without requests;
 * - NodeResourcesBalancedAllocation: `(1 - |cpu fraction - memory fraction| / 2) * 100`;
 * - TaintToleration: fewer untolerated `PreferNoSchedule` taints score higher;
 * - NodeAffinity: the weights of matching preferred terms, normalised to the best node;
 * - PodTopologySpread with the system default hostname constraint (maxSkew 3): fewer pods of the
 *   same controller on the node score higher, with the plugin's `log(nodes + 2)` weighting and
 *   normalisation. kubesim selects "the same workload" by the controller owner reference, which
 *   is what the real default selector (the owner's and Services' selectors, ANDed) amounts to
 *   for ReplicaSets, StatefulSets and Jobs. The zone constraint is left out: it only acts on
 *   nodes with `topology.kubernetes.io/zone` labels.
 * InterPodAffinity and ImageLocality give every node the same score here, so they are omitted.
 */
export function scoreNodes(p: PodToSchedule, cache: SchedulerCache, slots: readonly number[]): Float64Array {
  // One pass, no per-node allocation, and only the node table read unless a node has taints:
  // this runs for up to hundreds of nodes per pod.
  const table = cache.table;
  const v = table.values;
  const { STRIDE, ALLOC_CPU, ALLOC_MEMORY, REQ_CPU, REQ_MEMORY, NONZERO_CPU, NONZERO_MEMORY, FLAGS } =
    NODE_TABLE;
  const ownerCounts = p.owner === undefined ? undefined : cache.ownerCounts(p.owner);
  const n = slots.length;
  const total = new Float64Array(n);
  const taintCounts = new Float64Array(n);
  const spread = p.owner === undefined ? undefined : new Float64Array(n);
  const spreadWeight = Math.log(n + 2);
  let maxTaints = 0;
  let minSpread = Number.POSITIVE_INFINITY;
  let maxSpread = 0;
  for (let i = 0; i < n; i++) {
    const slot = slots[i]!;
    const b = slot * STRIDE;
    const cpu = v[b + ALLOC_CPU]!;
    const memory = v[b + ALLOC_MEMORY]!;
    const flags = v[b + FLAGS]!;
    // NodeResourcesFit (LeastAllocated, cpu and memory weight 1) and BalancedAllocation.
    let sum = 0;
    let weights = 0;
    let cpuFraction = -1;
    let memFraction = -1;
    if (cpu > 0) {
      sum += leastRequestedScore(v[b + NONZERO_CPU]! + p.nonZeroRequests.milliCPU, cpu);
      weights++;
      cpuFraction = Math.min(1, (v[b + REQ_CPU]! + p.requests.milliCPU) / cpu);
    }
    if (memory > 0) {
      sum += leastRequestedScore(v[b + NONZERO_MEMORY]! + p.nonZeroRequests.memory, memory);
      weights++;
      memFraction = Math.min(1, (v[b + REQ_MEMORY]! + p.requests.memory) / memory);
    }
    const std = cpuFraction >= 0 && memFraction >= 0 ? Math.abs((cpuFraction - memFraction) / 2) : 0;
    total[i] =
      WEIGHTS.nodeResourcesFit * (weights === 0 ? 0 : Math.trunc(sum / weights)) +
      WEIGHTS.balancedAllocation * Math.trunc((1 - std) * MAX_NODE_SCORE);
    // TaintToleration.
    const t =
      (flags & TAINTED) === 0
        ? 0
        : countIntolerablePreferNoSchedule((table.infos[slot] as NodeInfo).taints, p.tolerations);
    taintCounts[i] = t;
    if (t > maxTaints) maxTaints = t;
    // PodTopologySpread, system default hostname constraint.
    if (spread) {
      const s =
        (flags & HOSTNAME_LABEL) === 0
          ? 0
          : Math.round((ownerCounts?.get(slot) ?? 0) * spreadWeight + (HOSTNAME_MAX_SKEW - 1));
      spread[i] = s;
      if (s < minSpread) minSpread = s;
      if (s > maxSpread) maxSpread = s;
    }
  }
  addNormalized(total, taintCounts, maxTaints, true, WEIGHTS.taintToleration);
  // NodeAffinity (preferred terms); PreScore skips the plugin when the pod has none.
  if (p.preferredAffinity.length > 0) {
    const affinity = slots.map((slot) => {
      const node = table.infos[slot] as NodeInfo;
      return preferredNodeAffinityScore(p.preferredAffinity, node.name, node.labels);
    });
    addNormalized(
      total,
      affinity,
      affinity.reduce((m, x) => Math.max(m, x), 0),
      false,
      WEIGHTS.nodeAffinity,
    );
  }
  if (spread) {
    for (let i = 0; i < n; i++) {
      const s =
        maxSpread === 0
          ? MAX_NODE_SCORE
          : Math.trunc((MAX_NODE_SCORE * (maxSpread + minSpread - spread[i]!)) / maxSpread);
      total[i] = total[i]! + WEIGHTS.podTopologySpread * s;
    }
  }
  return total;
}

/** `leastRequestedScore`: the unrequested share of capacity, 0–100, 0 when over-committed. */
function leastRequestedScore(requested: number, capacity: number): number {
  if (capacity === 0 || requested > capacity) return 0;
  return Math.trunc(((capacity - requested) * MAX_NODE_SCORE) / capacity);
}

/** `helper.DefaultNormalizeScore`: scales to 0–100 by the maximum (reversed: 100 minus that). */
function addNormalized(
  total: Float64Array,
  scores: ArrayLike<number>,
  max: number,
  reverse: boolean,
  weight: number,
): void {
  for (let i = 0; i < scores.length; i++) {
    let s: number;
    if (max === 0) s = reverse ? MAX_NODE_SCORE : 0;
    else {
      s = Math.trunc((MAX_NODE_SCORE * scores[i]!) / max);
      if (reverse) s = MAX_NODE_SCORE - s;
    }
    total[i] = total[i]! + weight * s;
  }
}
