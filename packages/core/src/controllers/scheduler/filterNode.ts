import type { Pod, PreferredSchedulingTerm, Taint, Toleration } from "kubernetes-types/core/v1.js";
import type { NodeStatus } from "./fitError.js";
import { podMatchesNodeAffinity } from "./nodeAffinity.js";
import { podRequests, type ResourceRequest } from "./podRequests.js";
import {
  type CachedPod,
  controllerUid,
  type HostPort,
  type NodeInfo,
  type NodeTable,
  podHostPorts,
  TAINTED,
  UNSCHEDULABLE,
} from "./SchedulerCache.js";
import { findUntoleratedTaint, toleratesTaint } from "./taints.js";

/** A pod about to be scheduled, with what every filter and score needs computed once (PreFilter). */
export interface PodToSchedule {
  readonly pod: Pod;
  readonly requests: ResourceRequest;
  readonly nonZeroRequests: ResourceRequest;
  readonly tolerations: readonly Toleration[];
  readonly hostPorts: readonly HostPort[];
  readonly preferredAffinity: readonly PreferredSchedulingTerm[];
  readonly owner: string | undefined;
  readonly priority: number;
  /**
   * No `spec.nodeName`, node selector, required node affinity or host port: the filters then
   * depend only on the node's cordon, taints and free resources (see {@link fitsAtOnce}).
   */
  readonly simple: boolean;
}

/** Computes a pod's {@link PodToSchedule}. */
export function podToSchedule(pod: Pod): PodToSchedule {
  const hostPorts = podHostPorts(pod);
  return {
    pod,
    requests: podRequests(pod),
    nonZeroRequests: podRequests(pod, true),
    tolerations: pod.spec?.tolerations ?? [],
    hostPorts,
    preferredAffinity:
      pod.spec?.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? [],
    owner: controllerUid(pod),
    priority: pod.spec?.priority ?? 0,
    simple:
      !pod.spec?.nodeName &&
      pod.spec?.nodeSelector === undefined &&
      pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution === undefined &&
      hostPorts.length === 0,
  };
}

/**
 * Whether the node in `slot` passes every filter, decided from the node table alone (no NodeInfo
 * read): a simple pod on a node that is neither cordoned nor tainted, with room for the pod.
 * False means "run {@link filterNode}", which gives the reasons.
 */
export function fitsAtOnce(p: PodToSchedule, table: NodeTable, slot: number): boolean {
  return p.simple && (table.flags(slot) & (UNSCHEDULABLE | TAINTED)) === 0 && table.fits(slot, p.requests);
}

/** The filter plugins' reasons, worded as in K8s pkg/scheduler/framework/plugins (1.33). */
export const REASONS = {
  /** nodeunschedulable.ErrReasonUnschedulable */
  unschedulable: "node(s) were unschedulable",
  /** nodename.ErrReason */
  nodeName: "node(s) didn't match the requested node name",
  /** nodeaffinity.ErrReasonPod */
  nodeAffinity: "node(s) didn't match Pod's node affinity/selector",
  /** nodeports.ErrReason */
  nodePorts: "node(s) didn't have free ports for the requested pod ports",
  tooManyPods: "Too many pods",
  insufficientCPU: "Insufficient cpu",
  insufficientMemory: "Insufficient memory",
  insufficientEphemeralStorage: "Insufficient ephemeral-storage",
} as const;

/**
 * NodeUnschedulable lets a pod onto a cordoned node when it tolerates this taint (DaemonSet pods do).
 */
const UNSCHEDULABLE_TAINT: Taint = { key: "node.kubernetes.io/unschedulable", effect: "NoSchedule" };

/**
 * Runs the filter plugins of the default profile on one node, in their order (NodeUnschedulable,
 * NodeName, TaintToleration, NodeAffinity, NodePorts, NodeResourcesFit) and stops at the first
 * that rejects it, as `RunFilterPlugins` does; undefined when the node fits. `victims` are pods
 * to pretend away (preemption's dry run).
 */
