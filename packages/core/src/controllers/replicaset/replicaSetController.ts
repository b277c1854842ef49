/**
 * The ReplicaSet controller of kube-controller-manager (K8s pkg/controller/replicaset/replica_set.go),
 * shared with the ReplicationController manager (pkg/controller/replication), which Kubernetes also
 * builds on the ReplicaSet code.
 *
 * @module
 */

import type { Pod, PodTemplateSpec } from "kubernetes-types/core/v1.js";
import type { KubeObject } from "../../api/KubeObject.js";
import { StatusError } from "../../api/StatusError.js";
import type { Controller, ReconcileContext, ReconcileResult } from "../../controller/Controller.js";
import { objectKey, splitObjectKey } from "../../controller/Controller.js";
import { Interner } from "../../engine/Interner.js";
import { recordEvent } from "../../events/recordEvent.js";
import type { Selector, SelectorResult } from "../../labels/selector.js";
import { labelSelectorAsSelector, selectorFromSet, selectorMatches } from "../../labels/selector.js";
import { deepEqual, type WatchEvent } from "../../store/ObjectStore.js";
import { controllerRefOf, newControllerRef, OwnerIndex } from "./ownerRefs.js";
import { getPodsToDelete, isPodActive, isPodAvailable, isPodReady } from "./podUtil.js";

/** `burstReplicas`: the most pods one sync creates or deletes (kube-controller-manager's default). */
export const BURST_REPLICAS = 500;

/** What differs between the ReplicaSet controller and the ReplicationController manager. */
export interface ReplicaManagerKind {
  /** `ReplicaSet` or `ReplicationController`. */
  readonly kind: string;
  /** The controller's name in the simulation. */
  readonly name: string;
  /** The event source component (`replicaset-controller`, `replication-controller`). */
  readonly component: string;
  /** The selector of an object of this kind. */
  selectorOf(obj: KubeObject): SelectorResult;
}

interface WorkloadSpec {
  replicas?: number;
  minReadySeconds?: number;
  template?: PodTemplateSpec;
}

interface WorkloadStatus {
  replicas?: number;
  fullyLabeledReplicas?: number;
  readyReplicas?: number;
  availableReplicas?: number;
  observedGeneration?: number;
  conditions?: {
    type: string;
    status: string;
    reason?: string;
    message?: string;
    lastTransitionTime?: string;
  }[];
}

/** What the manager remembers of a workload object, fed by its watch (the informer's cache). */
interface WorkloadInfo {
  readonly uid: string;
  readonly selector: Selector | undefined;
  readonly minReadySeconds: number;
}

/**
 * The ReplicaSet controller: keeps `spec.replicas` active pods matching the selector, created from
 * the template (`generateName: <rs>-`, the template's labels, annotations and finalizers, a controller
 * reference), adopting matching orphans and releasing owned pods that stop matching; on scale-down it
 * deletes pods in Kubernetes' order ({@link getPodsToDelete}); it writes `status` (replicas,
 * fullyLabeledReplicas, readyReplicas, availableReplicas honouring minReadySeconds, observedGeneration)
 * and records `SuccessfulCreate` / `SuccessfulDelete` events.
 *
 * Differences from kube-controller-manager, by design: reads are consistent (one transaction per
 * reconcile), so no expectations are needed; pods are created in one burst of at most
 * {@link BURST_REPLICAS} instead of slow-start batches. Deleting a ReplicaSet's pods with it is the
 * garbage collector's work, not this controller's.
 *
 * In-memory state (derived from watch events only, so it never diverges from the store's history):
 * an index from owner uid to controlled pods (to find owned pods that stopped matching without
 * listing the namespace), and each workload's uid and selector per namespace (to map an orphan pod
 * to the workloads that may adopt it).
 */
export function replicaSetController(): Controller {
  return replicaManager({
    kind: "ReplicaSet",
    name: "replicaset-controller",
    component: "replicaset-controller",
    selectorOf: (rs) => labelSelectorAsSelector((rs.spec as { selector?: never } | undefined)?.selector),
  });
}

/**
 * The shared replica manager behind {@link replicaSetController} and the ReplicationController manager.
 */
