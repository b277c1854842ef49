/**
 * The node lifecycle controller of kube-controller-manager (K8s
 * `pkg/controller/nodelifecycle/node_lifecycle_controller.go`).
 *
 * ## Heartbeat contract (with the kubelet)
 *
 * The kubelet posts its Node's status every `nodeStatusUpdateFrequency` (10 s): each post sets the
 * `Ready` condition's `lastHeartbeatTime` to the current virtual time (and `status: "True"`,
 * `reason: KubeletReady` while it runs). kubesim has no Lease objects, so this is the only
 * heartbeat. The controller checks `now - lastHeartbeatTime > node-monitor-grace-period` (50 s
 * since Kubernetes 1.32, PR #126287) on monitor passes every `node-monitor-period` (5 s, at
 * virtual instants that are multiples of 5 s). A node without a `Ready` condition gets
 * `node-startup-grace-period` (60 s) from its creationTimestamp; a `Ready` condition without
 * `lastHeartbeatTime` counts from the creationTimestamp too. The real controller times the grace
 * period from when it *observed* a new heartbeat; with the kubelet writing the virtual time into
 * `lastHeartbeatTime`, both are the same up to the second precision of timestamps.
 *
 * ## What happens to a node that stops heartbeating
 *
 * 1. The monitor pass after the grace period sets the `Ready`, `MemoryPressure`, `DiskPressure`
 *    and `PIDPressure` conditions to `Unknown` (reason `NodeStatusUnknown`, message
 *    `Kubelet stopped posting node status.`), records `NodeNotReady` on the node, and sets the
 *    `Ready` condition of the node's pods to `False` (Warning `NodeNotReady` `Node is not ready`).
 * 2. The node update worker, reacting to that change, adds `node.kubernetes.io/unreachable:NoSchedule`.
 * 3. The next monitor pass (5 s later) adds `node.kubernetes.io/unreachable:NoExecute`, rate
 *    limited per zone (`--node-eviction-rate` 0.1 nodes/s; stopped when a zone is in partial
 *    disruption in a small cluster, and when every zone is fully disrupted, when the taints are
 *    also removed). The taint eviction controller (see `taintEvictionController`) then evicts pods.
 * 4. When the kubelet posts `Ready=True` again, the NoSchedule taint goes at once and the
 *    NoExecute taint at the next monitor pass.
 *
 * Timers: the heartbeat deadline checks are background timers (`settle()` does not wait for a
 * node to be found dead); the follow-up monitor passes that still have taints to change are
 * foreground, so that `settle()` waits for them, and through them for evictions.
 *
 * @module
 */

import type { Node, NodeCondition, NodeStatus, Pod, PodCondition, Taint } from "kubernetes-types/core/v1.js";
import type { KubeObject } from "../../api/KubeObject.js";
import type { Controller, ReconcileContext } from "../../controller/Controller.js";
import { formatTimestamp, parseTimestamp } from "../../engine/VirtualClock.js";
import { deepEqual, type Transaction, type WatchEvent } from "../../store/ObjectStore.js";
import type { ControllerHost } from "./ControllerHost.js";
import { nodeNameOf, PodsByNode } from "./PodsByNode.js";
import {
  matchTaint,
  TAINT_NODE_DISK_PRESSURE,
  TAINT_NODE_MEMORY_PRESSURE,
  TAINT_NODE_NETWORK_UNAVAILABLE,
  TAINT_NODE_NOT_READY,
  TAINT_NODE_PID_PRESSURE,
  TAINT_NODE_UNREACHABLE,
  TAINT_NODE_UNSCHEDULABLE,
} from "./taints.js";
import { tryRecordEvent } from "./tryRecordEvent.js";

/** The controller's name (kube-controller-manager's `node-lifecycle-controller`). */
export const NODE_LIFECYCLE_CONTROLLER = "node-lifecycle-controller";

