import type { StatefulSet } from "kubernetes-types/apps/v1.js";
import { translateTimestampSince } from "../age.js";
import type { ResourcePrinter } from "../table.js";
import { layoutContainerCells } from "./_internal/format.js";

/**
 * `kubectl get statefulsets`: NAME, READY (`ready/desired`), AGE; wide adds CONTAINERS, IMAGES.
 * Port of `printStatefulSet` (K8s `pkg/printers/internalversion/printers.go`).
 */
export const statefulSetPrinter: ResourcePrinter<StatefulSet> = {
  columns: [
    { name: "Name", priority: 0 },
    { name: "Ready", priority: 0 },
    { name: "Age", priority: 0 },
    { name: "Containers", priority: 1 },
    { name: "Images", priority: 1 },
  ],
  row(sts, ctx) {
    const cells = [
      sts.metadata?.name ?? "",
      `${sts.status?.readyReplicas ?? 0}/${sts.spec?.replicas ?? 0}`,
      translateTimestampSince(sts.metadata?.creationTimestamp, ctx.nowMs),
    ];
    if (ctx.wide) cells.push(...layoutContainerCells(sts.spec?.template?.spec?.containers));
    return cells;
  },
};