export function replicaManager(k: ReplicaManagerKind): Controller {
  const podOwners = new OwnerIndex();
  const workloads = new Map<string, Map<string, WorkloadInfo>>();
  const failures = new Map<string, number>();
  // Parsed selectors by the (frozen, hence unchanging) object they come from: a workload is
  // synced on every change of each of its pods, and its spec object stays the same across its
  // status updates, so parsing once per spec saves a parse (and its sorting) per sync.
  const selectors = new WeakMap<object, SelectorResult>();
  const templateSelectors = new WeakMap<object, Selector>();
  /** Controller references and generateNames, one per owner for all its pods (room for 10,000 owners' pairs and more). */
  const shared = new Interner(65_536);
  /** The `source` of this controller's events, one object for all of them. */
  const source = Object.freeze({ component: k.component });
  const selectorOf = (obj: KubeObject): SelectorResult => {
    const spec = obj.spec;
    if (typeof spec !== "object" || spec === null) return k.selectorOf(obj);
    let selected = selectors.get(spec);
    if (!selected) {
      selected = k.selectorOf(obj);
      selectors.set(spec, selected);
    }
    return selected;
  };
  const templateSelectorOf = (labels: Record<string, string> | undefined): Selector => {
    if (!labels) return selectorFromSet(labels);
    let selector = templateSelectors.get(labels);
    if (!selector) {
      selector = selectorFromSet(labels);
      templateSelectors.set(labels, selector);
    }
    return selector;
  };

  const workloadKeys = (e: WatchEvent): string[] => {
    const ns = e.object.metadata.namespace ?? "";
    const name = e.object.metadata.name ?? "";
    let byName = workloads.get(ns);
    if (e.type === "DELETED") {
      byName?.delete(name);
    } else {
      if (!byName) {
        byName = new Map();
        workloads.set(ns, byName);
      }
      const sel = selectorOf(e.object);
      byName.set(name, {
        uid: e.object.metadata.uid ?? "",
        selector: sel.ok ? sel.selector : undefined,
        minReadySeconds: (e.object.spec as WorkloadSpec | undefined)?.minReadySeconds ?? 0,
      });
    }
    return [objectKey(ns, name)];
  };

  const podKeys = (e: WatchEvent): string[] => {
    const pod = e.object;
    const ns = pod.metadata.namespace ?? "";
    const podKey = objectKey(ns, pod.metadata.name ?? "");
    const ref = controllerRefOf(pod);
    const ours = ref?.kind === k.kind ? ref : undefined;
    podOwners.set(podKey, e.type === "DELETED" || !ours ? undefined : ours.uid);
    if (
      ours &&
      e.type === "MODIFIED" &&
      !syncMayChange(ns, ours.name, ours.uid, e.oldObject as Pod, pod as Pod)
    )
      return [];
    const keys = new Set<string>();
    if (ours) keys.add(objectKey(ns, ours.name));
    const oldRef = controllerRefOf(e.oldObject);
    if (oldRef?.kind === k.kind && oldRef.uid !== ours?.uid) keys.add(objectKey(ns, oldRef.name));
    if (!ref && e.type !== "DELETED") {
      // An orphan: every workload of its namespace whose selector matches may adopt it.
      const labels = pod.metadata.labels ?? {};
      for (const [name, info] of workloads.get(ns) ?? []) {
        if (info.selector && selectorMatches(info.selector, labels)) keys.add(objectKey(ns, name));
      }
    }
    return [...keys].sort();
  };

  /**
   * Whether a pod update can change what a sync of its owner does. K8s's `updatePod` queues the
   * owner on every update; the sync then reads only the pod's labels, controller reference,
   * deletion timestamp, phase and readiness (`isPodActive`, `IsPodReady`, the claim), so an
   * update of anything else (binding, addresses, container states) ends in the same status and
   * the same creates and deletes, and is not queued here. Always queued: a workload with
   * `minReadySeconds` (availability depends on when it syncs) or with a failed create waiting
   * for a retry (any sync retries it, as in K8s).
   */
  const syncMayChange = (ns: string, owner: string, uid: string, old: Pod | undefined, pod: Pod): boolean => {
    if (!old || controllerRefOf(old as KubeObject)?.uid !== uid) return true;
    const info = workloads.get(ns)?.get(owner);
    if (!info || info.uid !== uid || info.minReadySeconds > 0 || failures.has(objectKey(ns, owner)))
      return true;
    return (
      old.metadata?.deletionTimestamp !== pod.metadata?.deletionTimestamp ||
      old.status?.phase !== pod.status?.phase ||
      isPodReady(old as KubeObject) !== isPodReady(pod as KubeObject) ||
      !deepEqual(old.metadata?.labels ?? {}, pod.metadata?.labels ?? {})
    );
  };

  return {
    name: k.name,
    watches: [
      { filter: { kind: k.kind }, keys: workloadKeys },
      { filter: { kind: "Pod" }, keys: podKeys },
    ],
    reconcile(key, ctx) {
      const result = sync(key, ctx);
      if (result.failed) {
        // A failed create is retried with the workqueue's rate-limited back-off.
        const n = (failures.get(key) ?? 0) + 1;
        failures.set(key, n);
        return { requeueAfterMs: Math.min(5 * 2 ** (n - 1), 1_000_000) };
      }
      failures.delete(key);
      return result.requeue;
    },
  };

  function sync(key: string, ctx: ReconcileContext): { failed?: boolean; requeue?: ReconcileResult } {
    const { tx, nowMs } = ctx;
    const { namespace, name } = splitObjectKey(key);
    const rs = tx.get(k.kind, namespace, name);
    // A deleted ReplicaSet's pods are the garbage collector's to delete (or orphan).
    if (!rs) return {};
    const uid = rs.metadata.uid ?? "";
    const spec = (rs.spec ?? {}) as WorkloadSpec;
    const selected = selectorOf(rs);
    if (!selected.ok) return {};
    const selector = selected.selector;

    // The candidates: pods the selector matches, and pods this workload controls (which may no
    // longer match and are then released).
    const candidates = new Map<string, KubeObject>();
    for (const pod of tx.list("Pod", { namespace, labelSelector: selector }))
      candidates.set(pod.metadata.name!, pod);
    // The list is in name order; owned pods it missed (rare) are added, and then sorted in.
    let missed = false;
    for (const podKey of podOwners.ownedUnordered(uid)) {
      const podName = splitObjectKey(podKey).name;
      if (candidates.has(podName)) continue;
      const pod = tx.get("Pod", namespace, podName);
      if (pod) {
        candidates.set(podName, pod);
        missed = true;
      }
    }
    const names = missed ? [...candidates.keys()].sort() : [...candidates.keys()];

    // ClaimPods (pkg/controller/controller_ref_manager.go) over the active pods.
    const claimed: KubeObject[] = [];
    const deleting = rs.metadata.deletionTimestamp !== undefined;
    for (const podName of names) {
      const pod = candidates.get(podName)!;
      if (!isPodActive(pod)) continue;
      const ref = controllerRefOf(pod);
      const matches = selectorMatches(selector, pod.metadata.labels ?? {});
      if (ref) {
        if (ref.uid !== uid) continue;
        if (matches) claimed.push(pod);
        else if (!deleting) {
          tx.mutate({ kind: "Pod", namespace, name: podName }, (d) => {
            d.metadata.ownerReferences = d.metadata.ownerReferences?.filter((r) => r.uid !== uid);
            if (d.metadata.ownerReferences?.length === 0) delete d.metadata.ownerReferences;
          });
        }
        continue;
      }
      if (deleting || !matches) continue;
      claimed.push(
        tx.mutate({ kind: "Pod", namespace, name: podName }, (d) => {
          d.metadata.ownerReferences = [...(d.metadata.ownerReferences ?? []), newControllerRef(rs)];
        }),
      );
    }

    let failure: string | undefined;
    if (!deleting) failure = manageReplicas(ctx, rs, spec, claimed);

    // calculateStatus: counted over the pods claimed before this sync's creates and deletes, as in
    // Kubernetes; the watch events of those writes bring the next sync.
    const minReadySeconds = spec.minReadySeconds ?? 0;
    const templateSelector = templateSelectorOf(spec.template?.metadata?.labels);
    let fullyLabeled = 0;
    let ready = 0;
    let available = 0;
    for (const pod of claimed) {
      if (selectorMatches(templateSelector, pod.metadata.labels ?? {})) fullyLabeled++;
      if (isPodReady(pod)) {
        ready++;
        if (isPodAvailable(pod, minReadySeconds, nowMs)) available++;
      }
    }
    const old = (rs.status ?? {}) as WorkloadStatus;
    let conditions = old.conditions?.filter((c) => c.type !== "ReplicaFailure" || failure !== undefined);
    if (failure !== undefined && !old.conditions?.some((c) => c.type === "ReplicaFailure")) {
      const reason = claimed.length < (spec.replicas ?? 1) ? "FailedCreate" : "FailedDelete";
      conditions = [
        ...(conditions ?? []),
        {
          type: "ReplicaFailure",
          status: "True",
          lastTransitionTime: ctx.tx.timestamp(ctx.nowMs),
          reason,
          message: failure,
        },
      ];
    }
    const status: WorkloadStatus = {
      replicas: claimed.length,
      ...(fullyLabeled ? { fullyLabeledReplicas: fullyLabeled } : {}),
      ...(ready ? { readyReplicas: ready } : {}),
      ...(available ? { availableReplicas: available } : {}),
      ...(rs.metadata.generation ? { observedGeneration: rs.metadata.generation } : {}),
      ...(conditions && conditions.length > 0 ? { conditions } : {}),
    };
    tx.mutate({ kind: k.kind, namespace, name }, (d) => {
      d.status = status;
    });
    if (failure !== undefined) return { failed: true };
    const replicas = spec.replicas ?? 1;
    if (minReadySeconds > 0 && ready === replicas && available !== replicas) {
      return { requeue: { requeueAfterMs: minReadySeconds * 1000 } };
    }
    return {};
  }

  /** `manageReplicas`: creates or deletes pods; returns the error message of a failed create. */
  function manageReplicas(
    ctx: ReconcileContext,
    rs: KubeObject,
    spec: WorkloadSpec,
    pods: readonly KubeObject[],
  ): string | undefined {
    const { tx, nowMs } = ctx;
    const namespace = rs.metadata.namespace ?? "";
    const diff = pods.length - (spec.replicas ?? 1);
    if (diff < 0) {
      const n = Math.min(-diff, BURST_REPLICAS);
      for (let i = 0; i < n; i++) {
        try {
          const pod = tx.create(podFromTemplate(rs, spec.template ?? {}, shared));
          recordEvent(tx, nowMs, rs, source, {
            type: "Normal",
            reason: "SuccessfulCreate",
            message: `Created pod: ${pod.metadata.name}`,
          });
        } catch (err) {
          if (!(err instanceof StatusError)) throw err;
          recordEvent(tx, nowMs, rs, source, {
            type: "Warning",
            reason: "FailedCreate",
            message: `Error creating: ${err.message}`,
          });
          return err.message;
        }
      }
    } else if (diff > 0) {
      const n = Math.min(diff, BURST_REPLICAS);
      const related = relatedPods(ctx, rs, pods);
      for (const pod of getPodsToDelete(pods, related, n, nowMs)) {
        tx.delete({ kind: "Pod", namespace, name: pod.metadata.name! });
        recordEvent(tx, nowMs, rs, source, {
          type: "Normal",
          reason: "SuccessfulDelete",
          message: `Deleted pod: ${pod.metadata.name}`,
        });
      }
    }
    return undefined;
  }

  /**
   * `getIndirectlyRelatedPods`: the pods of every workload with the same controller as `rs` (the
   * ReplicaSets of one Deployment), whose colocation ranks pods for deletion.
   */
  function relatedPods(ctx: ReconcileContext, rs: KubeObject, own: readonly KubeObject[]): KubeObject[] {
    const owner = controllerRefOf(rs);
    if (!owner) return [...own];
    const namespace = rs.metadata.namespace ?? "";
    const out = new Map<string, KubeObject>();
    for (const [name, info] of workloads.get(namespace) ?? []) {
      const sibling = ctx.tx.get(k.kind, namespace, name);
      if (!sibling || controllerRefOf(sibling)?.uid !== owner.uid) continue;
      for (const podKey of podOwners.owned(info.uid)) {
        const pod = ctx.tx.get("Pod", namespace, splitObjectKey(podKey).name);
        if (pod) out.set(podKey, pod);
      }
    }
    for (const pod of own) out.set(objectKey(namespace, pod.metadata.name!), pod);
    return [...out.values()];
  }
}

