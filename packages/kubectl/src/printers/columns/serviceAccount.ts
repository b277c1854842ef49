import type { ServiceAccount } from "kubernetes-types/core/v1.js";
import { translateTimestampSince } from "../age.js";
import type { ResourcePrinter } from "../table.js";

/**
 * `kubectl get serviceaccounts`: NAME, SECRETS (length of `secrets`), AGE (`printServiceAccount`;
 * the SECRETS column is still there in K8s 1.34, and reads 0 since token Secrets stopped being
 * generated in 1.24).
 */
export const serviceAccountPrinter: ResourcePrinter<ServiceAccount> = {
  columns: [
    { name: "Name", priority: 0 },
    { name: "Secrets", priority: 0 },
    { name: "Age", priority: 0 },
  ],
  row(sa, ctx) {
    return [
      sa.metadata?.name ?? "",
      `${sa.secrets?.length ?? 0}`,
      translateTimestampSince(sa.metadata?.creationTimestamp, ctx.nowMs),
    ];
  },
};
