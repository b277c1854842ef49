import type { Deployment } from "kubernetes-types/apps/v1.js";
import { translateTimestampSince } from "../age.js";
import type { ResourcePrinter } from "../table.js";
import { labelSelectorString, layoutContainerCells } from "./_internal/format.js";

/**
 * `kubectl get deployments`: NAME, READY (`ready/desired`), UP-TO-DATE, AVAILABLE, AGE; wide adds
 * CONTAINERS, IMAGES, SELECTOR. Port of `printDeployment` (K8s
 * `pkg/printers/internalversion/printers.go`); unlike ReplicaSets, an empty selector prints as
 * an empty cell, not `<none>`. An unset `spec.replicas` counts as 0, as the v1 -> internal
 * conversion does (the API server defaults it to 1 before storing).
 */
export const deploymentPrinter: ResourcePrinter<Deployment> = {
  columns: [
    { name: "Name", priority: 0 },
    { name: "Ready", priority: 0 },
    { name: "Up-to-date", priority: 0 },
    { name: "Available", priority: 0 },
    { name: "Age", priority: 0 },
    { name: "Containers", priority: 1 },
    { name: "Images", priority: 1 },
    { name: "Selector", priority: 1 },
  ],
  row(d, ctx) {
    const status = d.status ?? {};
    const cells = [
      d.metadata?.name ?? "",
      `${status.readyReplicas ?? 0}/${d.spec?.replicas ?? 0}`,
      `${status.updatedReplicas ?? 0}`,
      `${status.availableReplicas ?? 0}`,
      translateTimestampSince(d.metadata?.creationTimestamp, ctx.nowMs),
    ];
    if (ctx.wide) {
      const [names, images] = layoutContainerCells(d.spec?.template?.spec?.containers);
      cells.push(names, images, labelSelectorString(d.spec?.selector));
    }
    return cells;
  },
};
