import type { Namespace } from "kubernetes-types/core/v1.js";
import { translateTimestampSince } from "../age.js";
import type { ResourcePrinter } from "../table.js";

/** `kubectl get namespaces`: NAME, STATUS (the phase: `Active`, `Terminating`), AGE (`printNamespace`). */
export const namespacePrinter: ResourcePrinter<Namespace> = {
  columns: [
    { name: "Name", priority: 0 },
    { name: "Status", priority: 0 },
    { name: "Age", priority: 0 },
  ],
  row(ns, ctx) {
    return [
      ns.metadata?.name ?? "",
      ns.status?.phase ?? "",
      translateTimestampSince(ns.metadata?.creationTimestamp, ctx.nowMs),
    ];
  },
};
