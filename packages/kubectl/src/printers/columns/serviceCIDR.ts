import { translateTimestampSince } from "../age.js";
import type { ResourcePrinter } from "../table.js";

interface ServiceCIDR {
  metadata?: { name?: string; creationTimestamp?: string };
  spec?: { cidrs?: string[] };
}

/** `kubectl get servicecidrs`: NAME, CIDRS (comma-joined), AGE (K8s printers.go `printServiceCIDR`). */
export const serviceCIDRPrinter: ResourcePrinter<ServiceCIDR> = {
  columns: [
    { name: "Name", priority: 0 },
    { name: "CIDRs", priority: 0 },
    { name: "Age", priority: 0 },
  ],
  row(cidr, ctx) {
    return [
      cidr.metadata?.name ?? "",
      (cidr.spec?.cidrs ?? []).join(","),
      translateTimestampSince(cidr.metadata?.creationTimestamp, ctx.nowMs),
    ];
  },
};
