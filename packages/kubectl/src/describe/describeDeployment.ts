import type { Deployment, ReplicaSet } from "kubernetes-types/apps/v1.js";
import { labelSelectorString } from "../printers/columns/_internal/format.js";
import type { DescribeData } from "./DescribeData.js";
import { describePodTemplate } from "./describeContainers.js";
import { describeEvents } from "./describeEvents.js";
import { printAnnotationsMultiline, printLabelsMultiline, rfc1123z } from "./format.js";
import { LEVEL_0, LEVEL_1, tabbedString } from "./PrefixWriter.js";

/**
 * `describeDeployment`: replicas, strategy, pod template, conditions and the old and new
 * ReplicaSets (`printReplicaSetsByLabels`), shown when the Deployment has any.
 */
export function describeDeployment(
  d: Deployment,
  oldReplicaSets: readonly ReplicaSet[],
  newReplicaSet: ReplicaSet | undefined,
  data: DescribeData,
): string {
  return tabbedString((w) => {
    const spec = d.spec;
    const status = d.status ?? {};
    w.write(LEVEL_0, `Name:\t${d.metadata?.name ?? ""}\n`);
    w.write(LEVEL_0, `Namespace:\t${d.metadata?.namespace ?? ""}\n`);
    w.write(LEVEL_0, `CreationTimestamp:\t${rfc1123z(d.metadata?.creationTimestamp)}\n`);
    printLabelsMultiline(w, "Labels", d.metadata?.labels);
    printAnnotationsMultiline(w, "Annotations", d.metadata?.annotations);
    w.write(LEVEL_0, `Selector:\t${labelSelectorString(spec?.selector)}\n`);
    w.write(
      LEVEL_0,
      `Replicas:\t${spec?.replicas ?? 0} desired | ${status.updatedReplicas ?? 0} updated | ${status.replicas ?? 0} total | ${status.availableReplicas ?? 0} available | ${status.unavailableReplicas ?? 0} unavailable\n`,
    );
    w.write(LEVEL_0, `StrategyType:\t${spec?.strategy?.type ?? ""}\n`);
    w.write(LEVEL_0, `MinReadySeconds:\t${spec?.minReadySeconds ?? 0}\n`);
    const ru = spec?.strategy?.rollingUpdate;
    if (ru) {
      w.write(
        LEVEL_0,
        `RollingUpdateStrategy:\t${ru.maxUnavailable ?? 0} max unavailable, ${ru.maxSurge ?? 0} max surge\n`,
      );
    }
    describePodTemplate(spec?.template, w);
    if ((status.conditions ?? []).length > 0) {
      w.write(LEVEL_0, "Conditions:\n  Type\tStatus\tReason\n");
      w.write(LEVEL_1, "----\t------\t------\n");
      for (const c of status.conditions!) w.write(LEVEL_1, `${c.type} \t${c.status}\t${c.reason ?? ""}\n`);
    }
    if (oldReplicaSets.length > 0 || newReplicaSet) {
      w.write(LEVEL_0, `OldReplicaSets:\t${replicaSetsString(oldReplicaSets)}\n`);
      w.write(LEVEL_0, `NewReplicaSet:\t${replicaSetsString(newReplicaSet ? [newReplicaSet] : [])}\n`);
    }
    if (data.events) describeEvents(data.events, w, data.nowMs);
  });
}

/** `printReplicaSetsByLabels`: `name (current/desired replicas created)` joined by `, `, or `<none>`. */
function replicaSetsString(list: readonly ReplicaSet[]): string {
  const parts = list.map(
    (rs) =>
      `${rs.metadata?.name ?? ""} (${rs.status?.replicas ?? 0}/${rs.spec?.replicas ?? 0} replicas created)`,
  );
  return parts.length === 0 ? "<none>" : parts.join(", ");
}
