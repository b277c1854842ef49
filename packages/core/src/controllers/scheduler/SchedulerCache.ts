import type { Node, NodeCondition, Pod, Taint } from "kubernetes-types/core/v1.js";
import { Interner } from "../../engine/Interner.js";
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
  /**
   * The spec and owner references the entry was computed from, compared by reference. Not the
   * pod object: that version is gone from the store after the pod's next status update, and the
   * cache would keep it alive.
   */
  readonly spec: Pod["spec"];
  readonly ownerReferences: unknown;
}

/** Allocatable resources of a node in the scheduler's units. */
export interface Allocatable extends ResourceRequest {
  readonly pods: number;
}

// --- The node table -------------------------------------------------------------------------
//
// The numbers every filter and score reads of a node sit in one Float64Array, STRIDE per node
// slot, rather than in each NodeInfo and its sub-objects. Why: the scheduler reads them for
// hundreds of nodes per pod (`percentageOfNodesToScore`); with 150,000 pods the heap is a few
// GB, every NodeInfo and object it points at is a cache miss, and those misses made a pod's
// filtering and scoring cost grow with the cluster (docs/internals/control-plane-performance.md).
// 5,000 nodes of this table are 440 KB: it stays in the CPU's caches.

const ALLOC_CPU = 0;
const ALLOC_MEMORY = 1;
const ALLOC_STORAGE = 2;
const ALLOC_PODS = 3;
const REQ_CPU = 4;
const REQ_MEMORY = 5;
const REQ_STORAGE = 6;
const NONZERO_CPU = 7;
const NONZERO_MEMORY = 8;
const POD_COUNT = 9;
const FLAGS = 10;
const STRIDE = 11;
/** FLAGS bits. */
export const UNSCHEDULABLE = 1;
export const TAINTED = 2;
export const HOSTNAME_LABEL = 4;

/** The per-node numbers of the filters and scores, by node slot ({@link NodeInfo.slot}). */
export class NodeTable {
  values = new Float64Array(64 * STRIDE);
  /** The NodeInfo of each slot. */
  readonly infos: (NodeInfo | undefined)[] = [];
  readonly #free: number[] = [];

  /** A slot for `info`, its numbers zero. */
  allocate(info: NodeInfo): number {
    let slot = this.#free.pop();
    if (slot === undefined) {
      slot = this.infos.length;
      this.infos.push(undefined);
      if ((slot + 1) * STRIDE > this.values.length) {
        const grown = new Float64Array(this.values.length * 2);
        grown.set(this.values);
        this.values = grown;
      }
    }
    this.values.fill(0, slot * STRIDE, (slot + 1) * STRIDE);
    this.infos[slot] = info;
    return slot;
  }

  release(slot: number): void {
    this.infos[slot] = undefined;
    this.#free.push(slot);
  }

  flags(slot: number): number {
    return this.values[slot * STRIDE + FLAGS] as number;
  }
  allocatable(slot: number): Allocatable {
    const v = this.values;
    const b = slot * STRIDE;
    return {
      milliCPU: v[b + ALLOC_CPU]!,
      memory: v[b + ALLOC_MEMORY]!,
      ephemeralStorage: v[b + ALLOC_STORAGE]!,
      pods: v[b + ALLOC_PODS]!,
    };
  }
  requested(slot: number): ResourceRequest {
    const v = this.values;
    const b = slot * STRIDE + REQ_CPU;
    return { milliCPU: v[b]!, memory: v[b + 1]!, ephemeralStorage: v[b + 2]! };
  }

  /**
   * `fitsRequest` with no pods pretended away: whether `req` fits the node in `slot` (pod
   * count, cpu, memory, ephemeral-storage), read from the table alone.
   */
  fits(slot: number, req: ResourceRequest): boolean {
    const v = this.values;
    const b = slot * STRIDE;
    if (v[b + POD_COUNT]! + 1 > v[b + ALLOC_PODS]!) return false;
    if (req.milliCPU === 0 && req.memory === 0 && req.ephemeralStorage === 0) return true;
    return (
      !(req.milliCPU > 0 && req.milliCPU > v[b + ALLOC_CPU]! - v[b + REQ_CPU]!) &&
      !(req.memory > 0 && req.memory > v[b + ALLOC_MEMORY]! - v[b + REQ_MEMORY]!) &&
      !(req.ephemeralStorage > 0 && req.ephemeralStorage > v[b + ALLOC_STORAGE]! - v[b + REQ_STORAGE]!)
    );
  }

