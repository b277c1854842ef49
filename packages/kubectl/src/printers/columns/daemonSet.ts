import type { DaemonSet } from "kubernetes-types/apps/v1.js";
import { translateTimestampSince } from "../age.js";
import type { ResourcePrinter } from "../table.js";
import { formatLabelSelector, formatLabels, layoutContainerCells } from "./_internal/format.js";

/**
 * `kubectl get daemonsets`: NAME, DESIRED, CURRENT, READY, UP-TO-DATE, AVAILABLE, NODE SELECTOR,
 * AGE; wide adds CONTAINERS, IMAGES, SELECTOR. Port of `printDaemonSet` (K8s
 * `pkg/printers/internalversion/printers.go`).
 */
export const daemonSetPrinter: ResourcePrinter<DaemonSet> = {
  columns: [
    { name: "Name", priority: 0 },
    { name: "Desired", priority: 0 },
    { name: "Current", priority: 0 },
    { name: "Ready", priority: 0 },
    { name: "Up-to-date", priority: 0 },
    { name: "Available", priority: 0 },
    { name: "Node Selector", priority: 0 },
    { name: "Age", priority: 0 },
    { name: "Containers", priority: 1 },
    { name: "Images", priority: 1 },
    { name: "Selector", priority: 1 },
  ],
  row(ds, ctx) {
    const s = ds.status;
    const cells = [
      ds.metadata?.name ?? "",
      `${s?.desiredNumberScheduled ?? 0}`,
      `${s?.currentNumberScheduled ?? 0}`,
      `${s?.numberReady ?? 0}`,
      `${s?.updatedNumberScheduled ?? 0}`,
      `${s?.numberAvailable ?? 0}`,
      formatLabels(ds.spec?.template?.spec?.nodeSelector),
      translateTimestampSince(ds.metadata?.creationTimestamp, ctx.nowMs),
    ];
    if (ctx.wide) {
      const [names, images] = layoutContainerCells(ds.spec?.template?.spec?.containers);
      cells.push(names, images, formatLabelSelector(ds.spec?.selector));
    }
    return cells;
  },
};
