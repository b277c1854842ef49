/**
 * The Deployment controller of kube-controller-manager (K8s pkg/controller/deployment:
 * deployment_controller.go, sync.go, rolling.go, recreate.go, progress.go).
 *
 * @module
 */

import { castDraft } from "immer";
import type {
  Deployment,
  DeploymentCondition,
  DeploymentStatus,
  ReplicaSet,
} from "kubernetes-types/apps/v1.js";
import type { PodTemplateSpec } from "kubernetes-types/core/v1.js";
import type { LabelSelector } from "kubernetes-types/meta/v1.js";
import type { KubeObject } from "../../api/KubeObject.js";
import type { Controller, ReconcileContext, ReconcileResult } from "../../controller/Controller.js";
import { objectKey, splitObjectKey } from "../../controller/Controller.js";
import { parseTimestamp } from "../../engine/VirtualClock.js";
import { recordEvent } from "../../events/recordEvent.js";
import type { Selector } from "../../labels/selector.js";
import { labelSelectorAsSelector, selectorMatches } from "../../labels/selector.js";
import type { Simulation } from "../../Simulation.js";
import type { Transaction, WatchEvent } from "../../store/ObjectStore.js";
import { controllerRefOf, newControllerRef, OwnerIndex } from "../replicaset/ownerRefs.js";
import { computeHash } from "./computeHash.js";
import {
  activeReplicaSets,
  byCreationTimestamp,
  byRevision,
  bySizeNewer,
  bySizeOlder,
  DESIRED_REPLICAS_ANNOTATION,
  deploymentComplete,
  deploymentProgressing,
  deploymentTimedOut,
  findActiveOrLatest,
  findNewReplicaSet,
  getCondition,
  getProportion,
  hasProgressDeadline,
  intAnnotation,
  isRollingUpdate,
  isSaturated,
  maxRevision,
  maxSurge,
  maxUnavailable,
  newRSNewReplicas,
  POD_TEMPLATE_HASH_LABEL,
  REASONS,
  REVISION_ANNOTATION,
  removeCondition,
  replicasOf,
  setCondition,
  setNewReplicaSetAnnotations,
  setReplicasAnnotations,
  specReplicas,
  statusSum,
} from "./deploymentUtil.js";

const SOURCE = Object.freeze({ component: "deployment-controller" });
const NAME = "deployment-controller";

/** Options of {@link deploymentController}. */
export interface DeploymentControllerOptions {
  /** The simulation, to schedule progress-deadline checks as background timers. */
  readonly sim?: Pick<Simulation, "schedule" | "enqueue">;
}

/** One sync of one Deployment: the transaction, the time, and the Deployment as last written. */
interface SyncState {
  readonly tx: Transaction;
  readonly nowMs: number;
  d: Deployment;
}

/**
 * The Deployment controller: for each Deployment it owns ReplicaSets (adopting matching orphans,
 * releasing those that stop matching), creates the new ReplicaSet `<deployment>-<pod-template-hash>`
 * for the current template, and moves replicas from old to new ones with the RollingUpdate strategy
 * (maxSurge rounded up, maxUnavailable rounded down) or Recreate; it scales proportionally on a scaling
 * event during a rollout, keeps `deployment.kubernetes.io/revision` (and desired-replicas/max-replicas)
 * annotations, deletes old ReplicaSets beyond `revisionHistoryLimit`, writes status (replicas, updated,
 * ready, available, unavailable, Available/Progressing conditions, observedGeneration) and records
 * `ScalingReplicaSet` events.
 *
 * The pod-template-hash is not Kubernetes' value (see {@link computeHash}).
 *
 * In-memory state (derived from watch events only): owner uid → ReplicaSets, ReplicaSet → owning
 * Deployment, and each Deployment's selector per namespace (to map an orphan ReplicaSet to the
 * Deployments that may adopt it).
 *
 * The check of a rollout's progress deadline (`requeueStuckDeployment`) is scheduled as background
 * work on `options.sim` when given, so that `settle()` does not wait ten minutes for a deadline that a
 * healthy rollout never reaches; without it the check is an ordinary requeue.
 */
