import type { Node, Pod, PodCondition } from "kubernetes-types/core/v1.js";
import type { KubeObject } from "../../api/KubeObject.js";
import { DEFAULT_SCHEDULER_NAME } from "../../apis/pod/defaults.js";
import {
  type Controller,
  objectKey,
  type ReconcileContext,
  splitObjectKey,
} from "../../controller/Controller.js";
import { recordEvent } from "../../events/recordEvent.js";
import type { WatchEvent } from "../../store/ObjectStore.js";
import { filterNode, fitsAtOnce, type PodToSchedule, podToSchedule } from "./filterNode.js";
import { formatFitError, type NodeStatus, truncateEventMessage } from "./fitError.js";
import { type CachedPod, type NodeInfo, SchedulerCache } from "./SchedulerCache.js";
import { scoreNodes } from "./scoreNodes.js";

/** Options of {@link schedulerController}. */
export interface SchedulerOptions {
  /**
   * `percentageOfNodesToScore`: how many feasible nodes to find before scoring, as a share of
   * all nodes. 0 (the default, as in kube-scheduler) is adaptive: `50 - nodes/125` percent, at
   * least 5 %, and never fewer than 100 nodes (clusters under 100 nodes always consider every node).
   */
  readonly percentageOfNodesToScore?: number;
  /** `podInitialBackoffSeconds` in ms (default 1 s): the back-off after a pod's first failed attempt. */
  readonly podInitialBackoffMs?: number;
  /** `podMaxBackoffSeconds` in ms (default 10 s): the back-off doubles per failed attempt up to this. */
  readonly podMaxBackoffMs?: number;
  /**
   * Retry unschedulable pods after this long even without a cluster event (the real scheduler's
   * `podMaxInUnschedulablePodsDuration`, 5 minutes). Off by default: without a change to nodes or
   * bound pods the retry can only fail again (bumping the FailedScheduling event's count), and a
   * periodic timer would keep `Simulation.settle()` from ever settling while a pod is Pending.
   */
  readonly unschedulableRetryMs?: number;
}

/** Minimum nodes to find before scoring (`minFeasibleNodesToFind`). */
const MIN_FEASIBLE_NODES_TO_FIND = 100;
/** Minimum percentage of nodes to find (`minFeasibleNodesPercentageToFind`). */
const MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND = 5;

/** `errNoNodesAvailable`. */
const NO_NODES_AVAILABLE = "no nodes available to schedule pods";

const SOURCE = Object.freeze({ component: DEFAULT_SCHEDULER_NAME });

/**
 * `numFeasibleNodesToFind` (K8s pkg/scheduler/schedule_one.go): how many feasible nodes the
 * scheduler looks for before it stops filtering and scores them.
 */
export function numFeasibleNodesToFind(percentageOfNodesToScore: number, numAllNodes: number): number {
  if (numAllNodes < MIN_FEASIBLE_NODES_TO_FIND) return numAllNodes;
  let percentage = percentageOfNodesToScore;
  if (percentage <= 0) {
    percentage = Math.max(50 - Math.trunc(numAllNodes / 125), MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND);
  }
  const n = Math.trunc((numAllNodes * percentage) / 100);
  return Math.max(n, MIN_FEASIBLE_NODES_TO_FIND);
}

/** `calculateBackoffDuration`: the initial back-off doubled per earlier failed attempt, capped. */
export function backoffMs(attempts: number, initialMs: number, maxMs: number): number {
  let d = initialMs;
  for (let i = 1; i < attempts; i++) {
    if (d > maxMs - d) return maxMs;
    d += d;
  }
  return Math.min(d, maxMs);
}

interface Attempts {
  readonly uid: string;
  readonly count: number;
  readonly lastMs: number;
}