  /** @internal */
  _setNode(slot: number, allocatable: Allocatable, flags: number): void {
    const v = this.values;
    const b = slot * STRIDE;
    v[b + ALLOC_CPU] = allocatable.milliCPU;
    v[b + ALLOC_MEMORY] = allocatable.memory;
    v[b + ALLOC_STORAGE] = allocatable.ephemeralStorage;
    v[b + ALLOC_PODS] = allocatable.pods;
    v[b + FLAGS] = flags;
  }

  /** @internal Adds (`sign` 1) or removes (-1) a pod's requests. */
  _addPod(slot: number, pod: CachedPod, sign: 1 | -1): void {
    const v = this.values;
    const b = slot * STRIDE;
    const add = (i: number, x: number) => {
      v[b + i] = (v[b + i] as number) + sign * x;
    };
    add(REQ_CPU, pod.requests.milliCPU);
    add(REQ_MEMORY, pod.requests.memory);
    add(REQ_STORAGE, pod.requests.ephemeralStorage);
    add(NONZERO_CPU, pod.nonZeroRequests.milliCPU);
    add(NONZERO_MEMORY, pod.nonZeroRequests.memory);
    add(POD_COUNT, 1);
  }
}

/** Offsets into {@link NodeTable.values} for the score loop (which reads them directly). */
export const NODE_TABLE = {
  STRIDE,
  ALLOC_CPU,
  ALLOC_MEMORY,
  REQ_CPU,
  REQ_MEMORY,
  NONZERO_CPU,
  NONZERO_MEMORY,
  FLAGS,
} as const;

const NO_TAINTS: readonly Taint[] = Object.freeze([]);

/**
 * One node as the scheduler sees it (`framework.NodeInfo`): the node's schedulability facts and
 * the sums over the pods bound to it (those in the cache's {@link NodeTable}, at {@link slot}).
 * A NodeInfo may exist without its Node (pods bound to a node not seen yet), as in the real
 * cache; such a node is never a candidate.
 */
export class NodeInfo {
  readonly name: string;
  /** Its row in the node table. */
  readonly slot: number;
  node: Node | undefined;
  labels: Readonly<Record<string, string>> = {};
  /** The node's taints plus the ones its Ready condition implies (see {@link effectiveTaints}). */
  taints: readonly Taint[] = NO_TAINTS;
  unschedulable = false;
  readonly pods = new Map<string, CachedPod>();
  /** `protocol/port` → host IP → number of pods using it. */
  readonly usedPorts = new Map<string, Map<string, number>>();

  constructor(
    name: string,
    readonly table: NodeTable,
  ) {
    this.name = name;
    this.slot = table.allocate(this);
  }

  get allocatable(): Allocatable {
    return this.table.allocatable(this.slot);
  }
  /** The sum of the requests of the node's pods. */
  get requested(): ResourceRequest {
    return this.table.requested(this.slot);
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
    this.table._addPod(this.slot, pod, 1);
    for (const p of pod.hostPorts) {
      const k = `${p.protocol}/${p.port}`;
      let ips = this.usedPorts.get(k);
      if (!ips) {
        ips = new Map();
        this.usedPorts.set(k, ips);
      }
      ips.set(p.ip, (ips.get(p.ip) ?? 0) + 1);
    }
  }

  /** @internal */
  _remove(pod: CachedPod): void {
    this.pods.delete(pod.key);
    this.table._addPod(this.slot, pod, -1);
    for (const p of pod.hostPorts) {
      const k = `${p.protocol}/${p.port}`;
      const ips = this.usedPorts.get(k);
      if (!ips) continue;
      const n = (ips.get(p.ip) ?? 0) - 1;
      if (n > 0) ips.set(p.ip, n);
      else ips.delete(p.ip);
      if (ips.size === 0) this.usedPorts.delete(k);
    }
  }
}

