/**
 * Pure helpers of the Deployment controller (K8s pkg/controller/deployment/util/deployment_util.go and
 * the ReplicaSet sorts of pkg/controller/controller_utils.go).
 *
 * @module
 */

import type {
  Deployment,
  DeploymentCondition,
  DeploymentStatus,
  ReplicaSet,
} from "kubernetes-types/apps/v1.js";
import type { PodTemplateSpec } from "kubernetes-types/core/v1.js";
import { parseTimestamp } from "../../engine/VirtualClock.js";
import { deepEqual } from "../../store/ObjectStore.js";

/** `apps.DefaultDeploymentUniqueLabelKey`. */
export const POD_TEMPLATE_HASH_LABEL = "pod-template-hash";
/** The revision of a Deployment and of each of its ReplicaSets. */
export const REVISION_ANNOTATION = "deployment.kubernetes.io/revision";
/** Earlier revisions a ReplicaSet had (when a rollback made an old ReplicaSet new again). */
export const REVISION_HISTORY_ANNOTATION = "deployment.kubernetes.io/revision-history";
/** The Deployment's replicas when the ReplicaSet was last scaled. */
export const DESIRED_REPLICAS_ANNOTATION = "deployment.kubernetes.io/desired-replicas";
/** The Deployment's replicas plus maxSurge when the ReplicaSet was last scaled. */
export const MAX_REPLICAS_ANNOTATION = "deployment.kubernetes.io/max-replicas";
/** `maxRevHistoryLengthInChars` of the controller. */
const MAX_REVISION_HISTORY_LENGTH = 2000;

/** Condition reasons (deployment_util.go). */
export const REASONS = {
  newReplicaSetCreated: "NewReplicaSetCreated",
  foundNewReplicaSet: "FoundNewReplicaSet",
  replicaSetUpdated: "ReplicaSetUpdated",
  newReplicaSetAvailable: "NewReplicaSetAvailable",
  timedOut: "ProgressDeadlineExceeded",
  paused: "DeploymentPaused",
  resumed: "DeploymentResumed",
  minimumReplicasAvailable: "MinimumReplicasAvailable",
  minimumReplicasUnavailable: "MinimumReplicasUnavailable",
  failedRSCreate: "ReplicaSetCreateError",
} as const;

/** Annotations of a Deployment that are not copied to its ReplicaSets (`skipCopyAnnotation`). */
const ANNOTATIONS_TO_SKIP = new Set([
  "kubectl.kubernetes.io/last-applied-configuration",
  REVISION_ANNOTATION,
  REVISION_HISTORY_ANNOTATION,
  DESIRED_REPLICAS_ANNOTATION,
  MAX_REPLICAS_ANNOTATION,
  "deprecated.deployment.rollback.to",
]);

/** `intstr.GetScaledValueFromIntOrPercent`: an int as is, `N%` of `total` rounded up or down. */
export function scaledValue(value: number | string | undefined, total: number, roundUp: boolean): number {
  if (value === undefined) return 0;
  if (typeof value === "number") return value;
  const m = /^(-?\d+)%$/.exec(value);
  if (!m) {
    // A plain number in a string is how some clients send ints.
    const n = Number(value);
    return Number.isInteger(n) ? n : 0;
  }
  const scaled = (Number(m[1]) * total) / 100;
  return roundUp ? Math.ceil(scaled) : Math.floor(scaled);
}

/** `ResolveFenceposts`: maxSurge (rounded up) and maxUnavailable (rounded down); never both 0. */
export function resolveFenceposts(
  maxSurge: number | string | undefined,
  maxUnavailable: number | string | undefined,
  desired: number,
): { surge: number; unavailable: number } {
  const surge = scaledValue(maxSurge ?? "25%", desired, true);
  let unavailable = scaledValue(maxUnavailable ?? "25%", desired, false);
  if (surge === 0 && unavailable === 0) unavailable = 1;
  return { surge, unavailable };
}

/** `spec.replicas`, defaulted. */
export function replicasOf(obj: Deployment | ReplicaSet): number {
  return obj.spec?.replicas ?? 1;
}

/** Whether the strategy is RollingUpdate. */
export function isRollingUpdate(d: Deployment): boolean {
  return (d.spec?.strategy?.type ?? "RollingUpdate") === "RollingUpdate";
}

/** `MaxSurge`: 0 unless RollingUpdate. */
export function maxSurge(d: Deployment): number {
  if (!isRollingUpdate(d)) return 0;
  const ru = d.spec?.strategy?.rollingUpdate;
  return resolveFenceposts(ru?.maxSurge, ru?.maxUnavailable, replicasOf(d)).surge;
}