/** Default `--node-monitor-grace-period`: 50 s since Kubernetes 1.32 (40 s before; PR #126287). */
export const DEFAULT_NODE_MONITOR_GRACE_PERIOD_MS = 50_000;
/** Default `--node-startup-grace-period`. */
export const DEFAULT_NODE_STARTUP_GRACE_PERIOD_MS = 60_000;
/** Default `--node-monitor-period`. */
export const DEFAULT_NODE_MONITOR_PERIOD_MS = 5_000;

/** Options of {@link nodeLifecycleController}, named after kube-controller-manager's flags. */
export interface NodeLifecycleOptions {
  /** `--node-monitor-grace-period` in ms (default 50 s). */
  readonly nodeMonitorGracePeriodMs?: number;
  /** `--node-startup-grace-period` in ms (default 60 s). */
  readonly nodeStartupGracePeriodMs?: number;
  /** `--node-monitor-period` in ms (default 5 s). */
  readonly nodeMonitorPeriodMs?: number;
  /** `--node-eviction-rate`: nodes per second tainted NoExecute per healthy zone (default 0.1). */
  readonly nodeEvictionRate?: number;
  /** `--secondary-node-eviction-rate` for partially disrupted large zones (default 0.01). */
  readonly secondaryNodeEvictionRate?: number;
  /** `--large-cluster-size-threshold` (default 50). */
  readonly largeClusterSizeThreshold?: number;
  /** `--unhealthy-zone-threshold` (default 0.55). */
  readonly unhealthyZoneThreshold?: number;
  /** Record `RegisteredNode`/`RemovingNode` events when the controller sees a node come and go (default true). */
  readonly registeredNodeEvents?: boolean;
}

const SOURCE = Object.freeze({ component: "node-controller" });

/** `nodeConditionToTaintKeyStatusMap`: which condition status means which NoSchedule taint. */
const CONDITION_TAINTS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  Ready: { False: TAINT_NODE_NOT_READY, Unknown: TAINT_NODE_UNREACHABLE },
  MemoryPressure: { True: TAINT_NODE_MEMORY_PRESSURE },
  DiskPressure: { True: TAINT_NODE_DISK_PRESSURE },
  NetworkUnavailable: { True: TAINT_NODE_NETWORK_UNAVAILABLE },
  PIDPressure: { True: TAINT_NODE_PID_PRESSURE },
};
/** Taint keys the NoSchedule pass owns. */
const NO_SCHEDULE_KEYS = new Set([
  TAINT_NODE_UNSCHEDULABLE,
  TAINT_NODE_NOT_READY,
  TAINT_NODE_UNREACHABLE,
  TAINT_NODE_MEMORY_PRESSURE,
  TAINT_NODE_DISK_PRESSURE,
  TAINT_NODE_NETWORK_UNAVAILABLE,
  TAINT_NODE_PID_PRESSURE,
]);
/** Conditions set to Unknown when the kubelet stops posting (NetworkUnavailable is the network plugin's). */
const KUBELET_CONDITIONS = ["Ready", "MemoryPressure", "DiskPressure", "PIDPressure"] as const;
const UNREACHABLE_NO_EXECUTE: Taint = { key: TAINT_NODE_UNREACHABLE, effect: "NoExecute" };
const NOT_READY_NO_EXECUTE: Taint = { key: TAINT_NODE_NOT_READY, effect: "NoExecute" };
/** Label that keeps a node out of zone disruption counting. */
const LABEL_EXCLUDE_DISRUPTION = "node.kubernetes.io/exclude-disruption";

type ZoneState = "Normal" | "PartialDisruption" | "FullDisruption";

interface NodeInfo {
  readonly zone: string;
  readonly ready: boolean;
  readonly counted: boolean;
  readonly uid: string;
}

interface Zone {
  readonly nodes: Set<string>;
  counted: number;
  notReady: number;
  /** The earliest instant the zone's token bucket (burst 1) has a token. */
  nextTokenMs: number;
}

const MONITOR = "monitor:";
const POD = "pod:";

