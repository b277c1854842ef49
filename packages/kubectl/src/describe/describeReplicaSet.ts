import type { ReplicaSet } from "kubernetes-types/apps/v1.js";
import { formatLabelSelector } from "../printers/columns/_internal/format.js";
import type { DescribeData } from "./DescribeData.js";
import { describePodTemplate } from "./describeContainers.js";
import { describeEvents } from "./describeEvents.js";
import { printAnnotationsMultiline, printLabelsMultiline } from "./format.js";
import { LEVEL_0, LEVEL_1, tabbedString } from "./PrefixWriter.js";

/** Pods of a controller counted by phase (`getPodStatusForController`). */
export interface PodPhaseCounts {
  readonly running: number;
  readonly waiting: number;
  readonly succeeded: number;
  readonly failed: number;
}

/** `describeReplicaSet`: selector, replicas, pod counts by phase, pod template, conditions. */
export function describeReplicaSet(rs: ReplicaSet, pods: PodPhaseCounts, data: DescribeData): string {
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${rs.metadata?.name ?? ""}\n`);
    w.write(LEVEL_0, `Namespace:\t${rs.metadata?.namespace ?? ""}\n`);
    w.write(LEVEL_0, `Selector:\t${formatLabelSelector(rs.spec?.selector)}\n`);
    printLabelsMultiline(w, "Labels", rs.metadata?.labels);
    printAnnotationsMultiline(w, "Annotations", rs.metadata?.annotations);
    const controller = (rs.metadata?.ownerReferences ?? []).find((r) => r.controller);
    if (controller) w.write(LEVEL_0, `Controlled By:\t${controller.kind}/${controller.name}\n`);
    w.write(LEVEL_0, `Replicas:\t${rs.status?.replicas ?? 0} current / ${rs.spec?.replicas ?? 0} desired\n`);
    w.write(LEVEL_0, "Pods Status:\t");
    w.write(
      LEVEL_0,
      `${pods.running} Running / ${pods.waiting} Waiting / ${pods.succeeded} Succeeded / ${pods.failed} Failed\n`,
    );
    describePodTemplate(rs.spec?.template, w);
    if ((rs.status?.conditions ?? []).length > 0) {
      w.write(LEVEL_0, "Conditions:\n  Type\tStatus\tReason\n");
      w.write(LEVEL_1, "----\t------\t------\n");
      for (const c of rs.status!.conditions!)
        w.write(LEVEL_1, `${c.type} \t${c.status}\t${c.reason ?? ""}\n`);
    }
    if (data.events) describeEvents(data.events, w, data.nowMs);
  });
}
