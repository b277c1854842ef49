import type { Node, Pod, PodCondition, Taint, Toleration } from "kubernetes-types/core/v1.js";
import type { KubeObject } from "../../api/KubeObject.js";
import type { Controller, ReconcileResult } from "../../controller/Controller.js";
import { formatTimestamp } from "../../engine/VirtualClock.js";
import { deepEqual, type Transaction } from "../../store/ObjectStore.js";
import { nodeNameOf, PodsByNode } from "./PodsByNode.js";
import { getMatchingTolerations, minTolerationMs, noExecuteTaints } from "./taints.js";
import { tryRecordEvent } from "./tryRecordEvent.js";

/** The controller's name, which is also the `source.component` of its events. */
export const TAINT_EVICTION_CONTROLLER = "taint-eviction-controller";

const SOURCE = Object.freeze({ component: TAINT_EVICTION_CONTROLLER });
const NODE = "node:";
const POD = "pod:";

/**
 * The taint eviction controller of kube-controller-manager (K8s
 * `pkg/controller/tainteviction/taint_eviction.go`; a separate controller since the
 * SeparateTaintEvictionController feature): evicts pods from nodes with `NoExecute` taints.
 * A pod that does not tolerate every NoExecute taint of its node is deleted at once; one whose
 * matching tolerations all tolerate forever stays; otherwise it is deleted when the smallest
 * `tolerationSeconds` has passed since the controller first saw it on the tainted node (the
 * DefaultTolerationSeconds admission plugin gives every pod 300 s for `not-ready` and
 * `unreachable`). A deletion records Normal `TaintManagerEviction` `Marking for deletion Pod
 * <namespace>/<name>`, adds the `DisruptionTarget` condition and deletes the pod with its own grace
 * period; a scheduled deletion that no longer applies (taint gone, pod gone, toleration now
 * forever) records `Cancelling deletion of Pod <namespace>/<name>`.
 *
 * Pending deletions are foreground work (reconcile requeues), so `settle()` waits for them.
 *
 * Derived in-memory state, fed by its watches: pods by `spec.nodeName` ({@link PodsByNode}) and
 * the scheduled deletions with the instant each fires (the real controller's `TimedWorkerQueue`).
 */
