import type { Node, NodeCondition, Pod, Taint } from "kubernetes-types/core/v1.js";
import { milliValue, podRequests, quantityValue, type ResourceRequest } from "./podRequests.js";

/** A host port a pod takes on its node (`HostPortInfo` entry): protocol, port and host IP (`0.0.0.0` for all). */
export interface HostPort {
  readonly ip: string;
  readonly protocol: string;
  readonly port: number;
}

/** What the cache keeps of a pod bound to a node. */
export interface CachedPod {
  readonly key: string;
  readonly uid: string;
  readonly nodeName: string;
  readonly priority: number;
  readonly requests: ResourceRequest;
  readonly nonZeroRequests: ResourceRequest;
  readonly hostPorts: readonly HostPort[];
  /** The uid of the pod's controller (ReplicaSet, StatefulSet, ...), for spreading. */
  readonly owner: string | undefined;
  /** The pod object the entry was computed from (spec and metadata compared by reference). */
  readonly source: Pod;
}

/** Allocatable resources of a node in the scheduler's units. */
export interface Allocatable extends ResourceRequest {
  readonly pods: number;
}

/**
 * One node as the scheduler sees it (`framework.NodeInfo`): the node's schedulability facts and
 * the sums over the pods bound to it. A NodeInfo may exist without its Node (pods bound to a
 * node not seen yet), as in the real cache; such a node is never a candidate.
 */
export class NodeInfo {
  readonly name: string;
  node: Node | undefined;
  labels: Readonly<Record<string, string>> = {};
  /** Whether the node has the `kubernetes.io/hostname` label (PodTopologySpread's hostname constraint needs it). */
  hasHostnameLabel = false;
  /** The node's taints plus the ones its Ready condition implies (see {@link effectiveTaints}). */
  taints: readonly Taint[] = [];
  unschedulable = false;
  allocatable: Allocatable = { milliCPU: 0, memory: 0, ephemeralStorage: 0, pods: 0 };
  requested = { milliCPU: 0, memory: 0, ephemeralStorage: 0 };
  nonZeroRequested = { milliCPU: 0, memory: 0, ephemeralStorage: 0 };
  readonly pods = new Map<string, CachedPod>();
  /** `protocol/port` → host IP → number of pods using it. */
  readonly usedPorts = new Map<string, Map<string, number>>();
  /** Controller uid → number of its pods on the node. */
  readonly owners = new Map<string, number>();

  constructor(name: string) {
    this.name = name;
  }

  /** `HostPortInfo.CheckConflict`: a wildcard IP conflicts with any IP on the same protocol/port, and vice versa. */
  portConflicts(p: HostPort): boolean {
    const ips = this.usedPorts.get(`${p.protocol}/${p.port}`);
    if (!ips) return false;
    if (p.ip === WILDCARD_IP) return ips.size > 0;
    return ips.has(p.ip) || ips.has(WILDCARD_IP);
  }

  /** @internal */
  _add(pod: CachedPod): void {
    this.pods.set(pod.key, pod);
    addInto(this.requested, pod.requests, 1);
    addInto(this.nonZeroRequested, pod.nonZeroRequests, 1);
    for (const p of pod.hostPorts) {
      const k = `${p.protocol}/${p.port}`;
      let ips = this.usedPorts.get(k);
      if (!ips) {
        ips = new Map();
        this.usedPorts.set(k, ips);
      }
      ips.set(p.ip, (ips.get(p.ip) ?? 0) + 1);
    }
    if (pod.owner) this.owners.set(pod.owner, (this.owners.get(pod.owner) ?? 0) + 1);
  }

  /** @internal */
  _remove(pod: CachedPod): void {
    this.pods.delete(pod.key);
    addInto(this.requested, pod.requests, -1);
    addInto(this.nonZeroRequested, pod.nonZeroRequests, -1);
    for (const p of pod.hostPorts) {
      const k = `${p.protocol}/${p.port}`;
      const ips = this.usedPorts.get(k);
      if (!ips) continue;
      const n = (ips.get(p.ip) ?? 0) - 1;
      if (n > 0) ips.set(p.ip, n);
      else ips.delete(p.ip);
      if (ips.size === 0) this.usedPorts.delete(k);
    }
    if (pod.owner) {
      const n = (this.owners.get(pod.owner) ?? 0) - 1;
      if (n > 0) this.owners.set(pod.owner, n);
      else this.owners.delete(pod.owner);
    }
  }
}

