import type { ConfigMap } from "kubernetes-types/core/v1.js";
import { translateTimestampSince } from "../age.js";
import type { ResourcePrinter } from "../table.js";

/** `kubectl get configmaps`: NAME, DATA (keys of `data` plus `binaryData`), AGE (`printConfigMap`). */
export const configMapPrinter: ResourcePrinter<ConfigMap> = {
  columns: [
    { name: "Name", priority: 0 },
    { name: "Data", priority: 0 },
    { name: "Age", priority: 0 },
  ],
  row(cm, ctx) {
    const n = Object.keys(cm.data ?? {}).length + Object.keys(cm.binaryData ?? {}).length;
    return [
      cm.metadata?.name ?? "",
      `${n}`,
      translateTimestampSince(cm.metadata?.creationTimestamp, ctx.nowMs),
    ];
  },
};