export function taintEvictionController(): Controller {
  const pods = new PodsByNode();
  /** Scheduled deletions: pod `namespace/name` -> the instant it fires. */
  const scheduled = new Map<string, number>();

  return {
    name: TAINT_EVICTION_CONTROLLER,
    watches: [
      {
        filter: { kind: "Node" },
        keys: (event) => {
          const now = noExecuteTaints((event.object as Node).spec?.taints);
          const before = event.oldObject ? noExecuteTaints((event.oldObject as Node).spec?.taints) : [];
          if (event.type !== "DELETED" && deepEqual(now, before)) return [];
          return [NODE + event.object.metadata.name!];
        },
      },
      {
        filter: { kind: "Pod" },
        keys: (event) => {
          const { before, after } = pods.observe(event);
          const key = `${POD}${event.object.metadata.namespace}/${event.object.metadata.name}`;
          if (event.type === "DELETED") return [key];
          const old = event.oldObject as Pod | undefined;
          const pod = event.object as Pod;
          if (old && before === after && deepEqual(old.spec?.tolerations, pod.spec?.tolerations)) return [];
          return after ? [key] : [];
        },
      },
    ],
    reconcile(key, { tx, nowMs }) {
      let next = Number.POSITIVE_INFINITY;
      if (key.startsWith(NODE)) {
        const nodeName = key.slice(NODE.length);
        const node = tx.get("Node", "", nodeName) as (Node & KubeObject) | undefined;
        const taints = noExecuteTaints(node?.spec?.taints);
        for (const podKey of pods.podsOn(nodeName)) {
          next = Math.min(next, processPod(tx, nowMs, podKey, taints));
        }
      } else if (key.startsWith(POD)) {
        const podKey = key.slice(POD.length);
        const pod = getPod(tx, podKey);
        if (!pod) {
          cancel(tx, nowMs, podKey);
        } else {
          const node = tx.get("Node", "", nodeNameOf(pod)) as (Node & KubeObject) | undefined;
          // A pod on a node without NoExecute taints has nothing scheduled (`handlePodUpdate`).
          if (node) next = processPod(tx, nowMs, podKey, noExecuteTaints(node.spec?.taints));
        }
      }
      return next === Number.POSITIVE_INFINITY
        ? undefined
        : ({ requeueAfterMs: next - nowMs } as ReconcileResult);
    },
  };

  /** `processPodOnNode`, firing the deletion when it is due; returns the instant of a pending one (or Infinity). */
  function processPod(tx: Transaction, nowMs: number, podKey: string, taints: readonly Taint[]): number {
    const pod = getPod(tx, podKey);
    if (!pod || pod.metadata.deletionTimestamp) return Number.POSITIVE_INFINITY;
    if (taints.length === 0) {
      cancel(tx, nowMs, podKey);
      return Number.POSITIVE_INFINITY;
    }
    const tolerations: Toleration[] = pod.spec?.tolerations ?? [];
    const { allTolerated, used } = getMatchingTolerations(taints, tolerations);
    if (!allTolerated) {
      cancel(tx, nowMs, podKey);
      evict(tx, nowMs, podKey, pod);
      return Number.POSITIVE_INFINITY;
    }
    const min = minTolerationMs(used);
    if (min < 0) {
      cancel(tx, nowMs, podKey);
      return Number.POSITIVE_INFINITY;
    }
    // An existing scheduled deletion is kept: it started earlier, so it fires no later.
    let fireAt = scheduled.get(podKey);
    if (fireAt === undefined) {
      fireAt = nowMs + min;
      scheduled.set(podKey, fireAt);
    }
    if (fireAt > nowMs) return fireAt;
    evict(tx, nowMs, podKey, pod);
    return Number.POSITIVE_INFINITY;
  }

  /** `deletePodHandler` + `addConditionAndDeletePod`. */
  function evict(tx: Transaction, nowMs: number, podKey: string, pod: Pod & KubeObject): void {
    scheduled.delete(podKey);
    const namespace = pod.metadata.namespace!;
    const name = pod.metadata.name!;
    tryRecordEvent(tx, nowMs, podRef(namespace, name), SOURCE, {
      type: "Normal",
      reason: "TaintManagerEviction",
      message: `Marking for deletion Pod ${namespace}/${name}`,
    });
    const condition = {
      type: "DisruptionTarget",
      status: "True",
      lastProbeTime: null,
      lastTransitionTime: formatTimestamp(nowMs),
      reason: "DeletionByTaintManager",
      message: "Taint manager: deleting due to NoExecute taint",
    } as unknown as PodCondition;
    const conditions = pod.status?.conditions ?? [];
    const existing = conditions.find((c) => c.type === "DisruptionTarget");
    if (
      !existing ||
      existing.status !== condition.status ||
      existing.reason !== condition.reason ||
      existing.message !== condition.message
    ) {
      tx.mutate({ kind: "Pod", namespace, name }, (d) => {
        const draft = d as { status?: { conditions?: PodCondition[] } };
        if (!draft.status) draft.status = {};
        if (!draft.status.conditions) draft.status.conditions = [];
        const cs = draft.status.conditions;
        const i = cs.findIndex((c) => c.type === "DisruptionTarget");
        // UpdatePodCondition keeps lastTransitionTime when the status does not change.
        if (i >= 0)
          cs[i] =
            cs[i]!.status === "True"
              ? { ...condition, lastTransitionTime: cs[i]!.lastTransitionTime }
              : condition;
        else cs.push(condition);
      });
    }
    tx.delete({ kind: "Pod", namespace, name });
  }

  /** `cancelWorkWithEvent`. */
  function cancel(tx: Transaction, nowMs: number, podKey: string): void {
    if (!scheduled.delete(podKey)) return;
    const i = podKey.indexOf("/");
    const namespace = podKey.slice(0, i);
    tryRecordEvent(tx, nowMs, podRef(namespace, podKey.slice(i + 1)), SOURCE, {
      type: "Normal",
      reason: "TaintManagerEviction",
      message: `Cancelling deletion of Pod ${podKey}`,
    });
  }
}

function getPod(tx: Transaction, podKey: string): (Pod & KubeObject) | undefined {
  const i = podKey.indexOf("/");
  return tx.get("Pod", podKey.slice(0, i), podKey.slice(i + 1)) as (Pod & KubeObject) | undefined;
}

/** The reference the taint eviction controller's events carry: no uid, no resourceVersion. */
function podRef(namespace: string, name: string): KubeObject {
  return { apiVersion: "v1", kind: "Pod", metadata: { namespace, name } };
}
