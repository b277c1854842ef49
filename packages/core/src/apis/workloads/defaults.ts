/**
 * Deployment, ReplicaSet and ReplicationController defaulting as the Kubernetes 1.33 API server applies
 * it (`pkg/apis/apps/v1/defaults.go` `SetDefaults_Deployment`, `SetDefaults_ReplicaSet`;
 * `pkg/apis/core/v1/defaults.go` `SetDefaults_ReplicationController`), including the pod template
 * defaults the generated defaulters apply to `spec.template`.
 *
 * @module
 */

import { castDraft, produce } from "immer";
import type { Deployment, DeploymentSpec, ReplicaSet, ReplicaSetSpec } from "kubernetes-types/apps/v1.js";
import type { ReplicationController } from "kubernetes-types/core/v1.js";
import { defaultPodTemplateSpec } from "../pod/defaults.js";

/** `SetDefaults_Deployment`'s `maxSurge` and `maxUnavailable`. */
export const DEFAULT_ROLLING_UPDATE_PERCENT = "25%";
/** `SetDefaults_Deployment`'s `revisionHistoryLimit` (also the StatefulSet and DaemonSet default). */
export const DEFAULT_REVISION_HISTORY_LIMIT = 10;
/** `SetDefaults_Deployment`'s `progressDeadlineSeconds`. */
export const DEFAULT_PROGRESS_DEADLINE_SECONDS = 600;

/**
 * A Deployment as stored: `replicas: 1`, `strategy: {type: RollingUpdate, rollingUpdate: {maxSurge: 25%,
 * maxUnavailable: 25%}}` (the `rollingUpdate` block only for that type), `revisionHistoryLimit: 10`,
 * `progressDeadlineSeconds: 600`, and the pod template defaults (`restartPolicy: Always`,
 * `dnsPolicy: ClusterFirst`, container `imagePullPolicy`, ...).
 */
export function defaultDeployment(deployment: Deployment): Deployment {
  const template = defaultPodTemplateSpec(deployment.spec?.template ?? {});
  return produce(deployment, (d) => {
    // A missing spec stays without selector, so validation reports `spec.selector: Required value`.
    d.spec ??= { template: {} } as DeploymentSpec;
    const spec = d.spec;
    spec.replicas ??= 1;
    spec.strategy ??= {};
    if (!spec.strategy.type) spec.strategy.type = "RollingUpdate";
    if (spec.strategy.type === "RollingUpdate") {
      spec.strategy.rollingUpdate ??= {};
      spec.strategy.rollingUpdate.maxUnavailable ??= DEFAULT_ROLLING_UPDATE_PERCENT;
      spec.strategy.rollingUpdate.maxSurge ??= DEFAULT_ROLLING_UPDATE_PERCENT;
    }
    spec.revisionHistoryLimit ??= DEFAULT_REVISION_HISTORY_LIMIT;
    spec.progressDeadlineSeconds ??= DEFAULT_PROGRESS_DEADLINE_SECONDS;
    spec.template = castDraft(template);
  });
}

/** A ReplicaSet as stored: `replicas: 1` and the pod template defaults. */
export function defaultReplicaSet(rs: ReplicaSet): ReplicaSet {
  const template = defaultPodTemplateSpec(rs.spec?.template ?? {});
  return produce(rs, (d) => {
    d.spec ??= {} as ReplicaSetSpec;
    d.spec.replicas ??= 1;
    d.spec.template = castDraft(template);
  });
}

/**
 * A ReplicationController as stored: with template labels, an empty `spec.selector` becomes the
 * template labels and empty `metadata.labels` too (`SetDefaults_ReplicationController`); `replicas: 1`;
 * the pod template defaults.
 */
export function defaultReplicationController(rc: ReplicationController): ReplicationController {
  const template = rc.spec?.template ? defaultPodTemplateSpec(rc.spec.template) : undefined;
  return produce(rc, (d) => {
    d.spec ??= {};
    const spec = d.spec;
    const labels = template?.metadata?.labels;
    if (labels) {
      if (Object.keys(spec.selector ?? {}).length === 0) spec.selector = { ...labels };
      d.metadata ??= {};
      if (Object.keys(d.metadata.labels ?? {}).length === 0) d.metadata.labels = { ...labels };
    }
    spec.replicas ??= 1;
    if (template) spec.template = castDraft(template);
  });
}