export function filterNode(
  p: PodToSchedule,
  node: NodeInfo,
  victims?: ReadonlySet<CachedPod>,
): NodeStatus | undefined {
  // NodeUnschedulable: a cordoned node, unless the pod tolerates the unschedulable taint.
  if (node.unschedulable && !p.tolerations.some((t) => toleratesTaint(t, UNSCHEDULABLE_TAINT))) {
    return { code: "UnschedulableAndUnresolvable", reasons: [REASONS.unschedulable] };
  }
  // NodeName
  const wanted = p.pod.spec?.nodeName;
  if (wanted && wanted !== node.name) {
    return { code: "UnschedulableAndUnresolvable", reasons: [REASONS.nodeName] };
  }
  // TaintToleration
  const taint = findUntoleratedTaint(node.taints, p.tolerations);
  if (taint) {
    return {
      code: "UnschedulableAndUnresolvable",
      reasons: [`node(s) had untolerated taint {${taint.key}: ${taint.value ?? ""}}`],
    };
  }
  // NodeAffinity
  if (!podMatchesNodeAffinity(p.pod, node.name, node.labels)) {
    return { code: "UnschedulableAndUnresolvable", reasons: [REASONS.nodeAffinity] };
  }
  // NodePorts
  if (p.hostPorts.length > 0 && portsConflict(p.hostPorts, node, victims)) {
    return { code: "Unschedulable", reasons: [REASONS.nodePorts] };
  }
  // NodeResourcesFit
  const reasons = insufficientResources(p.requests, node, victims);
  return reasons === undefined ? undefined : { code: "Unschedulable", reasons };
}

function portsConflict(
  wanted: readonly HostPort[],
  node: NodeInfo,
  victims?: ReadonlySet<CachedPod>,
): boolean {
  if (!victims || victims.size === 0) return wanted.some((p) => node.portConflicts(p));
  // Dry run: only the ports of the pods that stay count.
  for (const other of node.pods.values()) {
    if (victims.has(other)) continue;
    for (const used of other.hostPorts) {
      for (const p of wanted) {
        if (p.protocol !== used.protocol || p.port !== used.port) continue;
        if (p.ip === "0.0.0.0" || used.ip === "0.0.0.0" || p.ip === used.ip) return true;
      }
    }
  }
  return false;
}

/**
 * `fitsRequest`: pods first, then cpu, memory, ephemeral-storage; every shortage is a reason.
 * Undefined when the pod fits (checked without allocating: this runs for every node considered).
 */
function insufficientResources(
  req: ResourceRequest,
  node: NodeInfo,
  victims?: ReadonlySet<CachedPod>,
): string[] | undefined {
  const requested = node.requested;
  let podCount = node.pods.size;
  let cpu = requested.milliCPU;
  let memory = requested.memory;
  let storage = requested.ephemeralStorage;
  if (victims) {
    for (const v of victims) {
      podCount--;
      cpu -= v.requests.milliCPU;
      memory -= v.requests.memory;
      storage -= v.requests.ephemeralStorage;
    }
  }
  const a = node.allocatable;
  const tooManyPods = podCount + 1 > a.pods;
  const requestsNothing = req.milliCPU === 0 && req.memory === 0 && req.ephemeralStorage === 0;
  const noCPU = !requestsNothing && req.milliCPU > 0 && req.milliCPU > a.milliCPU - cpu;
  const noMemory = !requestsNothing && req.memory > 0 && req.memory > a.memory - memory;
  const noStorage =
    !requestsNothing && req.ephemeralStorage > 0 && req.ephemeralStorage > a.ephemeralStorage - storage;
  if (!tooManyPods && !noCPU && !noMemory && !noStorage) return undefined;
  const out: string[] = [];
  if (tooManyPods) out.push(REASONS.tooManyPods);
  if (noCPU) out.push(REASONS.insufficientCPU);
  if (noMemory) out.push(REASONS.insufficientMemory);
  if (noStorage) out.push(REASONS.insufficientEphemeralStorage);
  return out;
}
