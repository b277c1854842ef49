import type { ReplicaSet } from "kubernetes-types/apps/v1.js";
import { translateTimestampSince } from "../age.js";
import type { ResourcePrinter } from "../table.js";
import { formatLabelSelector, layoutContainerCells } from "./_internal/format.js";

/**
 * `kubectl get replicasets`: NAME, DESIRED, CURRENT, READY, AGE; wide adds CONTAINERS, IMAGES,
 * SELECTOR. Port of `printReplicaSet` (K8s `pkg/printers/internalversion/printers.go`).
 */
export const replicaSetPrinter: ResourcePrinter<ReplicaSet> = {
  columns: [
    { name: "Name", priority: 0 },
    { name: "Desired", priority: 0 },
    { name: "Current", priority: 0 },
    { name: "Ready", priority: 0 },
    { name: "Age", priority: 0 },
    { name: "Containers", priority: 1 },
    { name: "Images", priority: 1 },
    { name: "Selector", priority: 1 },
  ],
  row(rs, ctx) {
    const cells = [
      rs.metadata?.name ?? "",
      `${rs.spec?.replicas ?? 0}`,
      `${rs.status?.replicas ?? 0}`,
      `${rs.status?.readyReplicas ?? 0}`,
      translateTimestampSince(rs.metadata?.creationTimestamp, ctx.nowMs),
    ];
    if (ctx.wide) {
      const [names, images] = layoutContainerCells(rs.spec?.template?.spec?.containers);
      cells.push(names, images, formatLabelSelector(rs.spec?.selector));
    }
    return cells;
  },
};