/** `MaxUnavailable`: 0 unless RollingUpdate with replicas; at most the replicas. */
export function maxUnavailable(d: Deployment): number {
  const replicas = replicasOf(d);
  if (!isRollingUpdate(d) || replicas === 0) return 0;
  const ru = d.spec?.strategy?.rollingUpdate;
  const { unavailable } = resolveFenceposts(ru?.maxSurge, ru?.maxUnavailable, replicas);
  return Math.min(unavailable, replicas);
}

/** A ReplicaSet's revision annotation as a number (0 when absent or invalid, as `Revision` errors are ignored). */
export function revisionOf(obj: { metadata?: { annotations?: Record<string, string> } }): number {
  const text = obj.metadata?.annotations?.[REVISION_ANNOTATION];
  if (text === undefined || !/^\d+$/.test(text)) return 0;
  return Number(text);
}

/** `MaxRevision`. */
export function maxRevision(rss: readonly ReplicaSet[]): number {
  let max = 0;
  for (const rs of rss) max = Math.max(max, revisionOf(rs));
  return max;
}

function creationMs(rs: ReplicaSet): number {
  return rs.metadata?.creationTimestamp ? (parseTimestamp(rs.metadata.creationTimestamp) ?? 0) : 0;
}

/** `ReplicaSetsByCreationTimestamp`: oldest first, then by name. */
export function byCreationTimestamp(a: ReplicaSet, b: ReplicaSet): number {
  const d = creationMs(a) - creationMs(b);
  if (d !== 0) return d;
  const x = a.metadata?.name ?? "";
  const y = b.metadata?.name ?? "";
  return x < y ? -1 : x > y ? 1 : 0;
}

/** `ReplicaSetsByRevision`: lowest revision first, then by creation timestamp. */
export function byRevision(a: ReplicaSet, b: ReplicaSet): number {
  const d = revisionOf(a) - revisionOf(b);
  return d !== 0 ? d : byCreationTimestamp(a, b);
}

/** `ReplicaSetsBySizeNewer`: larger first; among equal sizes, newer first. */
export function bySizeNewer(a: ReplicaSet, b: ReplicaSet): number {
  const d = replicasOf(b) - replicasOf(a);
  return d !== 0 ? d : byCreationTimestamp(b, a);
}

/** `ReplicaSetsBySizeOlder`: larger first; among equal sizes, older first. */
export function bySizeOlder(a: ReplicaSet, b: ReplicaSet): number {
  const d = replicasOf(b) - replicasOf(a);
  return d !== 0 ? d : byCreationTimestamp(a, b);
}

/** `EqualIgnoreHash`: the two templates are equal once the pod-template-hash label is left out. */
export function equalIgnoreHash(a: PodTemplateSpec | undefined, b: PodTemplateSpec | undefined): boolean {
  const strip = (t: PodTemplateSpec | undefined) => {
    const labels = { ...t?.metadata?.labels };
    delete labels[POD_TEMPLATE_HASH_LABEL];
    return { ...t, metadata: { ...t?.metadata, labels } };
  };
  return deepEqual(strip(a), strip(b));
}

/** `FindNewReplicaSet`: the oldest ReplicaSet whose template equals the Deployment's. */
export function findNewReplicaSet(d: Deployment, rss: readonly ReplicaSet[]): ReplicaSet | undefined {
  return [...rss]
    .sort(byCreationTimestamp)
    .find((rs) => equalIgnoreHash(rs.spec?.template, d.spec?.template));
}

/** Sum of `spec.replicas` (`GetReplicaCountForReplicaSets`). */
export function specReplicas(rss: readonly (ReplicaSet | undefined)[]): number {
  let n = 0;
  for (const rs of rss) if (rs) n += replicasOf(rs);
  return n;
}

/** Sum of a status field over ReplicaSets (`GetActualReplicaCountForReplicaSets` and friends). */
export function statusSum(
  rss: readonly (ReplicaSet | undefined)[],
  field: "replicas" | "readyReplicas" | "availableReplicas",
): number {
  let n = 0;
  for (const rs of rss) if (rs) n += rs.status?.[field] ?? 0;
  return n;
}

/** `FilterActiveReplicaSets`: those with `spec.replicas > 0`. */
export function activeReplicaSets(rss: readonly (ReplicaSet | undefined)[]): ReplicaSet[] {
  return rss.filter((rs): rs is ReplicaSet => rs !== undefined && replicasOf(rs) > 0);
}

