import type { NetworkPolicy } from "kubernetes-types/networking/v1.js";
import { translateTimestampSince } from "../age.js";
import type { ResourcePrinter } from "../table.js";
import { formatLabelSelector } from "./_internal/format.js";

/**
 * `kubectl get networkpolicies`: NAME, POD-SELECTOR (`<none>` for the empty selector that selects
 * every pod), AGE (`printNetworkPolicy`).
 */
export const networkPolicyPrinter: ResourcePrinter<NetworkPolicy> = {
  columns: [
    { name: "Name", priority: 0 },
    { name: "Pod-Selector", priority: 0 },
    { name: "Age", priority: 0 },
  ],
  row(np, ctx) {
    return [
      np.metadata?.name ?? "",
      formatLabelSelector(np.spec?.podSelector),
      translateTimestampSince(np.metadata?.creationTimestamp, ctx.nowMs),
    ];
  },
};