/**
 * The node lifecycle controller: marks nodes whose kubelet stopped posting status `Unknown`,
 * marks their pods not ready, and keeps the node condition taints (`node.kubernetes.io/unreachable`,
 * `not-ready`, `unschedulable`, pressure taints) in line with the node's conditions. See the module
 * documentation for the heartbeat contract with the kubelet and the timing.
 *
 * `host` (the {@link Simulation}) provides the background timers of the monitor passes.
 *
 * Derived in-memory state, fed by its watches (documented because it is not in the store):
 * pods by `spec.nodeName` ({@link PodsByNode}), per-node readiness and zone for zone disruption
 * counts, per-zone eviction token buckets, and the pending monitor timers.
 */
export function nodeLifecycleController(
  host: ControllerHost,
  options: NodeLifecycleOptions = {},
): Controller {
  const gracePeriod = options.nodeMonitorGracePeriodMs ?? DEFAULT_NODE_MONITOR_GRACE_PERIOD_MS;
  const startupGracePeriod = options.nodeStartupGracePeriodMs ?? DEFAULT_NODE_STARTUP_GRACE_PERIOD_MS;
  const period = options.nodeMonitorPeriodMs ?? DEFAULT_NODE_MONITOR_PERIOD_MS;
  const evictionRate = options.nodeEvictionRate ?? 0.1;
  const secondaryEvictionRate = options.secondaryNodeEvictionRate ?? 0.01;
  const largeClusterThreshold = options.largeClusterSizeThreshold ?? 50;
  const unhealthyZoneThreshold = options.unhealthyZoneThreshold ?? 0.55;
  const registeredNodeEvents = options.registeredNodeEvents ?? true;

  const pods = new PodsByNode();
  const nodes = new Map<string, NodeInfo>();
  const zones = new Map<string, Zone>();
  const registered = new Set<string>();
  /** Uids of registered nodes, for the `RemovingNode` event after the node is gone. */
  const uids = new Map<string, string>();
  /** Pending monitor timers per node: background (deadline) and foreground (work to do). */
  const pendingBackground = new Map<string, number>();
  const pendingForeground = new Map<string, number>();

  const zoneState = (z: Zone): ZoneState => {
    const ready = z.counted - z.notReady;
    if (ready === 0 && z.notReady > 0) return "FullDisruption";
    if (z.notReady > 2 && z.notReady / z.counted >= unhealthyZoneThreshold) return "PartialDisruption";
    return "Normal";
  };
  const allFullyDisrupted = (): boolean => {
    let any = false;
    for (const z of zones.values()) {
      if (z.counted === 0) continue;
      any = true;
      if (zoneState(z) !== "FullDisruption") return false;
    }
    return any;
  };
  /** The NoExecute tainting rate of a zone (`setLimiterInZone`), 0 when tainting is stopped. */
  const zoneRate = (z: Zone): number => {
    if (allFullyDisrupted()) return 0;
    switch (zoneState(z)) {
      case "Normal":
      case "FullDisruption":
        return evictionRate;
      case "PartialDisruption":
        return z.counted > largeClusterThreshold ? secondaryEvictionRate : 0;
    }
  };

  /** Keeps readiness and zone counts current; returns the nodes to look at again when a zone's state flips. */
  const observeNode = (event: WatchEvent): string[] => {
    const name = event.object.metadata.name!;
    const old = nodes.get(name);
    const beforeAll = allFullyDisrupted();
    const touched = new Map<Zone, ZoneState>();
    const note = (z: Zone) => {
      if (!touched.has(z)) touched.set(z, zoneState(z));
    };
    if (old) {
      const z = zones.get(old.zone)!;
      note(z);
      z.nodes.delete(name);
      if (old.counted) {
        z.counted--;
        if (!old.ready) z.notReady--;
      }
      nodes.delete(name);
    }
    if (event.type !== "DELETED") {
      const node = event.object as Node & KubeObject;
      const info: NodeInfo = {
        zone: zoneKey(node),
        ready: readyCondition(node)?.status === "True",
        counted: node.metadata.labels?.[LABEL_EXCLUDE_DISRUPTION] === undefined,
        uid: node.metadata.uid ?? "",
      };
      const z = zones.get(info.zone) ?? { nodes: new Set<string>(), counted: 0, notReady: 0, nextTokenMs: 0 };
      zones.set(info.zone, z);
      note(z);
      z.nodes.add(name);
      if (info.counted) {
        z.counted++;
        if (!info.ready) z.notReady++;
      }
      nodes.set(name, info);
    }
    const again = new Set<string>();
    if (beforeAll !== allFullyDisrupted()) {
      for (const z of zones.values()) for (const n of z.nodes) again.add(MONITOR + n);
    } else {
      for (const [z, before] of touched) {
        if (zoneState(z) !== before) for (const n of z.nodes) again.add(MONITOR + n);
      }
    }
    return [...again].sort();
  };

  const scheduleMonitor = (name: string, atMs: number, nowMs: number, foreground: boolean): void => {
    const pending = foreground ? pendingForeground : pendingBackground;
    const existing = pending.get(name);
    if (existing !== undefined && existing <= atMs) return;
    pending.set(name, atMs);
    host.schedule(
      Math.max(0, atMs - nowMs),
      () => {
        if (pending.get(name) === atMs) pending.delete(name);
        host.enqueue(NODE_LIFECYCLE_CONTROLLER, MONITOR + name);
      },
      { background: !foreground, label: `${NODE_LIFECYCLE_CONTROLLER} monitor ${name}` },
    );
  };
  /** The first monitor pass strictly after `ms`. */
  const tickAfter = (ms: number): number => (Math.floor(ms / period) + 1) * period;

  /** Plans the node's next monitor passes from its current state. */
  const plan = (node: Node & KubeObject, nowMs: number): void => {
    const name = node.metadata.name!;
    const ready = readyCondition(node);
    if (ready?.status !== "Unknown") {
      // The first monitor pass at which the heartbeat is older than the grace period.
      scheduleMonitor(name, tickAfter(heartbeatMs(node) + graceFor(node)), nowMs, false);
    }
    if (ready && noExecuteWork(node)) scheduleMonitor(name, tickAfter(nowMs), nowMs, true);
  };
  const graceFor = (node: Node): number => (readyCondition(node) ? gracePeriod : startupGracePeriod);

  /** Whether a monitor pass would change the node's NoExecute taints (and is allowed to). */
  const noExecuteWork = (node: Node & KubeObject): boolean => {
    const status = readyCondition(node)?.status;
    const taints = node.spec?.taints ?? [];
    const hasUnreachable = taints.some((t) => matchTaint(t, UNREACHABLE_NO_EXECUTE));
    const hasNotReady = taints.some((t) => matchTaint(t, NOT_READY_NO_EXECUTE));
    if (status === "True") return hasUnreachable || hasNotReady;
    const want = status === "False" ? NOT_READY_NO_EXECUTE : UNREACHABLE_NO_EXECUTE;
    const wrong = status === "False" ? hasUnreachable : hasNotReady;
    if (wrong) return true;
    if (taints.some((t) => matchTaint(t, want))) return false;
    const z = zones.get(zoneKey(node));
    if (allFullyDisrupted()) return hasUnreachable || hasNotReady;
    return z !== undefined && zoneRate(z) > 0;
  };

  return {
    name: NODE_LIFECYCLE_CONTROLLER,
    watches: [
      {
        filter: { kind: "Node" },
        keys: (event) => [event.object.metadata.name!, ...observeNode(event)],
      },
      {
        filter: { kind: "Pod" },
        keys: (event) => {
          const { before, after } = pods.observe(event);
          // `podUpdated`: a pod newly bound to a node is marked not ready if the node is not.
          if (after && after !== before) {
            return [`${POD}${event.object.metadata.namespace}/${event.object.metadata.name}`];
          }
          return [];
        },
      },
    ],
    reconcile(key, ctx) {
      if (key.startsWith(POD)) {
        processPod(key.slice(POD.length), ctx);
        return undefined;
      }
      if (key.startsWith(MONITOR)) {
        monitorNode(key.slice(MONITOR.length), ctx);
        return undefined;
      }
      nodeUpdated(key, ctx);
      return undefined;
    },
  };

  /** The node update worker: registration events, NoSchedule condition taints, and planning. */
  function nodeUpdated(name: string, ctx: ReconcileContext): void {
    const { tx, nowMs } = ctx;
    const node = tx.get("Node", "", name) as (Node & KubeObject) | undefined;
    if (!node) {
      if (registered.delete(name) && registeredNodeEvents) {
        const uid = uids.get(name) ?? "";
        recordNodeEvent(tx, nowMs, name, uid, "RemovingNode", `Removing Node ${name} from Controller`);
      }
      uids.delete(name);
      pendingBackground.delete(name);
      pendingForeground.delete(name);
      return;
    }
    if (!registered.has(name)) {
      registered.add(name);
      uids.set(name, node.metadata.uid ?? "");
      if (registeredNodeEvents) {
        recordNodeEvent(
          tx,
          nowMs,
          name,
          node.metadata.uid ?? "",
          "RegisteredNode",
          `Registered Node ${name} in Controller`,
        );
      }
    }
    const after = doNoScheduleTaintingPass(tx, node, nowMs);
    plan(after, nowMs);
  }

  /** One monitor pass over one node (`monitorNodeHealth`'s per-node work). */
  function monitorNode(name: string, ctx: ReconcileContext): void {
    const { tx, nowMs } = ctx;
    let node = tx.get("Node", "", name) as (Node & KubeObject) | undefined;
    if (!node) return;
    const observed = readyCondition(node);
    const observedStatus = observed?.status ?? "Unknown";
    node = tryUpdateNodeHealth(tx, node, nowMs);
    const current = readyCondition(node);
    if (current) {
      processTaintBasedEviction(tx, node, observedStatus, nowMs);
      node = tx.get("Node", "", name) as Node & KubeObject;
      if (current.status !== "True" && observedStatus === "True") {
        recordNodeStatusChange(tx, nowMs, node, "NodeNotReady");
        markPodsNotReady(tx, nowMs, pods.podsOn(name), name);
      }
    }
    plan(node, nowMs);
  }

  /** `tryUpdateNodeHealth`: conditions to Unknown once the heartbeat is older than the grace period. */
  function tryUpdateNodeHealth(tx: Transaction, node: Node & KubeObject, nowMs: number): Node & KubeObject {
    if (!(nowMs - heartbeatMs(node) > graceFor(node))) return node;
    const now = formatTimestamp(nowMs);
    const conditions: NodeCondition[] = [...(node.status?.conditions ?? [])];
    for (const type of KUBELET_CONDITIONS) {
      const i = conditions.findIndex((c) => c.type === type);
      const c = conditions[i];
      if (!c) {
        conditions.push({
          type,
          status: "Unknown",
          reason: "NodeStatusNeverUpdated",
          message: "Kubelet never posted node status.",
          lastHeartbeatTime: node.metadata.creationTimestamp,
          lastTransitionTime: now,
        } as NodeCondition);
      } else if (c.status !== "Unknown") {
        conditions[i] = {
          ...c,
          status: "Unknown",
          reason: "NodeStatusUnknown",
          message: "Kubelet stopped posting node status.",
          lastTransitionTime: now,
        };
      }
    }
    // As the real controller, write only when the Ready condition changed.
    if (
      deepEqual(
        conditions.find((c) => c.type === "Ready"),
        readyCondition(node),
      )
    )
      return node;
    return tx.mutate({ kind: "Node", namespace: "", name: node.metadata.name! }, (d) => {
      const draft = d as { status?: NodeStatus };
      if (!draft.status) draft.status = {};
      draft.status.conditions = conditions;
    }) as Node & KubeObject;
  }

  /** `processTaintBaseEviction`, with the zone queue's token bucket applied at once. */
  function processTaintBasedEviction(
    tx: Transaction,
    node: Node & KubeObject,
    observedStatus: string,
    nowMs: number,
  ): void {
    const taints = node.spec?.taints ?? [];
    const has = (t: Taint) => taints.some((x) => matchTaint(x, t));
    const z = zones.get(zoneKey(node));
    if (observedStatus === "True" || (z && allFullyDisrupted())) {
      // markNodeAsReachable; in full disruption of every zone, taints are removed too (`handleDisruption`).
      if (has(UNREACHABLE_NO_EXECUTE) || has(NOT_READY_NO_EXECUTE)) {
        swapTaints(tx, node, [], [UNREACHABLE_NO_EXECUTE, NOT_READY_NO_EXECUTE], nowMs);
      }
      return;
    }
    const want = observedStatus === "False" ? NOT_READY_NO_EXECUTE : UNREACHABLE_NO_EXECUTE;
    const opposite = observedStatus === "False" ? UNREACHABLE_NO_EXECUTE : NOT_READY_NO_EXECUTE;
    if (has(opposite)) {
      // Swapped straight away, without the rate limiter.
      swapTaints(tx, node, [want], [opposite], nowMs);
      return;
    }
    if (has(want) || !z) return;
    const rate = zoneRate(z);
    if (rate <= 0) return;
    if (nowMs < z.nextTokenMs) {
      scheduleMonitor(node.metadata.name!, z.nextTokenMs, nowMs, true);
      return;
    }
    z.nextTokenMs = nowMs + Math.ceil(1000 / rate);
    swapTaints(tx, node, [want], [opposite], nowMs);
  }

  /** `processPod`: a pod bound to a node that is not ready is marked not ready. */
  function processPod(podKeyText: string, ctx: ReconcileContext): void {
    const i = podKeyText.indexOf("/");
    const pod = ctx.tx.get("Pod", podKeyText.slice(0, i), podKeyText.slice(i + 1));
    if (!pod) return;
    const nodeName = nodeNameOf(pod);
    const node = nodeName ? (ctx.tx.get("Node", "", nodeName) as (Node & KubeObject) | undefined) : undefined;
    const ready = node && readyCondition(node);
    if (!ready || ready.status === "True") return;
    markPodsNotReady(ctx.tx, ctx.nowMs, [podKeyText], nodeName);
  }

  function recordNodeStatusChange(tx: Transaction, nowMs: number, node: KubeObject, status: string): void {
    const name = node.metadata.name!;
    tryRecordEvent(tx, nowMs, nodeRef(name, node.metadata.uid ?? ""), SOURCE, {
      type: "Normal",
      reason: status,
      message: `Node ${name} status is now: ${status}`,
    });
  }

  function recordNodeEvent(
    tx: Transaction,
    nowMs: number,
    name: string,
    uid: string,
    reason: string,
    event: string,
  ) {
    tryRecordEvent(tx, nowMs, nodeRef(name, uid), SOURCE, {
      type: "Normal",
      reason,
      message: `Node ${name} event: ${event}`,
    });
  }
}