/** `NewRSNewReplicas`: how big the new ReplicaSet may be now. */
export function newRSNewReplicas(d: Deployment, allRSs: readonly ReplicaSet[], newRS: ReplicaSet): number {
  if (!isRollingUpdate(d)) return replicasOf(d);
  const current = specReplicas(allRSs);
  const maxTotal = replicasOf(d) + maxSurge(d);
  if (current >= maxTotal) return replicasOf(newRS);
  const scaleUp = Math.min(maxTotal - current, replicasOf(d) - replicasOf(newRS));
  return replicasOf(newRS) + scaleUp;
}

/** An annotation as an int32, if present and valid (`getIntFromAnnotation`). */
export function intAnnotation(rs: ReplicaSet, key: string): number | undefined {
  const text = rs.metadata?.annotations?.[key];
  if (text === undefined || !/^-?\d+$/.test(text)) return undefined;
  return Number(text);
}

/** `IsSaturated`: the ReplicaSet has, wants and makes available all of the Deployment's replicas. */
export function isSaturated(d: Deployment, rs: ReplicaSet | undefined): boolean {
  if (!rs) return false;
  const desired = intAnnotation(rs, DESIRED_REPLICAS_ANNOTATION);
  const replicas = replicasOf(d);
  return (
    desired === replicas && replicasOf(rs) === replicas && (rs.status?.availableReplicas ?? 0) === replicas
  );
}

/** `FindActiveOrLatest`: the only active ReplicaSet, else the newest when none is active, else none. */
export function findActiveOrLatest(
  newRS: ReplicaSet | undefined,
  oldRSs: readonly ReplicaSet[],
): ReplicaSet | undefined {
  if (!newRS && oldRSs.length === 0) return undefined;
  const sorted = [...oldRSs].sort((a, b) => byCreationTimestamp(b, a));
  const active = activeReplicaSets([...sorted, newRS]);
  if (active.length === 0) return newRS ?? sorted[0];
  if (active.length === 1) return active[0];
  return undefined;
}

/** `GetProportion`: this ReplicaSet's share of a proportional scale by `toAdd`. */
export function getProportion(rs: ReplicaSet, d: Deployment, toAdd: number, added: number): number {
  if (replicasOf(rs) === 0 || toAdd === 0 || toAdd === added) return 0;
  const fraction = replicaSetFraction(rs, d);
  const allowed = toAdd - added;
  return toAdd > 0 ? Math.min(fraction, allowed) : Math.max(fraction, allowed);
}

function replicaSetFraction(rs: ReplicaSet, d: Deployment): number {
  if (replicasOf(d) === 0) return -replicasOf(rs);
  const deploymentMaxReplicas = replicasOf(d) + maxSurge(d);
  let annotated = intAnnotation(rs, MAX_REPLICAS_ANNOTATION);
  if (annotated === undefined || annotated === 0) annotated = d.status?.replicas ?? 0;
  if (annotated === 0) return 0;
  // Go's math.Round rounds half away from zero; sizes are not negative here.
  const newSize = Math.round((replicasOf(rs) * deploymentMaxReplicas) / annotated);
  return newSize - replicasOf(rs);
}

/**
 * `SetReplicasAnnotations`: writes desired-replicas and max-replicas into `annotations`; returns
 * whether they changed.
 */
export function setReplicasAnnotations(
  annotations: Record<string, string>,
  desired: number,
  max: number,
): boolean {
  let changed = false;
  if (annotations[DESIRED_REPLICAS_ANNOTATION] !== String(desired)) {
    annotations[DESIRED_REPLICAS_ANNOTATION] = String(desired);
    changed = true;
  }
  if (annotations[MAX_REPLICAS_ANNOTATION] !== String(max)) {
    annotations[MAX_REPLICAS_ANNOTATION] = String(max);
    changed = true;
  }
  return changed;
}

/**
 * `SetNewReplicaSetAnnotations`: copies the Deployment's annotations (but kubectl's last-applied
 * configuration and the controller's own) into the new ReplicaSet's `annotations`, raises its revision
 * to `newRevision` (remembering the old one in revision-history when an existing ReplicaSet becomes new
 * again), and for a ReplicaSet being created sets desired/max replicas. Returns whether anything changed.
 */
