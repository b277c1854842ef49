import type { ReplicationController } from "kubernetes-types/core/v1.js";
import { translateTimestampSince } from "../age.js";
import type { ResourcePrinter } from "../table.js";
import { formatLabels, layoutContainerCells } from "./_internal/format.js";

/**
 * `kubectl get replicationcontrollers`: NAME, DESIRED, CURRENT, READY, AGE; wide adds
 * CONTAINERS, IMAGES, SELECTOR (a plain label map). Port of `printReplicationController` (K8s
 * `pkg/printers/internalversion/printers.go`).
 */
export const replicationControllerPrinter: ResourcePrinter<ReplicationController> = {
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
  row(rc, ctx) {
    const cells = [
      rc.metadata?.name ?? "",
      `${rc.spec?.replicas ?? 0}`,
      `${rc.status?.replicas ?? 0}`,
      `${rc.status?.readyReplicas ?? 0}`,
      translateTimestampSince(rc.metadata?.creationTimestamp, ctx.nowMs),
    ];
    if (ctx.wide) {
      const [names, images] = layoutContainerCells(rc.spec?.template?.spec?.containers);
      cells.push(names, images, formatLabels(rc.spec?.selector));
    }
    return cells;
  },
};