export function deploymentController(options: DeploymentControllerOptions = {}): Controller {
  const { sim } = options;
  /** Keys with a progress-deadline check scheduled on the simulation. */
  const deadlineChecks = new Set<string>();
  const rsOwners = new OwnerIndex();
  const rsDeployment = new Map<string, string>();
  const selectors = new Map<string, Map<string, Selector | undefined>>();

  const deploymentKeys = (e: WatchEvent): string[] => {
    const ns = e.object.metadata.namespace ?? "";
    const name = e.object.metadata.name ?? "";
    let byName = selectors.get(ns);
    if (e.type === "DELETED") {
      byName?.delete(name);
    } else {
      if (!byName) {
        byName = new Map();
        selectors.set(ns, byName);
      }
      const sel = labelSelectorAsSelector((e.object as Deployment).spec?.selector as never);
      byName.set(name, sel.ok ? sel.selector : undefined);
    }
    return [objectKey(ns, name)];
  };

  const replicaSetKeys = (e: WatchEvent): string[] => {
    const rs = e.object;
    const ns = rs.metadata.namespace ?? "";
    const rsKey = objectKey(ns, rs.metadata.name ?? "");
    const ref = controllerRefOf(rs);
    const ours = ref?.kind === "Deployment" ? ref : undefined;
    const gone = e.type === "DELETED";
    rsOwners.set(rsKey, gone || !ours ? undefined : ours.uid);
    if (gone || !ours) rsDeployment.delete(rsKey);
    else rsDeployment.set(rsKey, ours.name);
    const keys = new Set<string>();
    if (ours) keys.add(objectKey(ns, ours.name));
    const oldRef = controllerRefOf(e.oldObject);
    if (oldRef?.kind === "Deployment" && oldRef.uid !== ours?.uid) keys.add(objectKey(ns, oldRef.name));
    if (!ref && !gone) {
      for (const [name, selector] of selectors.get(ns) ?? []) {
        if (selector && selectorMatches(selector, rs.metadata.labels ?? {})) keys.add(objectKey(ns, name));
      }
    }
    return [...keys].sort();
  };

  // A Recreate rollout waits for the old pods to be gone: their deletion wakes the Deployment.
  const podKeys = (e: WatchEvent): string[] => {
    if (e.type !== "DELETED") return [];
    const ref = controllerRefOf(e.object);
    if (ref?.kind !== "ReplicaSet") return [];
    const ns = e.object.metadata.namespace ?? "";
    const owner = rsDeployment.get(objectKey(ns, ref.name));
    return owner ? [objectKey(ns, owner)] : [];
  };

  return {
    name: NAME,
    watches: [
      { filter: { kind: "Deployment" }, keys: deploymentKeys },
      { filter: { kind: "ReplicaSet" }, keys: replicaSetKeys },
      { filter: { kind: "Pod" }, keys: podKeys },
    ],
    reconcile(key, ctx) {
      const { namespace, name } = splitObjectKey(key);
      const found = ctx.tx.get("Deployment", namespace, name) as Deployment | undefined;
      // A deleted Deployment's ReplicaSets are the garbage collector's to delete (or orphan).
      if (!found) return undefined;
      const result = syncDeployment({ tx: ctx.tx, nowMs: ctx.nowMs, d: found }, ctx);
      if (result?.requeueAfterMs === undefined || !sim) return result;
      if (!deadlineChecks.has(key)) {
        deadlineChecks.add(key);
        sim.schedule(
          result.requeueAfterMs,
          () => {
            deadlineChecks.delete(key);
            sim.enqueue(NAME, key);
          },
          { background: true, label: `progress deadline ${key}` },
        );
      }
      return undefined;
    },
  };

  function syncDeployment(s: SyncState, _ctx: ReconcileContext): ReconcileResult | undefined {
    const d = s.d;
    const namespace = d.metadata?.namespace ?? "";
    const selected = labelSelectorAsSelector(d.spec?.selector as never);
    if (!selected.ok) return undefined;
    if (selected.selector.kind === "requirements" && selected.selector.requirements.length === 0) {
      recordEvent(s.tx, s.nowMs, d as KubeObject, SOURCE, {
        type: "Warning",
        reason: "SelectingAll",
        message: "This deployment is selecting all pods. A non-empty selector is required.",
      });
      if ((d.status?.observedGeneration ?? 0) < (d.metadata?.generation ?? 0)) {
        writeStatus(s, { ...d.status, observedGeneration: d.metadata?.generation });
      }
      return undefined;
    }
    const rsList = claimReplicaSets(s, selected.selector, namespace);

    if (d.metadata?.deletionTimestamp) return syncStatusOnly(s, rsList);
    checkPausedConditions(s);
    if (s.d.spec?.paused) return sync(s, rsList);
    if (isScalingEvent(s, rsList)) return sync(s, rsList);
    return isRollingUpdate(s.d) ? rolloutRolling(s, rsList) : rolloutRecreate(s, rsList, selected.selector);
  }

  /** `ClaimReplicaSets`: owned ReplicaSets that match, plus adopted orphans; releases the rest. */
  function claimReplicaSets(s: SyncState, selector: Selector, namespace: string): ReplicaSet[] {
    const uid = s.d.metadata?.uid ?? "";
    const candidates = new Map<string, KubeObject>();
    for (const rs of s.tx.list("ReplicaSet", { namespace, labelSelector: selector }))
      candidates.set(rs.metadata.name!, rs);
    for (const rsKey of rsOwners.owned(uid)) {
      const rsName = splitObjectKey(rsKey).name;
      const rs = s.tx.get("ReplicaSet", namespace, rsName);
      if (rs) candidates.set(rsName, rs);
    }
    const deleting = s.d.metadata?.deletionTimestamp !== undefined;
    const out: ReplicaSet[] = [];
    for (const name of [...candidates.keys()].sort()) {
      const rs = candidates.get(name)!;
      const ref = controllerRefOf(rs);
      const matches = selectorMatches(selector, rs.metadata.labels ?? {});
      if (ref) {
        if (ref.uid !== uid) continue;
        if (matches) out.push(rs as ReplicaSet);
        else if (!deleting) {
          s.tx.mutate({ kind: "ReplicaSet", namespace, name }, (draft) => {
            draft.metadata.ownerReferences = draft.metadata.ownerReferences?.filter((r) => r.uid !== uid);
            if (draft.metadata.ownerReferences?.length === 0) delete draft.metadata.ownerReferences;
          });
        }
        continue;
      }
      if (deleting || !matches || rs.metadata.deletionTimestamp) continue;
      const adopted = s.tx.mutate({ kind: "ReplicaSet", namespace, name }, (draft) => {
        draft.metadata.ownerReferences = [
          ...(draft.metadata.ownerReferences ?? []),
          newControllerRef(s.d as KubeObject),
        ];
      });
      out.push(adopted as ReplicaSet);
    }
    return out;
  }

  /** Writes the Deployment's status (the status subresource) and keeps the written object. */
  function writeStatus(s: SyncState, status: DeploymentStatus): void {
    s.d = s.tx.mutate(refOfDeployment(s.d), (draft) => {
      draft.status = castDraft(status);
    }) as Deployment;
  }

  function refOfDeployment(d: Deployment) {
    return { kind: "Deployment", namespace: d.metadata?.namespace ?? "", name: d.metadata?.name ?? "" };
  }

  function newCondition(
    s: SyncState,
    type: string,
    status: string,
    reason: string,
    message: string,
  ): DeploymentCondition {
    const now = s.tx.timestamp(s.nowMs);
    return { type, status, lastUpdateTime: now, lastTransitionTime: now, reason, message };
  }

  /** `checkPausedConditions`: a Progressing condition of Unknown status while paused and when resumed. */
  function checkPausedConditions(s: SyncState): void {
    if (!hasProgressDeadline(s.d)) return;
    const cond = getCondition(s.d.status, "Progressing");
    if (cond?.reason === REASONS.timedOut) return;
    const pausedCondExists = cond?.reason === REASONS.paused;
    const status: DeploymentStatus = clone(s.d.status ?? {});
    if (s.d.spec?.paused && !pausedCondExists) {
      setCondition(status, newCondition(s, "Progressing", "Unknown", REASONS.paused, "Deployment is paused"));
    } else if (!s.d.spec?.paused && pausedCondExists) {
      setCondition(
        status,
        newCondition(s, "Progressing", "Unknown", REASONS.resumed, "Deployment is resumed"),
      );
    } else return;
    writeStatus(s, status);
  }

  /**
   * `getAllReplicaSetsAndSyncRevision`: the new ReplicaSet (created when asked and missing) and the
   * old ones, with revisions synced.
   */
  function getAllReplicaSetsAndSyncRevision(
    s: SyncState,
    rsList: readonly ReplicaSet[],
    createIfNotExisted: boolean,
  ): { newRS: ReplicaSet | undefined; oldRSs: ReplicaSet[] } {
    const found = findNewReplicaSet(s.d, rsList);
    const oldRSs = rsList.filter((rs) => rs !== found);
    const newRS = getNewReplicaSet(s, found, oldRSs, createIfNotExisted);
    return { newRS, oldRSs };
  }

  function getNewReplicaSet(
    s: SyncState,
    existing: ReplicaSet | undefined,
    oldRSs: readonly ReplicaSet[],
    createIfNotExisted: boolean,
  ): ReplicaSet | undefined {
    const d = s.d;
    const namespace = d.metadata?.namespace ?? "";
    const newRevision = maxRevision(oldRSs) + 1;
    if (existing) {
      const annotations = { ...existing.metadata?.annotations };
      const annotationsUpdated = setNewReplicaSetAnnotations(d, annotations, newRevision, true);
      const minReadySeconds = d.spec?.minReadySeconds ?? 0;
      if (annotationsUpdated || (existing.spec?.minReadySeconds ?? 0) !== minReadySeconds) {
        // Kubernetes returns here and syncs the Deployment's revision on the next pass.
        return s.tx.mutate({ kind: "ReplicaSet", namespace, name: existing.metadata!.name! }, (draft) => {
          draft.metadata.annotations = annotations;
          const spec = draft.spec as { minReadySeconds?: number };
          if (minReadySeconds) spec.minReadySeconds = minReadySeconds;
          else delete spec.minReadySeconds;
        }) as ReplicaSet;
      }
      const revision = existing.metadata?.annotations?.[REVISION_ANNOTATION] ?? "";
      const status: DeploymentStatus = clone(d.status ?? {});
      let statusChanged = false;
      if (hasProgressDeadline(d) && !getCondition(status, "Progressing")) {
        setCondition(
          status,
          newCondition(
            s,
            "Progressing",
            "True",
            REASONS.foundNewReplicaSet,
            `Found new replica set ${goQuote(existing.metadata!.name!)}`,
          ),
        );
        statusChanged = true;
      }
      if (d.metadata?.annotations?.[REVISION_ANNOTATION] !== revision) setDeploymentRevision(s, revision);
      if (statusChanged) writeStatus(s, status);
      return existing;
    }
    if (!createIfNotExisted) return undefined;

    // A new ReplicaSet, named after the template's hash (and the collision count, if any).
    const template = d.spec?.template ?? {};
    const hash = computeHash(template, d.status?.collisionCount);
    const rsTemplate: PodTemplateSpec = {
      ...template,
      metadata: {
        ...template.metadata,
        labels: { ...template.metadata?.labels, [POD_TEMPLATE_HASH_LABEL]: hash },
      },
    };
    const selector: LabelSelector = {
      ...d.spec?.selector,
      matchLabels: { ...d.spec?.selector?.matchLabels, [POD_TEMPLATE_HASH_LABEL]: hash },
    };
    const name = `${d.metadata?.name}-${hash}`;
    const taken = s.tx.get("ReplicaSet", namespace, name) as ReplicaSet | undefined;
    if (taken) {
      // `AlreadyExists`: the same template owned by us is the new ReplicaSet; anything else is a hash
      // collision, resolved by bumping status.collisionCount, which changes the next hash.
      if (controllerRefOf(taken as KubeObject)?.uid === d.metadata?.uid && equalTemplates(taken, d))
        return taken;
      writeStatus(s, { ...clone(d.status ?? {}), collisionCount: (d.status?.collisionCount ?? 0) + 1 });
      return undefined;
    }
    const draftRS: ReplicaSet = {
      apiVersion: "apps/v1",
      kind: "ReplicaSet",
      metadata: {
        name,
        namespace,
        ...(rsTemplate.metadata?.labels ? { labels: rsTemplate.metadata.labels } : {}),
        ownerReferences: [newControllerRef(d as KubeObject)],
      },
      spec: {
        replicas: 0,
        ...(d.spec?.minReadySeconds ? { minReadySeconds: d.spec.minReadySeconds } : {}),
        selector,
        template: rsTemplate,
      },
    };
    const replicas = newRSNewReplicas(d, [...oldRSs, draftRS], draftRS);
    const annotations: Record<string, string> = {};
    setNewReplicaSetAnnotations(d, annotations, newRevision, false);
    const created = s.tx.create({
      ...draftRS,
      metadata: { ...draftRS.metadata, annotations },
      spec: { ...draftRS.spec!, replicas },
    } as KubeObject) as ReplicaSet;
    if (replicas > 0) {
      recordEvent(s.tx, s.nowMs, s.d as KubeObject, SOURCE, {
        type: "Normal",
        reason: "ScalingReplicaSet",
        message: `Scaled up replica set ${name} from 0 to ${replicas}`,
      });
    }
    setDeploymentRevision(s, String(newRevision));
    if (hasProgressDeadline(s.d)) {
      const status: DeploymentStatus = clone(s.d.status ?? {});
      setCondition(
        status,
        newCondition(
          s,
          "Progressing",
          "True",
          REASONS.newReplicaSetCreated,
          `Created new replica set ${goQuote(name)}`,
        ),
      );
      writeStatus(s, status);
    }
    return created;
  }

  function equalTemplates(rs: ReplicaSet, d: Deployment): boolean {
    return findNewReplicaSet(d, [rs]) !== undefined;
  }

  /** `SetDeploymentRevision`: the Deployment's revision annotation. */
  function setDeploymentRevision(s: SyncState, revision: string): void {
    if (s.d.metadata?.annotations?.[REVISION_ANNOTATION] === revision) return;
    s.d = s.tx.mutate(refOfDeployment(s.d), (draft) => {
      draft.metadata.annotations = { ...draft.metadata.annotations, [REVISION_ANNOTATION]: revision };
    }) as Deployment;
  }

  /** `scaleReplicaSet`: sets replicas and the desired/max annotations; records the event when the size changes. */
  function scaleReplicaSet(
    s: SyncState,
    rs: ReplicaSet,
    newScale: number,
    operation?: "up" | "down",
  ): ReplicaSet {
    const oldScale = replicasOf(rs);
    const sizeNeedsUpdate = oldScale !== newScale;
    const annotations = { ...rs.metadata?.annotations };
    const annotationsNeedUpdate = setReplicasAnnotations(
      annotations,
      replicasOf(s.d),
      replicasOf(s.d) + maxSurge(s.d),
    );
    if (!sizeNeedsUpdate && !annotationsNeedUpdate) return rs;
    const updated = s.tx.mutate(
      { kind: "ReplicaSet", namespace: rs.metadata?.namespace ?? "", name: rs.metadata?.name ?? "" },
      (draft) => {
        draft.metadata.annotations = annotations;
        (draft.spec as { replicas: number }).replicas = newScale;
      },
    ) as ReplicaSet;
    if (sizeNeedsUpdate) {
      const op = operation ?? (oldScale < newScale ? "up" : "down");
      recordEvent(s.tx, s.nowMs, s.d as KubeObject, SOURCE, {
        type: "Normal",
        reason: "ScalingReplicaSet",
        message: `Scaled ${op} replica set ${rs.metadata?.name} from ${oldScale} to ${newScale}`,
      });
    }
    return updated;
  }

  /** `isScalingEvent`: an active ReplicaSet's desired-replicas annotation differs from spec.replicas. */
  function isScalingEvent(s: SyncState, rsList: readonly ReplicaSet[]): boolean {
    const { newRS, oldRSs } = getAllReplicaSetsAndSyncRevision(s, rsList, false);
    for (const rs of activeReplicaSets([...oldRSs, newRS])) {
      const desired = intAnnotation(rs, DESIRED_REPLICAS_ANNOTATION);
      if (desired !== undefined && desired !== replicasOf(s.d)) return true;
    }
    return false;
  }

  /** `sync`: a scaling event or a paused Deployment: scale proportionally, clean up, update status. */
  function sync(s: SyncState, rsList: readonly ReplicaSet[]): ReconcileResult | undefined {
    const { newRS, oldRSs } = getAllReplicaSetsAndSyncRevision(s, rsList, false);
    const scaled = scale(s, newRS, oldRSs);
    if (s.d.spec?.paused) cleanupDeployment(s, oldRSs);
    const all = refresh(s, [...scaled.oldRSs, scaled.newRS]);
    syncDeploymentStatus(
      s,
      all,
      all.find((rs) => rs.metadata?.uid === newRS?.metadata?.uid),
    );
    return undefined;
  }

  function syncStatusOnly(s: SyncState, rsList: readonly ReplicaSet[]): ReconcileResult | undefined {
    const { newRS, oldRSs } = getAllReplicaSetsAndSyncRevision(s, rsList, false);
    syncDeploymentStatus(s, [...oldRSs, ...(newRS ? [newRS] : [])], newRS);
    return undefined;
  }

  /** Reads the ReplicaSets again (after writes in this transaction). */
  function refresh(s: SyncState, rss: readonly (ReplicaSet | undefined)[]): ReplicaSet[] {
    const out: ReplicaSet[] = [];
    for (const rs of rss) {
      if (!rs) continue;
      const now = s.tx.get("ReplicaSet", rs.metadata?.namespace ?? "", rs.metadata?.name ?? "");
      if (now) out.push(now as ReplicaSet);
    }
    return out;
  }

  /** `scale` (sync.go): proportional scaling across active ReplicaSets. */
  function scale(
    s: SyncState,
    newRS: ReplicaSet | undefined,
    oldRSs: ReplicaSet[],
  ): { newRS: ReplicaSet | undefined; oldRSs: ReplicaSet[] } {
    const d = s.d;
    const activeOrLatest = findActiveOrLatest(newRS, oldRSs);
    if (activeOrLatest) {
      if (replicasOf(activeOrLatest) !== replicasOf(d)) scaleReplicaSet(s, activeOrLatest, replicasOf(d));
      return { newRS, oldRSs };
    }
    if (isSaturated(d, newRS)) {
      for (const old of activeReplicaSets(oldRSs)) scaleReplicaSet(s, old, 0);
      return { newRS, oldRSs };
    }
    if (!isRollingUpdate(d)) return { newRS, oldRSs };
    const all = activeReplicaSets([...oldRSs, newRS]);
    const allReplicas = specReplicas(all);
    const allowedSize = replicasOf(d) > 0 ? replicasOf(d) + maxSurge(d) : 0;
    const toAdd = allowedSize - allReplicas;
    let operation: "up" | "down" | undefined;
    if (toAdd > 0) {
      all.sort(bySizeNewer);
      operation = "up";
    } else if (toAdd < 0) {
      all.sort(bySizeOlder);
      operation = "down";
    }
    let added = 0;
    const sizes = new Map<ReplicaSet, number>();
    for (const rs of all) {
      if (toAdd !== 0) {
        const proportion = getProportion(rs, d, toAdd, added);
        sizes.set(rs, replicasOf(rs) + proportion);
        added += proportion;
      } else sizes.set(rs, replicasOf(rs));
    }
    all.forEach((rs, i) => {
      if (i === 0 && toAdd !== 0) sizes.set(rs, Math.max(0, sizes.get(rs)! + toAdd - added));
      scaleReplicaSet(s, rs, sizes.get(rs)!, operation);
    });
    return { newRS, oldRSs };
  }

  /** `rolloutRolling` (rolling.go). */
  function rolloutRolling(s: SyncState, rsList: readonly ReplicaSet[]): ReconcileResult | undefined {
    const { newRS, oldRSs } = getAllReplicaSetsAndSyncRevision(s, rsList, true);
    if (!newRS) return undefined;
    const all = [...oldRSs, newRS];
    if (reconcileNewReplicaSet(s, all, newRS))
      return syncRolloutStatus(s, refresh(s, all), refresh(s, [newRS])[0]);
    if (reconcileOldReplicaSets(s, all, activeReplicaSets(oldRSs), newRS)) {
      return syncRolloutStatus(s, refresh(s, all), refresh(s, [newRS])[0]);
    }
    if (deploymentComplete(s.d, s.d.status ?? {})) cleanupDeployment(s, oldRSs);
    return syncRolloutStatus(s, refresh(s, all), refresh(s, [newRS])[0]);
  }

  function reconcileNewReplicaSet(s: SyncState, all: readonly ReplicaSet[], newRS: ReplicaSet): boolean {
    const replicas = replicasOf(s.d);
    if (replicasOf(newRS) === replicas) return false;
    if (replicasOf(newRS) > replicas) {
      return scaleReplicaSet(s, newRS, replicas) !== newRS;
    }
    const count = newRSNewReplicas(s.d, all, newRS);
    if (count === replicasOf(newRS)) return false;
    scaleReplicaSet(s, newRS, count);
    return true;
  }

  function reconcileOldReplicaSets(
    s: SyncState,
    all: readonly ReplicaSet[],
    oldRSs: ReplicaSet[],
    newRS: ReplicaSet,
  ): boolean {
    const oldPodsCount = specReplicas(oldRSs);
    if (oldPodsCount === 0) return false;
    const allPodsCount = specReplicas(all);
    const minAvailable = replicasOf(s.d) - maxUnavailable(s.d);
    const newRSUnavailable = replicasOf(newRS) - (newRS.status?.availableReplicas ?? 0);
    const maxScaledDown = allPodsCount - minAvailable - newRSUnavailable;
    if (maxScaledDown <= 0) return false;
    const cleaned = cleanupUnhealthyReplicas(s, oldRSs, maxScaledDown);
    const scaledDown = scaleDownOldReplicaSetsForRollingUpdate(s, [...cleaned.oldRSs, newRS], cleaned.oldRSs);
    return cleaned.count + scaledDown > 0;
  }

  /** `cleanupUnhealthyReplicas`: scales down old replicas that are not available first. */
  function cleanupUnhealthyReplicas(
    s: SyncState,
    oldRSs: ReplicaSet[],
    maxCleanupCount: number,
  ): { oldRSs: ReplicaSet[]; count: number } {
    const sorted = [...oldRSs].sort(byCreationTimestamp);
    let total = 0;
    for (let i = 0; i < sorted.length; i++) {
      if (total >= maxCleanupCount) break;
      const rs = sorted[i]!;
      const replicas = replicasOf(rs);
      const available = rs.status?.availableReplicas ?? 0;
      if (replicas === 0 || replicas === available) continue;
      const count = Math.min(maxCleanupCount - total, replicas - available);
      sorted[i] = scaleReplicaSet(s, rs, replicas - count);
      total += count;
    }
    return { oldRSs: sorted, count: total };
  }

  function scaleDownOldReplicaSetsForRollingUpdate(
    s: SyncState,
    all: readonly ReplicaSet[],
    oldRSs: ReplicaSet[],
  ): number {
    const minAvailable = replicasOf(s.d) - maxUnavailable(s.d);
    const availablePodCount = statusSum(all, "availableReplicas");
    if (availablePodCount <= minAvailable) return 0;
    const totalScaleDown = availablePodCount - minAvailable;
    let total = 0;
    for (const rs of [...oldRSs].sort(byCreationTimestamp)) {
      if (total >= totalScaleDown) break;
      if (replicasOf(rs) === 0) continue;
      const count = Math.min(replicasOf(rs), totalScaleDown - total);
      scaleReplicaSet(s, rs, replicasOf(rs) - count);
      total += count;
    }
    return total;
  }

  /** `rolloutRecreate` (recreate.go): old ReplicaSets to 0, wait for their pods to go, then the new one up. */
  function rolloutRecreate(
    s: SyncState,
    rsList: readonly ReplicaSet[],
    selector: Selector,
  ): ReconcileResult | undefined {
    let { newRS, oldRSs } = getAllReplicaSetsAndSyncRevision(s, rsList, false);
    let scaledDown = false;
    for (const rs of activeReplicaSets(oldRSs)) {
      if (scaleReplicaSet(s, rs, 0) !== rs) scaledDown = true;
    }
    if (scaledDown) return syncRolloutStatus(s, refresh(s, [...oldRSs, newRS]), refresh(s, [newRS])[0]);
    if (oldPodsRunning(s, newRS, oldRSs, selector)) {
      return syncRolloutStatus(s, refresh(s, [...oldRSs, newRS]), refresh(s, [newRS])[0]);
    }
    if (!newRS) ({ newRS, oldRSs } = getAllReplicaSetsAndSyncRevision(s, refresh(s, rsList), true));
    if (newRS) newRS = scaleReplicaSet(s, newRS, replicasOf(s.d));
    if (deploymentComplete(s.d, s.d.status ?? {})) cleanupDeployment(s, oldRSs);
    return syncRolloutStatus(s, refresh(s, [...oldRSs, newRS]), refresh(s, [newRS])[0]);
  }

  /** `oldPodsRunning`: old ReplicaSets still report pods, or pods of theirs have not finished. */
  function oldPodsRunning(
    s: SyncState,
    newRS: ReplicaSet | undefined,
    oldRSs: readonly ReplicaSet[],
    selector: Selector,
  ): boolean {
    if (statusSum(oldRSs, "replicas") > 0) return true;
    const oldUids = new Set(oldRSs.map((rs) => rs.metadata?.uid));
    const namespace = s.d.metadata?.namespace ?? "";
    for (const pod of s.tx.list("Pod", { namespace, labelSelector: selector })) {
      const ref = controllerRefOf(pod);
      if (!ref || ref.uid === newRS?.metadata?.uid || !oldUids.has(ref.uid)) continue;
      const phase = (pod.status as { phase?: string } | undefined)?.phase;
      if (phase === "Failed" || phase === "Succeeded") continue;
      return true;
    }
    return false;
  }

  /** `cleanupDeployment`: deletes the oldest idle old ReplicaSets beyond revisionHistoryLimit. */
  function cleanupDeployment(s: SyncState, oldRSs: readonly ReplicaSet[]): void {
    const limit = s.d.spec?.revisionHistoryLimit;
    if (limit === undefined) return;
    const cleanable = refresh(s, oldRSs).filter((rs) => !rs.metadata?.deletionTimestamp);
    const diff = cleanable.length - limit;
    if (diff <= 0) return;
    cleanable.sort(byRevision);
    for (let i = 0; i < diff; i++) {
      const rs = cleanable[i]!;
      if (
        (rs.status?.replicas ?? 0) !== 0 ||
        replicasOf(rs) !== 0 ||
        (rs.metadata?.generation ?? 0) > (rs.status?.observedGeneration ?? 0)
      )
        continue;
      s.tx.delete({
        kind: "ReplicaSet",
        namespace: rs.metadata?.namespace ?? "",
        name: rs.metadata?.name ?? "",
      });
    }
  }

  /** `calculateStatus`. */
  function calculateStatus(
    s: SyncState,
    all: readonly ReplicaSet[],
    newRS: ReplicaSet | undefined,
  ): DeploymentStatus {
    const d = s.d;
    const available = statusSum(all, "availableReplicas");
    const total = specReplicas(all);
    const status: DeploymentStatus = {
      observedGeneration: d.metadata?.generation,
      replicas: statusSum(all, "replicas"),
      updatedReplicas: statusSum(newRS ? [newRS] : [], "replicas"),
      readyReplicas: statusSum(all, "readyReplicas"),
      availableReplicas: available,
      unavailableReplicas: Math.max(0, total - available),
      collisionCount: d.status?.collisionCount,
      conditions: clone(d.status?.conditions ?? []),
    };
    if (available >= replicasOf(d) - maxUnavailable(d)) {
      setCondition(
        status,
        newCondition(
          s,
          "Available",
          "True",
          REASONS.minimumReplicasAvailable,
          "Deployment has minimum availability.",
        ),
      );
    } else {
      setCondition(
        status,
        newCondition(
          s,
          "Available",
          "False",
          REASONS.minimumReplicasUnavailable,
          "Deployment does not have minimum availability.",
        ),
      );
    }
    return status;
  }

  function syncDeploymentStatus(
    s: SyncState,
    all: readonly ReplicaSet[],
    newRS: ReplicaSet | undefined,
  ): void {
    writeStatus(s, compact(calculateStatus(s, all, newRS)));
  }

  /** `syncRolloutStatus` (progress.go): status plus the Progressing condition; requeues a stuck rollout. */
  function syncRolloutStatus(
    s: SyncState,
    all: readonly ReplicaSet[],
    newRS: ReplicaSet | undefined,
  ): ReconcileResult | undefined {
    const d = s.d;
    const status = calculateStatus(s, all, newRS);
    if (!hasProgressDeadline(d)) removeCondition(status, "Progressing");
    const current = getCondition(d.status, "Progressing");
    const isComplete =
      status.replicas === status.updatedReplicas && current?.reason === REASONS.newReplicaSetAvailable;
    if (hasProgressDeadline(d) && !isComplete) {
      if (deploymentComplete(d, status)) {
        const msg = newRS
          ? `ReplicaSet ${goQuote(newRS.metadata!.name!)} has successfully progressed.`
          : `Deployment ${goQuote(d.metadata!.name!)} has successfully progressed.`;
        setCondition(status, newCondition(s, "Progressing", "True", REASONS.newReplicaSetAvailable, msg));
      } else if (deploymentProgressing(d, status)) {
        const msg = newRS
          ? `ReplicaSet ${goQuote(newRS.metadata!.name!)} is progressing.`
          : `Deployment ${goQuote(d.metadata!.name!)} is progressing.`;
        const condition = newCondition(s, "Progressing", "True", REASONS.replicaSetUpdated, msg);
        if (current) {
          if (current.status === "True" && current.lastTransitionTime)
            condition.lastTransitionTime = current.lastTransitionTime;
          removeCondition(status, "Progressing");
        }
        setCondition(status, condition);
      } else if (deploymentTimedOut(d, status, s.nowMs)) {
        const msg = newRS
          ? `ReplicaSet ${goQuote(newRS.metadata!.name!)} has timed out progressing.`
          : `Deployment ${goQuote(d.metadata!.name!)} has timed out progressing.`;
        setCondition(status, newCondition(s, "Progressing", "False", REASONS.timedOut, msg));
      }
    }
    const next = compact(status);
    const before = s.d;
    writeStatus(s, next);
    if (s.d !== before) return undefined;
    return requeueStuckDeployment(s, next);
  }

  /** `requeueStuckDeployment`: checks again when the progress deadline would pass. */
  function requeueStuckDeployment(s: SyncState, status: DeploymentStatus): ReconcileResult | undefined {
    const d = s.d;
    const current = getCondition(d.status, "Progressing");
    if (!hasProgressDeadline(d) || !current) return undefined;
    if (deploymentComplete(d, status) || current.reason === REASONS.timedOut) return undefined;
    const updated = current.lastUpdateTime ? parseTimestamp(current.lastUpdateTime) : undefined;
    if (updated === undefined) return undefined;
    const after = updated + (d.spec?.progressDeadlineSeconds ?? 600) * 1000 - s.nowMs;
    // Kubernetes re-queues rate-limited then; one second later the deadline has passed.
    if (after < 1000) return { requeueAfterMs: 1000 };
    return { requeueAfterMs: after + 1000 };
  }
}

/** Drops the zero counts and empty lists that Go's `omitempty` leaves out of a DeploymentStatus. */
function compact(status: DeploymentStatus): DeploymentStatus {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(status)) {
    if (v === undefined || v === 0 || (Array.isArray(v) && v.length === 0)) continue;
    out[k] = v;
  }
  // collisionCount is a pointer in Go: 0 is kept once set.
  if (status.collisionCount !== undefined) out.collisionCount = status.collisionCount;
  return out as DeploymentStatus;
}

/** A deep copy of JSON data (statuses read from the store are frozen). */
function clone<T>(value: T): T {
  if (value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map(clone) as T;
  const out: Record<string, unknown> = {};
  for (const k in value) if (value[k] !== undefined) out[k] = clone(value[k]);
  return out as T;
}

/** Go's `%q` of a plain name. */
function goQuote(s: string): string {
  return JSON.stringify(s);
}