/** `doNoScheduleTaintingPass`: the NoSchedule taints that mirror the node's conditions and `spec.unschedulable`. */
function doNoScheduleTaintingPass(
  tx: Transaction,
  node: Node & KubeObject,
  nowMs: number,
): Node & KubeObject {
  const wanted: Taint[] = [];
  for (const c of node.status?.conditions ?? []) {
    const key = CONDITION_TAINTS[c.type]?.[c.status];
    if (key) wanted.push({ key, effect: "NoSchedule" });
  }
  if (node.spec?.unschedulable) wanted.push({ key: TAINT_NODE_UNSCHEDULABLE, effect: "NoSchedule" });
  const existing = (node.spec?.taints ?? []).filter(
    (t) => t.effect === "NoSchedule" && NO_SCHEDULE_KEYS.has(t.key),
  );
  const toAdd = wanted.filter((w) => !existing.some((e) => matchTaint(e, w)));
  const toRemove = existing.filter((e) => !wanted.some((w) => matchTaint(e, w)));
  if (toAdd.length === 0 && toRemove.length === 0) return node;
  return swapTaints(tx, node, toAdd, toRemove, nowMs);
}

/**
 * `SwapNodeControllerTaint`: adds `toAdd` with `timeAdded` now (replacing a taint with the same key
 * and effect in place, else appending, as `AddOrUpdateTaint` does) and removes `toRemove`.
 */