/**
 * The kube-scheduler (K8s pkg/scheduler) as a controller. It places each pod that has no
 * `spec.nodeName` and `schedulerName: default-scheduler`:
 *
 * - filters every node with the default profile's filters (see {@link filterNode}): cordon,
 *   taints (a NotReady node counts as tainted `not-ready`/`unreachable`), nodeSelector and
 *   required node affinity, host ports, and requests against allocatable minus the requests of
 *   the pods already bound there;
 * - scores the feasible nodes ({@link scoreNodes}: least allocated, balanced, taints, preferred
 *   affinity, spreading a workload's pods across nodes) and picks the best, breaking ties at
 *   random from `random("scheduler")` as `selectHost` does (reservoir sampling); with one
 *   feasible node there is no scoring and no draw;
 * - binds: `spec.nodeName` and the condition `PodScheduled=True` in one write (the Binding
 *   subresource), and the event `Normal Scheduled "Successfully assigned <ns>/<pod> to <node>"`;
 * - or reports the pod unschedulable: condition `PodScheduled=False`, reason `Unschedulable`, and
 *   the event `Warning FailedScheduling` with FitError's message and the preemption verdict,
 *   e.g. `0/3 nodes are available: 1 node(s) had untolerated taint
 *   {node-role.kubernetes.io/control-plane: }, 2 Insufficient cpu. preemption: 0/3 nodes are
 *   available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for
 *   incoming pod.` Victims are not evicted: when preemption would help, the message just has no
 *   preemption part, as the real one has none then either.
 *
 * Unschedulable pods wait, as in the scheduler's unschedulable queue, until a node is added or
 * changes in a way the filters look at, or a bound pod goes away (deleted or finished); then
 * they are retried after their back-off (1 s doubling to 10 s per failed attempt).
 *
 * Node resources are not summed by listing pods: the controller keeps the scheduler's cache
 * ({@link SchedulerCache}), fed by its Pod and Node watches, with each node's requested
 * resources, host ports and pods per controller. A decision costs O(nodes considered), and for
 * clusters of 100 nodes or more only `percentageOfNodesToScore` of them are filtered, starting
 * where the previous decision stopped (round robin), as in kube-scheduler.
 */