export function setNewReplicaSetAnnotations(
  d: Deployment,
  annotations: Record<string, string>,
  newRevision: number,
  exists: boolean,
): boolean {
  let changed = false;
  for (const [k, v] of Object.entries(d.metadata?.annotations ?? {})) {
    if (ANNOTATIONS_TO_SKIP.has(k) || annotations[k] === v) continue;
    annotations[k] = v;
    changed = true;
  }
  const oldRevision = annotations[REVISION_ANNOTATION];
  const oldNumber = oldRevision !== undefined && /^\d+$/.test(oldRevision) ? Number(oldRevision) : 0;
  if (oldRevision === undefined || oldNumber < newRevision) {
    annotations[REVISION_ANNOTATION] = String(newRevision);
    changed = true;
    if (oldRevision !== undefined && oldRevision !== "" && exists) {
      const history = annotations[REVISION_HISTORY_ANNOTATION];
      let list = history ? `${history},${oldRevision}` : oldRevision;
      while (list.length > MAX_REVISION_HISTORY_LENGTH && list.includes(","))
        list = list.slice(list.indexOf(",") + 1);
      annotations[REVISION_HISTORY_ANNOTATION] = list;
    }
  }
  if (!exists && setReplicasAnnotations(annotations, replicasOf(d), replicasOf(d) + maxSurge(d)))
    changed = true;
  return changed;
}

/** `GetDeploymentCondition`. */
export function getCondition(
  status: DeploymentStatus | undefined,
  type: string,
): DeploymentCondition | undefined {
  return status?.conditions?.find((c) => c.type === type);
}

/**
 * `SetDeploymentCondition`: replaces the condition of that type unless it has the same status and
 * reason; keeps lastTransitionTime when the status does not change; the new condition goes last.
 */
export function setCondition(status: DeploymentStatus, condition: DeploymentCondition): void {
  const current = getCondition(status, condition.type);
  if (current && current.status === condition.status && current.reason === condition.reason) return;
  const next = { ...condition };
  if (current && current.status === condition.status && current.lastTransitionTime) {
    next.lastTransitionTime = current.lastTransitionTime;
  }
  status.conditions = [...(status.conditions ?? []).filter((c) => c.type !== condition.type), next];
}

/** `RemoveDeploymentCondition`. */
export function removeCondition(status: DeploymentStatus, type: string): void {
  const kept = (status.conditions ?? []).filter((c) => c.type !== type);
  if (kept.length > 0) status.conditions = kept;
  else delete status.conditions;
}

/** `DeploymentComplete`: all replicas updated, available, and no old ones left, for the current generation. */
export function deploymentComplete(d: Deployment, status: DeploymentStatus): boolean {
  const replicas = replicasOf(d);
  return (
    (status.updatedReplicas ?? 0) === replicas &&
    (status.replicas ?? 0) === replicas &&
    (status.availableReplicas ?? 0) === replicas &&
    (status.observedGeneration ?? 0) >= (d.metadata?.generation ?? 0)
  );
}

/** `DeploymentProgressing`: more updated, ready or available replicas, or fewer old ones, than before. */
export function deploymentProgressing(d: Deployment, status: DeploymentStatus): boolean {
  const old = d.status ?? {};
  const oldOld = (old.replicas ?? 0) - (old.updatedReplicas ?? 0);
  const newOld = (status.replicas ?? 0) - (status.updatedReplicas ?? 0);
  return (
    (status.updatedReplicas ?? 0) > (old.updatedReplicas ?? 0) ||
    newOld < oldOld ||
    (status.readyReplicas ?? 0) > (old.readyReplicas ?? 0) ||
    (status.availableReplicas ?? 0) > (old.availableReplicas ?? 0)
  );
}

/** `DeploymentTimedOut`: the Progressing condition has not been updated within progressDeadlineSeconds. */
export function deploymentTimedOut(d: Deployment, status: DeploymentStatus, nowMs: number): boolean {
  const deadline = d.spec?.progressDeadlineSeconds;
  if (deadline === undefined || deadline === 2147483647) return false;
  const c = getCondition(status, "Progressing");
  if (!c) return false;
  if (c.reason === REASONS.newReplicaSetAvailable) return false;
  if (c.reason === REASONS.timedOut) return true;
  const from = c.lastUpdateTime ? parseTimestamp(c.lastUpdateTime) : undefined;
  return from !== undefined && from + deadline * 1000 < nowMs;
}

/** `HasProgressDeadline`: set and not MaxInt32. */
export function hasProgressDeadline(d: Deployment): boolean {
  const deadline = d.spec?.progressDeadlineSeconds;
  return deadline !== undefined && deadline !== 2147483647;
}