function swapTaints(
  tx: Transaction,
  node: Node & KubeObject,
  toAdd: readonly Taint[],
  toRemove: readonly Taint[],
  nowMs: number,
): Node & KubeObject {
  const timeAdded = formatTimestamp(nowMs);
  let taints: Taint[] = [...(node.spec?.taints ?? [])];
  for (const t of toAdd) {
    const added = { ...t, timeAdded };
    const i = taints.findIndex((x) => matchTaint(x, t));
    if (i >= 0) taints[i] = added;
    else taints.push(added);
  }
  taints = taints.filter((x) => !toRemove.some((r) => matchTaint(x, r)));
  return tx.mutate({ kind: "Node", namespace: "", name: node.metadata.name! }, (d) => {
    const draft = d as { spec?: { taints?: Taint[] } };
    if (!draft.spec) draft.spec = {};
    if (taints.length > 0) draft.spec.taints = taints;
    else delete draft.spec.taints;
  }) as Node & KubeObject;
}

/**
 * `MarkPodsNotReady`: the `Ready` condition of each pod on the node becomes `False` (its
 * lastTransitionTime now), with a Warning `NodeNotReady` event `Node is not ready` per pod changed.
 */
function markPodsNotReady(
  tx: Transaction,
  nowMs: number,
  podKeys: readonly string[],
  nodeName: string,
): void {
  for (const key of podKeys) {
    const i = key.indexOf("/");
    const pod = tx.get("Pod", key.slice(0, i), key.slice(i + 1)) as (Pod & KubeObject) | undefined;
    if (!pod || pod.spec?.nodeName !== nodeName) continue;
    const conditions = pod.status?.conditions ?? [];
    const ci = conditions.findIndex((c) => c.type === "Ready");
    const ready = conditions[ci];
    if (!ready || ready.status === "False") continue;
    tx.mutate({ kind: "Pod", namespace: pod.metadata.namespace!, name: pod.metadata.name! }, (d) => {
      const cs = (d as unknown as { status: { conditions: PodCondition[] } }).status.conditions;
      cs[ci] = { ...ready, status: "False", lastTransitionTime: formatTimestamp(nowMs) };
    });
    tryRecordEvent(tx, nowMs, pod, SOURCE, {
      type: "Warning",
      reason: "NodeNotReady",
      message: "Node is not ready",
    });
  }
}