const WILDCARD_IP = "0.0.0.0";

function addInto(
  into: { milliCPU: number; memory: number; ephemeralStorage: number },
  r: ResourceRequest,
  sign: 1 | -1,
): void {
  into.milliCPU += sign * r.milliCPU;
  into.memory += sign * r.memory;
  into.ephemeralStorage += sign * r.ephemeralStorage;
}

/**
 * The host ports a pod takes (NodePorts' `getContainerPorts`): every container port with a
 * `hostPort`, its host IP defaulting to `0.0.0.0` and protocol to TCP.
 */
export function podHostPorts(pod: Pod): HostPort[] {
  const out: HostPort[] = [];
  for (const c of pod.spec?.containers ?? []) {
    for (const p of c.ports ?? []) {
      if (!p.hostPort || p.hostPort <= 0) continue;
      out.push({ ip: p.hostIP || WILDCARD_IP, protocol: p.protocol || "TCP", port: p.hostPort });
    }
  }
  return out;
}

/** The uid of the pod's controller (`metav1.GetControllerOf`), if any. */
export function controllerUid(pod: Pod): string | undefined {
  return pod.metadata?.ownerReferences?.find((r) => r.controller)?.uid;
}

/**
 * The taints the scheduler filters on. Nodes whose Ready condition is not True carry, in a real
 * cluster, the taint the node lifecycle controller adds for it (`TaintNodesByCondition`):
 * `node.kubernetes.io/not-ready:NoSchedule` for `False`, `node.kubernetes.io/unreachable:NoSchedule`
 * for `Unknown`. The scheduler itself has no Ready filter since 1.17; it sees those taints. kubesim
 * implies them here so that a NotReady node is skipped (with the real message) even before a
 * node lifecycle controller has tainted it. A node without a Ready condition (created through the
 * API, no kubelet yet) gets nothing implied: in a real cluster it too is schedulable until the
 * node lifecycle controller's grace period runs out.
 */
export function effectiveTaints(node: Node): readonly Taint[] {
  const taints = node.spec?.taints ?? [];
  const ready = readyStatus(node);
  if (ready === undefined || ready === "True") return taints;
  const key = ready === "False" ? "node.kubernetes.io/not-ready" : "node.kubernetes.io/unreachable";
  if (taints.some((t) => t.key === key && t.effect === "NoSchedule")) return taints;
  return [...taints, { key, effect: "NoSchedule" }];
}

/** The status of the node's Ready condition (`True`, `False`, `Unknown`), undefined when it has none. */
export function readyStatus(node: Node): string | undefined {
  return (node.status?.conditions ?? []).find((x: NodeCondition) => x.type === "Ready")?.status;
}

/**
 * The scheduler's cache (K8s pkg/scheduler/backend/cache): nodes and the pods bound to them, kept
 * up to date from watch events so that a scheduling decision never lists pods. Terminal pods
 * (Succeeded, Failed) leave it, as the scheduler's pod informer excludes them.
 */
export class SchedulerCache {
  readonly #nodes = new Map<string, NodeInfo>();
  /** Names of nodes that exist (have a Node object), sorted. */
  #names: string[] = [];
  /** Their NodeInfos, in the same order (what a decision iterates). */
  #infos: NodeInfo[] = [];
  readonly #pods = new Map<string, CachedPod>();

  /** Node names in sorted order (only nodes with a Node object). */
  nodeNames(): readonly string[] {
    return this.#names;
  }

  /** The NodeInfos of existing nodes, in the order of {@link nodeNames}. */
  nodeInfos(): readonly NodeInfo[] {
    return this.#infos;
  }

  node(name: string): NodeInfo | undefined {
    return this.#nodes.get(name);
  }

  pod(key: string): CachedPod | undefined {
    return this.#pods.get(key);
  }