const WILDCARD_IP = "0.0.0.0";

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
  /** The numbers of every node the filters and scores read. */
  readonly table = new NodeTable();
  readonly #nodes = new Map<string, NodeInfo>();
  /** Names of nodes that exist (have a Node object), sorted. */
  #names: string[] = [];
  /** Their slots in {@link table}, in the same order. */
  #slots: number[] = [];
  readonly #pods = new Map<string, CachedPod>();
  /** Controller uid → node slot → number of its pods there (PodTopologySpread's counts). */
  readonly #owners = new Map<string, Map<number, number>>();
  /** One object for equal requests: the pods of a template all request the same. */
  readonly #requests = new Interner();

  #shared(r: ResourceRequest): ResourceRequest {
    return this.#requests.value(`${r.milliCPU}/${r.memory}/${r.ephemeralStorage}`, () => r);
  }

  /** Node names in sorted order (only nodes with a Node object). */
  nodeNames(): readonly string[] {
    return this.#names;
  }

  /** The NodeInfos of existing nodes, in the order of {@link nodeNames} (a new list: decisions iterate {@link nodeSlots}). */
  nodeInfos(): NodeInfo[] {
    return this.#slots.map((slot) => this.table.infos[slot] as NodeInfo);
  }

  /** The table slots of existing nodes, in the order of {@link nodeNames}. */
  nodeSlots(): readonly number[] {
    return this.#slots;
  }

  node(name: string): NodeInfo | undefined {
    return this.#nodes.get(name);
  }

  pod(key: string): CachedPod | undefined {
    return this.#pods.get(key);
  }

  /** How many pods of controller `owner` each node slot has (absent: none). */
  ownerCounts(owner: string): ReadonlyMap<number, number> | undefined {
    return this.#owners.get(owner);
  }

  /**
   * Adds or updates a node. Returns whether anything the filters look at changed (labels,
   * taints, cordon, allocatable, Ready): only then can a pod that failed become schedulable,
   * so heartbeats do not wake every unschedulable pod.
   */
  setNode(node: Node): boolean {
    const name = node.metadata!.name!;
    const info = this.#nodeInfo(name);
    const isNew = !info.node;
    if (isNew) {
      const at = insertSorted(this.#names, name);
      this.#slots.splice(at, 0, info.slot);
    }
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
    const before = info.allocatable;
    const changed =
      isNew ||
      prev?.metadata?.labels !== node.metadata?.labels ||
      !sameTaints(info.taints, taints) ||
      info.unschedulable !== (node.spec?.unschedulable ?? false) ||
      before.milliCPU !== allocatable.milliCPU ||
      before.memory !== allocatable.memory ||
      before.ephemeralStorage !== allocatable.ephemeralStorage ||
      before.pods !== allocatable.pods;
    info.labels = node.metadata?.labels ?? {};
    info.taints = taints.length === 0 ? NO_TAINTS : taints;
    info.unschedulable = node.spec?.unschedulable ?? false;
    this.table._setNode(
      info.slot,
      allocatable,
      (info.unschedulable ? UNSCHEDULABLE : 0) |
        (taints.length > 0 ? TAINTED : 0) |
        (Object.hasOwn(info.labels, "kubernetes.io/hostname") ? HOSTNAME_LABEL : 0),
    );
    return changed;
  }

  removeNode(name: string): void {
    const info = this.#nodes.get(name);
    if (!info?.node) return;
    info.node = undefined;
    const i = this.#names.indexOf(name);
    if (i >= 0) {
      this.#names.splice(i, 1);
      this.#slots.splice(i, 1);
    }
    if (info.pods.size === 0) this.#forget(info);
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
      prev.spec === pod.spec &&
      prev.ownerReferences === pod.metadata?.ownerReferences
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
      requests: this.#shared(podRequests(pod)),
      nonZeroRequests: this.#shared(podRequests(pod, true)),
      hostPorts: podHostPorts(pod),
      owner: controllerUid(pod),
      spec: pod.spec,
      ownerReferences: pod.metadata?.ownerReferences,
    };
    this.#pods.set(key, entry);
    const info = this.#nodeInfo(nodeName);
    info._add(entry);
    if (entry.owner) {
      let counts = this.#owners.get(entry.owner);
      if (!counts) {
        counts = new Map();
        this.#owners.set(entry.owner, counts);
      }
      counts.set(info.slot, (counts.get(info.slot) ?? 0) + 1);
    }
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
      const counts = prev.owner === undefined ? undefined : this.#owners.get(prev.owner);
      if (counts) {
        const n = (counts.get(info.slot) ?? 0) - 1;
        if (n > 0) counts.set(info.slot, n);
        else counts.delete(info.slot);
        if (counts.size === 0) this.#owners.delete(prev.owner!);
      }
      if (!info.node && info.pods.size === 0) this.#forget(info);
    }
    return true;
  }

  #nodeInfo(name: string): NodeInfo {
    let info = this.#nodes.get(name);
    if (!info) {
      info = new NodeInfo(name, this.table);
      this.#nodes.set(name, info);
    }
    return info;
  }

  /** Drops a NodeInfo with neither a Node nor pods, and frees its slot. */
  #forget(info: NodeInfo): void {
    this.#nodes.delete(info.name);
    this.table.release(info.slot);
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