function readyCondition(node: Node): NodeCondition | undefined {
  return node.status?.conditions?.find((c) => c.type === "Ready");
}

/** When the node last heartbeated: the Ready condition's lastHeartbeatTime, else its creationTimestamp. */
function heartbeatMs(node: Node & KubeObject): number {
  const hb = readyCondition(node)?.lastHeartbeatTime;
  return (
    (hb ? parseTimestamp(hb) : undefined) ??
    (node.metadata.creationTimestamp ? parseTimestamp(node.metadata.creationTimestamp) : undefined) ??
    0
  );
}

/** `nodetopology.GetZoneKey`: region and zone labels, `""` when the node has neither. */
function zoneKey(node: KubeObject): string {
  const labels = node.metadata.labels ?? {};
  const region =
    labels["topology.kubernetes.io/region"] ?? labels["failure-domain.beta.kubernetes.io/region"] ?? "";
  const zone =
    labels["topology.kubernetes.io/zone"] ?? labels["failure-domain.beta.kubernetes.io/zone"] ?? "";
  return region === "" && zone === "" ? "" : `${region}:\u0000:${zone}`;
}

/** The object reference events about a node carry (`RecordNodeEvent`: no resourceVersion). */
function nodeRef(name: string, uid: string): KubeObject {
  return { apiVersion: "v1", kind: "Node", metadata: uid ? { name, uid } : { name } };
}