export function schedulerController(options: SchedulerOptions = {}): Controller {
  const percentage = options.percentageOfNodesToScore ?? 0;
  const initialBackoff = options.podInitialBackoffMs ?? 1000;
  const maxBackoff = options.podMaxBackoffMs ?? 10_000;
  const cache = new SchedulerCache();
  /** Unbound pods of this scheduler as last seen, to tell spec changes from status-only ones. */
  const pending = new Map<string, Pod>();
  /** Pods whose last attempt failed (the unschedulable queue), in the order they failed. */
  const unschedulable = new Set<string>();
  const attempts = new Map<string, Attempts>();
  let nextStartNodeIndex = 0;

  const unschedulableKeys = (): string[] => [...unschedulable];

  /** Pod events: keep the cache of bound pods; queue unbound pods whose spec or labels changed. */
  const onPod = (event: WatchEvent): readonly string[] => {
    const pod = event.object as Pod;
    const key = objectKey(pod.metadata?.namespace, pod.metadata?.name ?? "");
    if (event.type === "DELETED") {
      pending.delete(key);
      unschedulable.delete(key);
      attempts.delete(key);
      return cache.removePod(key) ? unschedulableKeys() : [];
    }
    const spec = pod.spec;
    if (spec?.nodeName) {
      pending.delete(key);
      unschedulable.delete(key);
      attempts.delete(key);
      const phase = pod.status?.phase;
      if (phase === "Succeeded" || phase === "Failed") {
        return cache.removePod(key) ? unschedulableKeys() : [];
      }
      return cache.upsertPod(key, pod) ? unschedulableKeys() : [];
    }
    // A pod bound under this name before is gone (recreated with the same name): room freed.
    const freed = cache.removePod(key) ? unschedulableKeys() : [];
    if ((spec?.schedulerName ?? DEFAULT_SCHEDULER_NAME) !== DEFAULT_SCHEDULER_NAME) {
      pending.delete(key);
      return freed;
    }
    const prev = pending.get(key);
    pending.set(key, pod);
    // Status-only updates (our own condition, say) do not requeue a pod (`isPodUpdated`).
    if (
      prev &&
      prev.metadata?.uid === pod.metadata?.uid &&
      prev.spec === pod.spec &&
      prev.metadata?.labels === pod.metadata?.labels &&
      prev.metadata?.annotations === pod.metadata?.annotations &&
      prev.metadata?.deletionTimestamp === pod.metadata?.deletionTimestamp
    ) {
      return freed;
    }
    return [key, ...freed];
  };

  /** Node events: keep the cache; a new node or a relevant change retries the unschedulable pods. */
  const onNode = (event: WatchEvent): readonly string[] => {
    const node = event.object as Node;
    if (event.type === "DELETED") {
      cache.removeNode(node.metadata?.name ?? "");
      return [];
    }
    return cache.setNode(node) ? unschedulableKeys() : [];
  };

  return {
    name: DEFAULT_SCHEDULER_NAME,
    watches: [
      { filter: { kind: "Node" }, keys: onNode },
      { filter: { kind: "Pod" }, keys: onPod },
    ],
    reconcile(key, ctx) {
      const { namespace, name } = splitObjectKey(key);
      const pod = ctx.tx.get("Pod", namespace, name) as Pod | undefined;
      if (
        !pod ||
        pod.spec?.nodeName ||
        (pod.spec?.schedulerName ?? DEFAULT_SCHEDULER_NAME) !== DEFAULT_SCHEDULER_NAME ||
        pod.metadata?.deletionTimestamp ||
        (pod.spec?.schedulingGates?.length ?? 0) > 0
      ) {
        // Gone, bound, someone else's, being deleted, or gated (the SchedulingGates PreEnqueue plugin).
        unschedulable.delete(key);
        attempts.delete(key);
        return undefined;
      }
      const uid = pod.metadata?.uid ?? "";
      const tried = attempts.get(key);
      if (tried && tried.uid === uid) {
        const readyAt = tried.lastMs + backoffMs(tried.count, initialBackoff, maxBackoff);
        if (ctx.nowMs < readyAt) return { requeueAfterMs: readyAt - ctx.nowMs };
      }

      const p = podToSchedule(pod);
      const slots = cache.nodeSlots();
      const table = cache.table;
      const numAllNodes = slots.length;
      if (numAllNodes === 0) return fail(ctx, key, pod, uid, tried, NO_NODES_AVAILABLE);

      // Filter, round robin from where the last decision stopped, until enough nodes fit.
      const toFind = numFeasibleNodesToFind(percentage, numAllNodes);
      const feasible: number[] = [];
      const statuses = new Map<string, NodeStatus>();
      let processed = 0;
      for (let i = 0; i < numAllNodes && feasible.length < toFind; i++) {
        const slot = slots[(nextStartNodeIndex + i) % numAllNodes]!;
        processed++;
        if (fitsAtOnce(p, table, slot)) {
          feasible.push(slot);
          continue;
        }
        const node = table.infos[slot] as NodeInfo;
        const status = filterNode(p, node);
        if (status) statuses.set(node.name, status);
        else feasible.push(slot);
      }
      nextStartNodeIndex = (nextStartNodeIndex + processed) % numAllNodes;

      if (feasible.length === 0) {
        const message = formatFitError(numAllNodes, statuses.values(), preemptionMessage(p, statuses));
        return fail(ctx, key, pod, uid, tried, message);
      }

      let chosen = feasible[0]!;
      if (feasible.length > 1) {
        const scores = scoreNodes(p, cache, feasible);
        const random = ctx.random("scheduler");
        let best = scores[0]!;
        let count = 1;
        for (let i = 1; i < feasible.length; i++) {
          const s = scores[i]!;
          if (s > best) {
            best = s;
            count = 1;
            chosen = feasible[i]!;
          } else if (s === best) {
            count++;
            // Replace the candidate with probability 1/count (selectHost's reservoir sampling).
            if (random.int(0, count - 1) === 0) chosen = feasible[i]!;
          }
        }
      }
      bind(ctx, pod, (table.infos[chosen] as NodeInfo).name);
      unschedulable.delete(key);
      attempts.delete(key);
      return undefined;
    },
  };

  /** The unschedulable path of `handleSchedulingFailure`. */
  function fail(
    ctx: ReconcileContext,
    key: string,
    pod: Pod,
    uid: string,
    tried: Attempts | undefined,
    message: string,
  ): { requeueAfterMs: number } | undefined {
    const count = tried && tried.uid === uid ? tried.count + 1 : 1;
    attempts.set(key, { uid, count, lastMs: ctx.nowMs });
    unschedulable.add(key);
    const now = ctx.tx.timestamp(ctx.nowMs);
    ctx.tx.mutate({ kind: "Pod", namespace: pod.metadata!.namespace!, name: pod.metadata!.name! }, (d) => {
      const draft = d as { status?: Pod["status"] };
      draft.status ??= {};
      setPodScheduled(draft.status, {
        type: "PodScheduled",
        status: "False",
        lastProbeTime: null as unknown as string,
        lastTransitionTime: now,
        reason: "Unschedulable",
        message,
      });
    });
    recordEvent(ctx.tx, ctx.nowMs, pod as KubeObject, SOURCE, {
      type: "Warning",
      reason: "FailedScheduling",
      message: truncateEventMessage(message),
    });
    return options.unschedulableRetryMs === undefined
      ? undefined
      : { requeueAfterMs: options.unschedulableRetryMs };
  }

  /**
   * DefaultPreemption's verdict, as its PostFilter message (K8s
   * pkg/scheduler/framework/preemption/preemption.go `Preempt`, defaultpreemption `PostFilter`,
   * `SelectVictimsOnNode`): only nodes that failed with `Unschedulable` are tried; on each, the
   * pods of lower priority are the potential victims; none gives `No preemption victims found for
   * incoming pod`, and if the pod still does not fit without them the filter's reasons stay.
   * Nodes not tried are `Preemption is not helpful for scheduling`. Empty when some node would
   * fit after preemption (the real scheduler then reports no preemption message).
   */
  function preemptionMessage(p: PodToSchedule, statuses: ReadonlyMap<string, NodeStatus>): string {
    if (p.pod.spec?.preemptionPolicy === "Never")
      return "preemption: not eligible due to preemptionPolicy=Never.";
    const numAllNodes = cache.nodeNames().length;
    const results: NodeStatus[] = [];
    for (const [nodeName, status] of statuses) {
      if (status.code !== "Unschedulable") {
        results.push({
          code: "UnschedulableAndUnresolvable",
          reasons: ["Preemption is not helpful for scheduling"],
        });
        continue;
      }
      const node = cache.node(nodeName)!;
      const victims = new Set<CachedPod>();
      for (const other of node.pods.values()) if (other.priority < p.priority) victims.add(other);
      if (victims.size === 0) {
        results.push({
          code: "UnschedulableAndUnresolvable",
          reasons: ["No preemption victims found for incoming pod"],
        });
        continue;
      }
      const after = filterNode(p, node, victims);
      if (!after) return "";
      results.push(after);
    }
    return `preemption: ${formatFitError(numAllNodes, results)}`;
  }
}