  /**
   * Adds or updates a node. Returns whether anything the filters look at changed (labels,
   * taints, cordon, allocatable, Ready): only then can a pod that failed become schedulable,
   * so heartbeats do not wake every unschedulable pod.
   */
  setNode(node: Node): boolean {
    const name = node.metadata!.name!;
    let info = this.#nodes.get(name);
    const isNew = !info?.node;
    if (!info) {
      info = new NodeInfo(name);
      this.#nodes.set(name, info);
    }
    if (isNew) this.#infos.splice(insertSorted(this.#names, name), 0, info);
    const prev = info.node;
    info.node = node;
    const taints = effectiveTaints(node);
    const alloc = (node.status?.allocatable ?? {}) as Record<string, string>;
    const allocatable: Allocatable = {
      milliCPU: milliValue(alloc.cpu),
      memory: quantityValue(alloc.memory),
      ephemeralStorage: quantityValue(alloc["ephemeral-storage"]),
      pods: quantityValue(alloc.pods),
    };
    const changed =
      isNew ||
      prev?.metadata?.labels !== node.metadata?.labels ||
      !sameTaints(info.taints, taints) ||
      info.unschedulable !== (node.spec?.unschedulable ?? false) ||
      info.allocatable.milliCPU !== allocatable.milliCPU ||
      info.allocatable.memory !== allocatable.memory ||
      info.allocatable.ephemeralStorage !== allocatable.ephemeralStorage ||
      info.allocatable.pods !== allocatable.pods;
    info.labels = node.metadata?.labels ?? {};
    info.hasHostnameLabel = Object.hasOwn(info.labels, "kubernetes.io/hostname");
    info.taints = taints;
    info.unschedulable = node.spec?.unschedulable ?? false;
    info.allocatable = allocatable;
    return changed;
  }

  removeNode(name: string): void {
    const info = this.#nodes.get(name);
    if (!info?.node) return;
    info.node = undefined;
    const i = this.#names.indexOf(name);
    if (i >= 0) {
      this.#names.splice(i, 1);
      this.#infos.splice(i, 1);
    }
    if (info.pods.size === 0) this.#nodes.delete(name);
  }

  /**
   * Records a pod bound to a node (or its update). Returns whether its footprint on the node
   * shrank or moved, which may make room for an unschedulable pod.
   */
  upsertPod(key: string, pod: Pod): boolean {
    const prev = this.#pods.get(key);
    if (
      prev &&
      prev.uid === pod.metadata?.uid &&
      prev.source.spec === pod.spec &&
      prev.source.metadata?.ownerReferences === pod.metadata?.ownerReferences
    ) {
      return false;
    }
    if (prev) this.removePod(key);
    const nodeName = pod.spec!.nodeName!;
    const entry: CachedPod = {
      key,
      uid: pod.metadata?.uid ?? "",
      nodeName,
      priority: pod.spec?.priority ?? 0,
      requests: podRequests(pod),
      nonZeroRequests: podRequests(pod, true),
      hostPorts: podHostPorts(pod),
      owner: controllerUid(pod),
      source: pod,
    };
    this.#pods.set(key, entry);
    let info = this.#nodes.get(nodeName);
    if (!info) {
      info = new NodeInfo(nodeName);
      this.#nodes.set(nodeName, info);
    }
    info._add(entry);
    return prev !== undefined;
  }

  /** Forgets a pod; returns whether it was bound (its removal frees room on a node). */
  removePod(key: string): boolean {
    const prev = this.#pods.get(key);
    if (!prev) return false;
    this.#pods.delete(key);
    const info = this.#nodes.get(prev.nodeName);
    if (info) {
      info._remove(prev);
      if (!info.node && info.pods.size === 0) this.#nodes.delete(prev.nodeName);
    }
    return true;
  }
}

function sameTaints(a: readonly Taint[], b: readonly Taint[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  return a.every((t, i) => t.key === b[i]!.key && t.value === b[i]!.value && t.effect === b[i]!.effect);
}

/** Inserts into a sorted array (binary search) and returns the index; O(n) moves, only on node add. */
function insertSorted(names: string[], name: string): number {
  let lo = 0;
  let hi = names.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (names[mid]! < name) lo = mid + 1;
    else hi = mid;
  }
  names.splice(lo, 0, name);
  return lo;
}
