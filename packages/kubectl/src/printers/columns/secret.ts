import type { Secret } from "kubernetes-types/core/v1.js";
import { translateTimestampSince } from "../age.js";
import type { ResourcePrinter } from "../table.js";

/** `kubectl get secrets`: NAME, TYPE, DATA (keys of `data`), AGE (`printSecret`). */
export const secretPrinter: ResourcePrinter<Secret> = {
  columns: [
    { name: "Name", priority: 0 },
    { name: "Type", priority: 0 },
    { name: "Data", priority: 0 },
    { name: "Age", priority: 0 },
  ],
  row(s, ctx) {
    return [
      s.metadata?.name ?? "",
      s.type ?? "",
      `${Object.keys(s.data ?? {}).length}`,
      translateTimestampSince(s.metadata?.creationTimestamp, ctx.nowMs),
    ];
  },
};