/** Binds as the Binding subresource does: `spec.nodeName` and `PodScheduled=True` in one write. */
function bind(ctx: ReconcileContext, pod: Pod, nodeName: string): void {
  const namespace = pod.metadata!.namespace!;
  const name = pod.metadata!.name!;
  const now = ctx.tx.timestamp(ctx.nowMs);
  ctx.tx.mutate({ kind: "Pod", namespace, name }, (d) => {
    const draft = d as unknown as { spec: NonNullable<Pod["spec"]>; status?: Pod["status"] };
    draft.spec.nodeName = nodeName;
    draft.status ??= {};
    setPodScheduled(draft.status, {
      type: "PodScheduled",
      status: "True",
      lastProbeTime: null as unknown as string,
      lastTransitionTime: now,
    });
  });
  recordEvent(ctx.tx, ctx.nowMs, pod as KubeObject, SOURCE, {
    type: "Normal",
    reason: "Scheduled",
    message: `Successfully assigned ${namespace}/${name} to ${nodeName}`,
  });
}

/**
 * `podutil.UpdatePodCondition`: replaces the PodScheduled condition (or appends it), keeping
 * the old `lastTransitionTime` when the status did not change.
 */
function setPodScheduled(status: NonNullable<Pod["status"]>, condition: PodCondition): void {
  status.conditions ??= [];
  const conditions = status.conditions;
  const i = conditions.findIndex((c) => c.type === condition.type);
  if (i < 0) {
    conditions.push(condition);
    return;
  }
  const old = conditions[i]!;
  const next =
    old.status === condition.status && old.lastTransitionTime
      ? { ...condition, lastTransitionTime: old.lastTransitionTime }
      : condition;
  if (
    old.status === next.status &&
    old.reason === next.reason &&
    old.message === next.message &&
    old.lastTransitionTime === next.lastTransitionTime &&
    old.lastProbeTime === next.lastProbeTime
  ) {
    return;
  }
  conditions[i] = next;
}