/**
 * `controller.GetPodFromTemplate`: a pod named `<owner>-<5 random characters>` (by `generateName`),
 * with the template's labels, annotations, finalizers and spec, controlled by `owner`. With
 * `shared`, the pods of one owner share their controller reference and generateName.
 */
export function podFromTemplate(owner: KubeObject, template: PodTemplateSpec, shared?: Interner): KubeObject {
  const meta = template.metadata ?? {};
  // A stored template is frozen: its labels can be the pods' own (they are equal, and immutable).
  const labels = meta.labels && Object.isFrozen(meta.labels) ? meta.labels : { ...meta.labels };
  const pod: Pod = {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      generateName: shared ? shared.string(`${owner.metadata.name}-`) : `${owner.metadata.name}-`,
      namespace: owner.metadata.namespace ?? "default",
      ...(meta.labels && Object.keys(meta.labels).length > 0 ? { labels } : {}),
      ...(meta.annotations && Object.keys(meta.annotations).length > 0
        ? { annotations: { ...meta.annotations } }
        : {}),
      ...(meta.finalizers && meta.finalizers.length > 0 ? { finalizers: [...meta.finalizers] } : {}),
      ownerReferences: shared
        ? shared.value(`ownerReferences\u0000${owner.metadata.uid}`, () => [newControllerRef(owner)])
        : [newControllerRef(owner)],
    },
    spec: template.spec ?? { containers: [] },
  };
  return pod as KubeObject;
}
